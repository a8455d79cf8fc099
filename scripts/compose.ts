/**
 * `npm run compose`: composes the subgraphs and writes `schema/supergraph.graphql`, which the gateway boots
 * from. Fails (and writes nothing) on composition errors or hints not accepted in `schema/compose.ts`.
 */
import { writeFileSync } from "node:fs";
import { composeSupergraph } from "../schema/compose.ts";
import { SUPERGRAPH_FILE } from "../schema/subgraphs.ts";

const { supergraphSdl, errors, unacceptedHints } = composeSupergraph();
for (const error of errors) process.stderr.write(`composition error: ${error.message}\n`);
for (const hint of unacceptedHints) {
  process.stderr.write(`composition hint not accepted: ${hint.definition.code}: ${hint.message}\n`);
}
if (!supergraphSdl || errors.length > 0 || unacceptedHints.length > 0) process.exit(1);
writeFileSync(SUPERGRAPH_FILE, supergraphSdl.endsWith("\n") ? supergraphSdl : supergraphSdl + "\n");
process.stdout.write(`wrote ${SUPERGRAPH_FILE.pathname}\n`);

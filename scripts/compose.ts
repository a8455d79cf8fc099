/**
 * `npm run compose`: composes the subgraphs and writes `schema/supergraph.graphql`, which the gateway boots
 * from, and `schema/api.graphql`, the public API schema clients see. Fails (and writes nothing) on composition
 * errors, on hints not accepted in `schema/compose.ts`, and on a breaking change to the public API that
 * `schema/acknowledged-changes.json` does not acknowledge; acknowledged changes move from `pending` to `landed`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseCli, runCli } from "@tinkuy/kit";
import { composeSupergraph, formatApiSdl } from "../schema/compose.ts";
import {
  ACKNOWLEDGED_CHANGES_FILE,
  API_SCHEMA_FILE,
  checkSchema,
  explainSchemaCheck,
  readAcknowledgedChanges,
} from "../schema/schema-check.ts";
import { SUPERGRAPH_FILE } from "../schema/subgraphs.ts";

parseCli({
  usage: `usage: npm run compose
Composes the subgraphs' schema.graphql files into schema/supergraph.graphql (the gateway boots from it) and
schema/api.graphql (the public API), refusing composition errors, unaccepted hints and breaking changes that
schema/acknowledged-changes.json does not acknowledge. Takes no options.`,
});

const withNewline = (text: string) => (text.endsWith("\n") ? text : text + "\n");

await runCli(async () => {
  const { supergraphSdl, apiSdl, errors, unacceptedHints } = composeSupergraph();
  for (const error of errors) process.stderr.write(`composition error: ${error.message}\n`);
  for (const hint of unacceptedHints) {
    process.stderr.write(`composition hint not accepted: ${hint.definition.code}: ${hint.message}\n`);
  }
  if (!supergraphSdl || !apiSdl || errors.length > 0 || unacceptedHints.length > 0) process.exit(1);

  const acknowledged = readAcknowledgedChanges();
  // The first composition has no committed API schema to compare with: everything in it is new.
  const committed = existsSync(API_SCHEMA_FILE) ? readFileSync(API_SCHEMA_FILE, "utf8") : apiSdl;
  const check = checkSchema(committed, apiSdl, acknowledged.pending);
  if (!check.ok) {
    process.stderr.write(`${explainSchemaCheck(check)}\n`);
    process.exit(1);
  }
  for (const change of check.dangerous) {
    process.stdout.write(`note: a change clients may notice: ${change.type}: ${change.description}\n`);
  }

  writeFileSync(SUPERGRAPH_FILE, withNewline(supergraphSdl));
  process.stdout.write(`wrote ${SUPERGRAPH_FILE.pathname}\n`);
  writeFileSync(API_SCHEMA_FILE, await formatApiSdl(apiSdl));
  process.stdout.write(`wrote ${API_SCHEMA_FILE.pathname}\n`);
  if (acknowledged.pending.length > 0) {
    const today = new Date().toISOString().slice(0, 10);
    const next = {
      pending: [],
      landed: [...acknowledged.landed, ...acknowledged.pending.map((c) => ({ ...c, landed: today }))],
    };
    writeFileSync(ACKNOWLEDGED_CHANGES_FILE, JSON.stringify(next, null, 2) + "\n");
    process.stdout.write(`moved ${acknowledged.pending.length} acknowledged change(s) to landed\n`);
  }
});

/**
 * `npm run codegen [-- name …]`: generates each subgraph's resolver types from its SDL (graphql-codegen's
 * typescript and typescript-resolvers plugins, `federation: true`, mappers to the stored shapes), into
 * `subgraphs/<name>/src/generated/resolvers.ts`. The files are committed; a test fails when one is stale.
 */
import { writeFileSync } from "node:fs";
import { parseCli, runCli } from "@tinkuy/kit";
import { generateResolverTypes, GENERATED_TARGETS } from "../schema/codegen.ts";

const names = GENERATED_TARGETS.map((target) => target.name);
const cli = parseCli({
  usage: `usage: npm run codegen [-- PILLAR …]
  PILLAR   only these subgraphs (${names.join(", ")}); all of them by default
Writes each subgraph's resolver types, generated from its schema.graphql, to subgraphs/<pillar>/src/generated/.`,
  allowPositionals: true,
});
const only = cli.positionals;
const unknown = only.filter((name) => !names.includes(name));
if (unknown.length > 0) cli.usageError(`unknown subgraph: ${unknown.join(", ")}`);

await runCli(async () => {
  for (const target of GENERATED_TARGETS) {
    if (only.length > 0 && !only.includes(target.name)) continue;
    writeFileSync(target.output, await generateResolverTypes(target));
    process.stdout.write(`wrote ${target.output.pathname}\n`);
  }
});

/**
 * `npm run codegen [-- name …]`: generates each subgraph's resolver types from its SDL (graphql-codegen's
 * typescript and typescript-resolvers plugins, `federation: true`, mappers to the stored shapes), into
 * `subgraphs/<name>/src/generated/resolvers.ts`. The files are committed; a test fails when one is stale.
 */
import { writeFileSync } from "node:fs";
import { generateResolverTypes, GENERATED_TARGETS } from "../schema/codegen.ts";

const only = process.argv.slice(2);
for (const target of GENERATED_TARGETS) {
  if (only.length > 0 && !only.includes(target.name)) continue;
  writeFileSync(target.output, await generateResolverTypes(target));
  process.stdout.write(`wrote ${target.output.pathname}\n`);
}

import { readFileSync } from "node:fs";
import { parse, type DocumentNode } from "graphql";

/**
 * Reads a subgraph's SDL relative to the module asking (pass `import.meta.url`), never relative to the
 * working directory, so a subgraph starts the same from any folder.
 */
export function readSchema(moduleUrl: string, relativePath = "../schema.graphql"): DocumentNode {
  return parse(readFileSync(new URL(relativePath, moduleUrl), "utf8"));
}

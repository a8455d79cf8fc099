import { readFileSync } from "node:fs";

/** The committed supergraph, read relative to this module (never to the working directory). */
export function readSupergraph(): string {
  return readFileSync(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8");
}

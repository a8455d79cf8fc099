import { readFileSync } from "node:fs";
import { parse, type DocumentNode } from "graphql";
import { ACCESS_DIRECTIVES_SDL } from "./access/directives.ts";
import { PROVENANCE_SDL } from "./provenance/provenance.ts";

/** What every pillar's schema shares about places, periods and pages (`common.graphql`). */
export const COMMON_SDL = readFileSync(new URL("./common.graphql", import.meta.url), "utf8");

/**
 * A subgraph's SDL with the kit's definitions appended: `@access` and `@ruc` (Tinkuy's, not Federation's), the
 * provenance model every pillar shares (`Provenance`, `ProvenanceKind`, `SourceShare`), and the vocabulary of
 * places, periods and pages (`Date`, `DateTime`, `PeriodInput`, `Granularity`, `RegionLevel`, `Capital`,
 * `PageInfo`), so each schema file uses them without repeating them and all pillars declare them alike.
 * Composition, codegen and the servers all read SDL through this.
 */
export function subgraphSdl(file: URL): string {
  return withAccessDirectives(`${readFileSync(file, "utf8")}\n${COMMON_SDL}\n${PROVENANCE_SDL}`);
}

/** SDL text with the definitions of `@access` and `@ruc` appended. */
export function withAccessDirectives(sdl: string): string {
  return `${sdl}\n${ACCESS_DIRECTIVES_SDL}`;
}

/**
 * Reads a subgraph's SDL relative to the module asking (pass `import.meta.url`), never relative to the
 * working directory, so a subgraph starts the same from any folder.
 */
export function readSchema(moduleUrl: string, relativePath = "../schema.graphql"): DocumentNode {
  return parse(subgraphSdl(new URL(relativePath, moduleUrl)));
}

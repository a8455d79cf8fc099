import { readFileSync } from "node:fs";

/** The SDL of `@access` and `@ruc`, which every subgraph's schema is read with (see `withAccessDirectives`). */
export const ACCESS_DIRECTIVES_SDL = readFileSync(new URL("./access.graphql", import.meta.url), "utf8");

import { regionCatalog, type Viewer } from "../../packages/kit/src/index.ts";

// Only formalization serves `Query.region` and `Query.regions`; the other pillars answer for a Region as an
// entity, the way the gateway asks them. These helpers let their tests ask for Region entities and read the
// answer as the root fields gave it.

type Path = readonly (string | number)[];

/** A GraphQL response as the subgraph tests read it. */
export interface RegionResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: Path }[];
}

/** A harness's `run`: one operation as one request, as `viewer`. */
export type Run = (
  query: string,
  variables?: Record<string, unknown>,
  viewer?: Viewer,
) => Promise<RegionResult>;

/**
 * Which regions to ask for, and where the answer puts them: one code is read as `data.region`, a list as
 * `data.regions` (in the list's order), and aliases to codes as `data[alias]`. Errors' paths are moved the same
 * way (`_entities.0.x` becomes `region.x`, `regions.0.x` or `alias.x`).
 */
export type RegionTargets = string | readonly string[] | Readonly<Record<string, string>>;

/** Variables of the selection: their definitions (`$period: PeriodInput`) and values. */
export interface RegionQueryOptions {
  variableDefinitions?: string;
  variables?: Record<string, unknown>;
  viewer?: Viewer;
}

/** The UBIGEO codes of the 25 departments, in code order: what `regions` gives without arguments. */
export function departments(): string[] {
  return regionCatalog()
    .list({ level: "DEPARTMENT" })
    .map(({ ubigeo }) => ubigeo);
}

/** The `_entities` field asking for the Region entities of `ubigeos`, with `selection` on each. */
export function regionEntities(ubigeos: string | readonly string[], selection: string): string {
  const representations = (typeof ubigeos === "string" ? [ubigeos] : ubigeos)
    .map((ubigeo) => `{ __typename: "Region", ubigeo: ${JSON.stringify(ubigeo)} }`)
    .join(", ");
  return `_entities(representations: [${representations}]) { ... on Region { ${selection} } }`;
}

/** Asks the subgraph behind `run` for the Region entities of `targets`, and answers in the shape `targets` says. */
export async function queryRegions(
  run: Run,
  targets: RegionTargets,
  selection: string,
  options: RegionQueryOptions = {},
): Promise<RegionResult> {
  const { ubigeos, data, path } = placement(targets);
  const definitions = options.variableDefinitions ? `(${options.variableDefinitions})` : "";
  const query = `query${definitions} { ${regionEntities(ubigeos, selection)} }`;
  const result = await run(query, options.variables, options.viewer);
  const entities = result.data?.["_entities"] as unknown[] | null | undefined;
  const errors = result.errors?.map((error) => {
    const [root, index, ...rest] = error.path ?? [];
    return root === "_entities" && typeof index === "number"
      ? { ...error, path: [...path(index), ...rest] }
      : error;
  });
  return { ...result, ...(entities && { data: data(entities) }), ...(errors && { errors }) };
}

/** Where the answer puts each target: the codes asked for, the data as the root fields gave it, error paths. */
interface Placement {
  ubigeos: readonly string[];
  data(entities: readonly unknown[]): Record<string, unknown>;
  path(index: number): Path;
}

function placement(targets: RegionTargets): Placement {
  if (typeof targets === "string")
    return {
      ubigeos: [targets],
      data: (entities) => ({ region: entities[0] ?? null }),
      path: () => ["region"],
    };
  if (isList(targets))
    return { ubigeos: targets, data: (entities) => ({ regions: entities }), path: (i) => ["regions", i] };
  const aliases = Object.keys(targets);
  return {
    ubigeos: Object.values(targets),
    data: (entities) => Object.fromEntries(aliases.map((alias, i) => [alias, entities[i] ?? null])),
    path: (i) => [aliases[i] ?? i],
  };
}

function isList(targets: RegionTargets): targets is readonly string[] {
  return Array.isArray(targets);
}

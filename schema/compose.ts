import { fileURLToPath } from "node:url";
import { composeServices } from "@apollo/composition";
import type { CompositionHint } from "@apollo/composition/dist/hints.js";
import { parse, printSchema, type GraphQLError } from "graphql";
import { format, resolveConfig } from "prettier";
import { API_SCHEMA_FILE } from "./schema-check.ts";
import { SUBGRAPHS } from "./subgraphs.ts";
import { subgraphSdl } from "../packages/kit/src/schema.ts";

/**
 * Composition hints we have read and accept, each with the reason. Any other hint fails the composition test,
 * so a new hint is looked at before it lands.
 */
export const ACCEPTED_HINTS: readonly { code: string; reason: string }[] = [];

/** The outcome of composing the subgraphs' SDL files. */
export interface Composition {
  supergraphSdl: string | undefined;
  /**
   * The API schema as clients see it (what introspection answers and what codegen reads): no `join__` or
   * `link__` machinery, no `@inaccessible` element. Undefined when composition failed.
   */
  apiSdl: string | undefined;
  errors: readonly GraphQLError[];
  hints: readonly CompositionHint[];
  unacceptedHints: readonly CompositionHint[];
}

/** Composes every subgraph's `schema.graphql` with `@apollo/composition` (Federation 2). */
export function composeSupergraph(): Composition {
  const result = composeServices(
    SUBGRAPHS.map((subgraph) => ({
      name: subgraph.name,
      url: subgraph.url,
      typeDefs: parse(subgraphSdl(subgraph.schema)),
    })),
  );
  const hints = result.hints ?? [];
  const unacceptedHints = hints.filter(
    (hint) => !ACCEPTED_HINTS.some((a) => a.code === hint.definition.code),
  );
  if (result.errors) {
    return { supergraphSdl: undefined, apiSdl: undefined, errors: result.errors, hints, unacceptedHints };
  }
  const apiSdl = printSchema(result.schema.toAPISchema().toGraphQLJSSchema());
  return { supergraphSdl: result.supergraphSdl, apiSdl, errors: [], hints, unacceptedHints };
}

/** The API schema as committed in `schema/api.graphql`: printed by graphql-js, formatted by the project's Prettier. */
export async function formatApiSdl(apiSdl: string): Promise<string> {
  const options = await resolveConfig(fileURLToPath(API_SCHEMA_FILE));
  return format(apiSdl, { ...options, filepath: fileURLToPath(API_SCHEMA_FILE) });
}

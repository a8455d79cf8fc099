import {
  createSubgraphApollo,
  readSchema,
  type AccessRule,
  type HubKeys,
  type Identity,
  type Logger,
} from "@tinkuy/kit";
import type { ApolloServer } from "@apollo/server";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import type { Connection } from "mongoose";
import type { EradicationContext } from "./context.ts";
import { createLoaders } from "./loaders.ts";
import { createModels, type Models } from "./models.ts";
import { resolvers } from "./resolvers/index.ts";

/** The subgraph's name in the supergraph. */
export const SUBGRAPH_NAME = "eradication";

/** The subgraph's SDL, read relative to this module. */
export const typeDefs = readSchema(import.meta.url);

/** A built (not started) eradication subgraph and the context factory its HTTP layer uses. */
export interface EradicationServer {
  apollo: ApolloServer<EradicationContext>;
  models: Models;
  /** The `@access` rule of every field, by `Type.field`. */
  rules: ReadonlyMap<string, AccessRule>;
  context: (identity: Identity) => Promise<EradicationContext>;
}

/**
 * Builds the subgraph on a connection to its own database. No `funders` or `subjects` hooks: no field here is
 * `FUNDED` or masked as a holder's name (the one masked field, `Operator.ruc`, masks by the RUC itself).
 */
export function createServer(connection: Connection, logger: Logger, keys: HubKeys): EradicationServer {
  const models = createModels(connection);
  const { apollo, rules } = createSubgraphApollo<EradicationContext>(
    {
      name: SUBGRAPH_NAME,
      typeDefs,
      resolvers: resolvers as unknown as GraphQLResolverMap<EradicationContext>,
    },
    { connection, keys, logger },
  );
  return {
    apollo,
    models,
    rules,
    context: ({ viewer, requestId }) =>
      Promise.resolve({
        viewer,
        requestId,
        models,
        loaders: createLoaders(models),
        actor: { id: viewer.id },
      }),
  };
}

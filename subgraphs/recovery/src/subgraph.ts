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
import type { RecoveryContext } from "./context.ts";
import { createLoaders } from "./loaders.ts";
import { createModels, type Models } from "./models.ts";
import { liabilityNameSubject } from "./resolvers/liability.ts";
import { resolvers } from "./resolvers/index.ts";

/** The subgraph's name in the supergraph. */
export const SUBGRAPH_NAME = "recovery";

/** The subgraph's SDL, read relative to this module. */
export const typeDefs = readSchema(import.meta.url);

/** A built (not started) recovery subgraph and the context factory its HTTP layer uses. */
export interface RecoveryServer {
  apollo: ApolloServer<RecoveryContext>;
  models: Models;
  /** The `@access` rule of every field, by `Type.field`. */
  rules: ReadonlyMap<string, AccessRule>;
  context: (identity: Identity) => Promise<RecoveryContext>;
}

/** Builds the subgraph on a connection to its own database. */
export function createServer(connection: Connection, logger: Logger, keys: HubKeys): RecoveryServer {
  const models = createModels(connection);
  const { apollo, rules } = createSubgraphApollo<RecoveryContext>(
    {
      name: SUBGRAPH_NAME,
      typeDefs,
      resolvers: resolvers as unknown as GraphQLResolverMap<RecoveryContext>,
      // The names on a liability are personal data unless they are a company's (by the responsible's RUC).
      subjects: { MiningLiability: liabilityNameSubject },
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

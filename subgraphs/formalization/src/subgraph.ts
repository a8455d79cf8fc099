import { createSubgraphApollo, readSchema, type HubKeys, type Identity, type Logger } from "@tinkuy/kit";
import type { AccessRule } from "@tinkuy/kit";
import type { ApolloServer } from "@apollo/server";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import type { Connection } from "mongoose";
import type { FormalizationContext } from "./context.ts";
import { createLoaders } from "./loaders.ts";
import { createModels, type Models, type RecordDoc } from "./models.ts";
import type { OperatorRef } from "./resolvers/operator.ts";
import { resolvers } from "./resolvers/index.ts";

/** The subgraph's name in the supergraph. */
export const SUBGRAPH_NAME = "formalization";

/** The subgraph's SDL, read relative to this module. */
export const typeDefs = readSchema(import.meta.url);

/** A built (not started) formalization subgraph and the context factory its HTTP layer uses. */
export interface FormalizationServer {
  apollo: ApolloServer<FormalizationContext>;
  models: Models;
  /** The `@access` rule of every field, by `Type.field`. */
  rules: ReadonlyMap<string, AccessRule>;
  context: (identity: Identity) => Promise<FormalizationContext>;
}

/** Builds the subgraph on a connection to its own database. */
export function createServer(connection: Connection, logger: Logger, keys: HubKeys): FormalizationServer {
  const models = createModels(connection);
  const { apollo, rules } = createSubgraphApollo<FormalizationContext>(
    {
      name: SUBGRAPH_NAME,
      typeDefs,
      resolvers: resolvers as unknown as GraphQLResolverMap<FormalizationContext>,
      // A holder's name is public only when the holder is a company (RUC 20); 10, 15 and 17 are persons'.
      subjects: {
        ReinfoRecord: (record: RecordDoc) => record.M_RUC,
        Operator: (operator: OperatorRef) => operator.ruc,
      },
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

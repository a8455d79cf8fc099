import type { IncomingMessage } from "node:http";
import { createSubgraphApollo, readSchema, type Logger } from "@tinkuy/kit";
import type { ApolloServer } from "@apollo/server";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import type { Connection } from "mongoose";
import type { LivelihoodsContext } from "./context.ts";
import { createLoaders } from "./loaders.ts";
import { createModels, type Models } from "./models.ts";
import { resolvers } from "./resolvers/index.ts";

/** The subgraph's name in the supergraph. */
export const SUBGRAPH_NAME = "livelihoods";

/** The subgraph's SDL, read relative to this module. */
export const typeDefs = readSchema(import.meta.url);

/** A built (not started) livelihoods subgraph and the context factory its HTTP layer uses. */
export interface LivelihoodsServer {
  apollo: ApolloServer<LivelihoodsContext>;
  models: Models;
  context: (request: IncomingMessage) => Promise<LivelihoodsContext>;
}

/** Builds the subgraph on a connection to its own database. */
export function createServer(connection: Connection, logger: Logger): LivelihoodsServer {
  const models = createModels(connection);
  const apollo = createSubgraphApollo<LivelihoodsContext>(
    {
      name: SUBGRAPH_NAME,
      typeDefs,
      resolvers: resolvers as unknown as GraphQLResolverMap<LivelihoodsContext>,
    },
    logger,
  );
  return {
    apollo,
    models,
    context: () =>
      Promise.resolve({
        models,
        loaders: createLoaders(models),
        // Identity arrives with the gateway's signed viewer header (trust issue); until then writes are anonymous.
        actor: { id: "anonymous" },
      }),
  };
}

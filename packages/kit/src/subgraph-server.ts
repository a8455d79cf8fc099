import { ApolloServer, type BaseContext } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import type { DocumentNode } from "graphql";
import type { Logger } from "pino";
import { graphqlRequestHandler, listen, type ContextFactory, type HttpListener } from "./http.ts";

/** What a subgraph is: its SDL and resolvers. */
export interface SubgraphDefinition<C extends BaseContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<C>;
}

/** Builds (does not start) the Apollo Server of a subgraph. */
export function createSubgraphApollo<C extends BaseContext>(
  definition: SubgraphDefinition<C>,
  logger: Logger,
): ApolloServer<C> {
  return new ApolloServer<C>({
    schema: buildSubgraphSchema([{ typeDefs: definition.typeDefs, resolvers: definition.resolvers }]),
    logger,
    // Inline tracing (ftv1) costs time on every request and only serves Apollo's hosted reporting.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    includeStacktraceInErrorResponses: false,
    // The process owns its signals: it drains HTTP first, then stops Apollo, then closes the database.
    stopOnTerminationSignals: false,
  });
}

/** Starts a subgraph's Apollo Server and serves it over HTTP; `stop()` drains and closes both. */
export async function startSubgraph<C extends BaseContext>(options: {
  apollo: ApolloServer<C>;
  context: ContextFactory<C>;
  port: number;
  host?: string;
  logger: Logger;
}): Promise<HttpListener> {
  await options.apollo.start();
  const listener = await listen(
    graphqlRequestHandler(options.apollo, options.context, options.logger),
    options.port,
    options.host,
  );
  return {
    ...listener,
    stop: async () => {
      await listener.stop();
      await options.apollo.stop();
    },
  };
}

import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import type { Logger } from "pino";

/** What the gateway needs to be built. */
export interface GatewayOptions {
  /** The composed supergraph SDL (the committed `schema/supergraph.graphql`). */
  supergraphSdl: string;
  /** Per-subgraph URL overrides, by subgraph name; otherwise the URL recorded in the supergraph. */
  subgraphUrls?: Readonly<Record<string, string | undefined>>;
  logger: Logger;
}

/**
 * Builds (does not start) the Apollo Gateway over the static supergraph: no polling, no managed federation,
 * so a deployment serves exactly the schema that was composed and tested.
 */
export function createGateway(options: GatewayOptions): ApolloServer {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger: options.logger,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls?.[name] ?? url;
      if (!target) throw new Error(`the supergraph has no URL for subgraph ${name}`);
      return new RemoteGraphQLDataSource({ url: target });
    },
  });
  return new ApolloServer({
    gateway,
    logger: options.logger,
    includeStacktraceInErrorResponses: false,
    // The process owns its signals: it drains HTTP first, then stops Apollo (see index.ts).
    stopOnTerminationSignals: false,
  });
}

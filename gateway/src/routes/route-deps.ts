import type { ApolloServer } from "@apollo/server";
import type { HubKeys, Identity } from "@tinkuy/kit";
import type { Logger } from "pino";
import type { GatewayContext } from "../context.ts";

/** What the gateway's HTTP routes besides `/graphql` may use. */
export interface RouteDeps {
  /** The gateway's Apollo server: a route that needs data runs an operation through it, so rules apply. */
  apollo: ApolloServer<GatewayContext>;
  /** The GraphQL context of an authenticated request, exactly as `/graphql` builds it. */
  context(identity: Identity): Promise<GatewayContext>;
  keys: HubKeys;
  logger: Logger;
  production: boolean;
  /** Each subgraph's URL by name (filled in once the gateway has loaded the supergraph). */
  subgraphUrls: Readonly<Record<string, string>>;
}

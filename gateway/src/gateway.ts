import type { IncomingMessage, ServerResponse } from "node:http";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import {
  errorReportingPlugin,
  formatClientError,
  graphqlRequestHandler,
  type HubKeys,
  type Identity,
} from "@tinkuy/kit";
import type { Logger } from "pino";
import { createAuthenticator, type AuthConfig } from "./auth.ts";
import type { GatewayContext } from "./context.ts";
import { armor, LIMITS } from "./limits.ts";
import {
  createResponseCache,
  RESPONSE_CACHE_DEFAULTS,
  type ResponseCache,
  type ResponseCacheOptions,
} from "./response-cache.ts";
import { gatewayOperations } from "../operations/gateway-operations.ts";
import { gatewayRoutes } from "./routes/index.ts";
import { redirectBrowsersToGraphiql } from "./routes/redirect-browsers-to-graphiql.ts";
import { safelist, withOperations, type PersistedOperationsConfig } from "./safelist.ts";
import { PillarDataSource, subgraphReadiness, unavailablePillarPlugin } from "./subgraphs.ts";

/** What the gateway needs to be built. */
export interface GatewayOptions {
  /** The composed supergraph SDL (the committed `schema/supergraph.graphql`). */
  supergraphSdl: string;
  /** Per-subgraph URL overrides, by subgraph name; otherwise the URL recorded in the supergraph. */
  subgraphUrls?: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  keys: HubKeys;
  auth: AuthConfig;
  /** Production hides schema details, introspection and the landing page. */
  production: boolean;
  /** Abort a subgraph fetch after this long. */
  subgraphTimeoutMs: number;
  /** The response cache for queries; off when omitted (`gatewayEnv` turns it on unless `RESPONSE_CACHE=off`). */
  responseCache?: ResponseCacheOptions;
  /** The persisted-operations safelist; off when omitted (see safelist.ts and `PERSISTED_OPERATIONS`). */
  persistedOperations?: PersistedOperationsConfig;
}

/** A built (not started) gateway and the HTTP handler that serves it. */
export interface Gateway {
  apollo: ApolloServer<GatewayContext>;
  handler: (request: IncomingMessage, response: ServerResponse) => void;
  responseCache: ResponseCache;
}

/**
 * Builds (does not start) the Apollo Gateway over the static supergraph — no polling, no managed federation, so
 * a deployment serves exactly the schema that was composed and tested — with token verification, the viewer
 * signed to every subgraph, limits on every operation, partial answers when a pillar is down, errors reduced to
 * the client allow-list, and (when enabled) a response cache with in-flight de-duplication for queries.
 */
export function createGateway(options: GatewayOptions): Gateway {
  const urls: Record<string, string> = {};
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger: options.logger,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls?.[name] ?? url;
      if (!target) throw new Error(`the supergraph has no URL for subgraph ${name}`);
      urls[name] = target;
      return new PillarDataSource({
        pillar: name,
        url: target,
        timeoutMs: options.subgraphTimeoutMs,
        logger: options.logger,
      });
    },
  });
  const limits = armor(options.production);
  const responseCache = createResponseCache({
    ...(options.responseCache ?? { ...RESPONSE_CACHE_DEFAULTS, enabled: false }),
    // A request waiting for an identical one gives up (and executes itself) after one subgraph timeout.
    waitMs: options.subgraphTimeoutMs,
  });
  // The gateway's own pages run operations too (the dashboard from the browser, the indicators CSV through
  // executeOperation): their texts are registered with whatever a manifest holds, and pass the safelist like any.
  const persisted = safelist(
    withOperations(options.persistedOperations ?? { mode: "off", manifest: new Map() }, gatewayOperations()),
    options.logger,
  );
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger: options.logger,
    plugins: [
      // First, so that its willSendResponse settles waiting requests even if a later plugin's throws.
      responseCache.plugin,
      ...(limits.plugins as never[]),
      unavailablePillarPlugin(),
      errorReportingPlugin<GatewayContext>(options.logger),
      ...persisted.plugins,
      // Apollo's landing page loads Sandbox from the internet: never. Development has GraphiQL at /graphiql.
      ApolloServerPluginLandingPageDisabled(),
    ],
    ...(persisted.persistedQueries ? { persistedQueries: persisted.persistedQueries } : {}),
    validationRules: limits.validationRules,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    formatError: formatClientError,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: options.production,
    introspection: !options.production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // The process owns its signals: it drains HTTP first, then stops Apollo (see index.ts).
    stopOnTerminationSignals: false,
  });
  const authenticate = createAuthenticator(options.auth);
  const context = async (identity: Identity): Promise<GatewayContext> => ({
    ...identity,
    signedViewer: await options.keys.signer.sign(identity.viewer),
  });
  const handler = graphqlRequestHandler<GatewayContext>({
    apollo,
    logger: options.logger,
    authenticate,
    context,
    readiness: subgraphReadiness(urls),
    routes: gatewayRoutes({
      apollo,
      context,
      keys: options.keys,
      logger: options.logger,
      production: options.production,
      subgraphUrls: urls,
    }),
    // A stored answer is written before Apollo's request pipeline: it was stored by a request with the same
    // text, variables and access profile that went through every step (limits, validation, execution).
    shortcut: (body, headers, identity) => responseCache.shortcut(body, headers, identity.viewer),
  });
  return { apollo, handler: redirectBrowsersToGraphiql(handler, options.production), responseCache };
}

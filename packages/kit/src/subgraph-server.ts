import type { IncomingMessage } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import type { DocumentNode } from "graphql";
import type { Connection } from "mongoose";
import type { Logger } from "pino";
import { applyAccessRules } from "./access/apply.ts";
import type { AccessRule } from "./access/decide.ts";
import type { AccessOptions } from "./access/options.ts";
import { errorReportingPlugin, formatClientError } from "./apollo-errors.ts";
import { AuditLog } from "./audit.ts";
import type { HubKeys } from "./hub-keys.ts";
import {
  graphqlRequestHandler,
  listen,
  Unauthenticated,
  type HttpListener,
  type Identity,
  type RouteHandler,
} from "./http.ts";
import { InvalidViewerHeader, VIEWER_HEADER } from "./viewer-header.ts";
import type { Pillar, ViewerContext } from "./viewer.ts";

/** What a subgraph is: its pillar, SDL, resolvers, and the hooks its access rules need. */
export interface SubgraphDefinition<C extends ViewerContext> {
  name: Pillar;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<C>;
  funders?: AccessOptions["funders"];
  subjects?: AccessOptions["subjects"];
}

/** A built subgraph server: Apollo, the access rules it enforces (by `Type.field`), its audit log. */
export interface SubgraphApollo<C extends ViewerContext> {
  apollo: ApolloServer<C>;
  rules: ReadonlyMap<string, AccessRule>;
  audit: AuditLog;
}

/**
 * Builds (does not start) the Apollo Server of a subgraph with its `@access` rules enforced, mutations
 * audited in its own database, and errors reduced to the client allow-list.
 */
export function createSubgraphApollo<C extends ViewerContext>(
  definition: SubgraphDefinition<C>,
  options: { connection: Connection; keys: HubKeys; logger: Logger },
): SubgraphApollo<C> {
  const schema = buildSubgraphSchema([{ typeDefs: definition.typeDefs, resolvers: definition.resolvers }]);
  const audit = new AuditLog(options.connection, options.logger, options.keys.auditKey);
  const rules = applyAccessRules(schema, {
    pillar: definition.name,
    pseudonyms: options.keys.pseudonyms,
    audit,
    ...(definition.funders ? { funders: definition.funders } : {}),
    ...(definition.subjects ? { subjects: definition.subjects } : {}),
  });
  const apollo = new ApolloServer<C>({
    schema,
    logger: options.logger,
    // Inline tracing (ftv1) costs time on every request and only serves Apollo's hosted reporting.
    plugins: [ApolloServerPluginInlineTraceDisabled(), errorReportingPlugin<C>(options.logger)],
    formatError: formatClientError,
    includeStacktraceInErrorResponses: false,
    // Only the gateway (holding the shared secret) reaches a subgraph, and it never introspects.
    introspection: false,
    // The process owns its signals: it drains HTTP first, then stops Apollo, then closes the database.
    stopOnTerminationSignals: false,
  });
  return { apollo, rules, audit };
}

/** Starts a subgraph's Apollo Server behind the viewer-signature check; `stop()` drains and closes both. */
export async function startSubgraph<C extends ViewerContext>(options: {
  apollo: ApolloServer<C>;
  context: (identity: Identity) => Promise<C>;
  keys: HubKeys;
  connection: Connection;
  port: number;
  host?: string;
  logger: Logger;
  /** Extra paths the subgraph serves besides `/graphql` (e.g. an export), behind the same signature check. */
  routes?: Readonly<Record<string, RouteHandler>> | undefined;
}): Promise<HttpListener> {
  await options.apollo.start();
  const listener = await listen(
    graphqlRequestHandler<C>({
      apollo: options.apollo,
      logger: options.logger,
      authenticate: subgraphAuthenticator(options.keys),
      context: (identity) => options.context(identity),
      ...(options.routes ? { routes: options.routes } : {}),
      readiness: () => {
        const ready = options.connection.readyState === 1;
        return Promise.resolve({ ready, body: { status: ready ? "ready" : "database unavailable" } });
      },
    }),
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

/** A subgraph answers only the gateway: the viewer header must carry a valid, unexpired signature (else 401). */
export function subgraphAuthenticator(
  keys: HubKeys,
): (request: IncomingMessage, requestId: string) => Promise<Identity> {
  return async (request, requestId) => {
    const header = request.headers[VIEWER_HEADER];
    try {
      return { viewer: await keys.signer.verify(typeof header === "string" ? header : undefined), requestId };
    } catch (error) {
      if (error instanceof InvalidViewerHeader) throw new Unauthenticated(error.message);
      throw error;
    }
  };
}

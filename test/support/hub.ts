import { createServer as createTcpServer, type Server, type Socket } from "node:net";
import { pino } from "pino";
import {
  graphqlRequestHandler,
  listen,
  startSubgraph,
  subgraphAuthenticator,
  type HttpListener,
  type Viewer,
} from "../../packages/kit/src/index.ts";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { signDevelopmentToken } from "../../gateway/src/dev-token.ts";
import { DEVELOPMENT_TOKEN_SECRET } from "../../gateway/src/env.ts";
import { createGateway, type Gateway } from "../../gateway/src/gateway.ts";
import { RESPONSE_CACHE_DEFAULTS, type ResponseCacheOptions } from "../../gateway/src/response-cache.ts";
import { readSupergraph } from "../../gateway/src/supergraph.ts";
import { openPillars, seedPillars, type OpenPillar } from "../../scripts/pillars.ts";
import { TEST_KEYS } from "./viewers.ts";

/** The whole hub in this process: every pillar of the list seeded on its own port, and the real gateway over HTTP. */
export interface Hub {
  mongo: EmbeddedMongo;
  pillars: OpenPillar[];
  gateway: Gateway;
  gatewayUrl: string;
  /** Each subgraph's `/graphql` URL, by pillar. */
  subgraphUrls: Record<string, string>;
  /** Stops one subgraph's HTTP server (its port is refused until `restartSubgraph`). */
  stopSubgraph(name: string): Promise<void>;
  /** Serves the subgraph again on the same port. */
  restartSubgraph(name: string): Promise<void>;
  /**
   * Replaces a stopped subgraph by a server that accepts connections and never answers; `connected` resolves
   * once the gateway has opened a connection to it (a request is in flight), `release` closes it.
   */
  hangSubgraph(name: string): Promise<{ connected: Promise<void>; release: () => Promise<void> }>;
  stop(): Promise<void>;
}

const logger = pino({ level: "silent" });

/** A bearer token for `viewer`, signed as `npm run token` signs them (HS256, the development secret). */
export function tokenFor(
  viewer: Viewer,
  options: { expiresIn?: string; secret?: string } = {},
): Promise<string> {
  return signDevelopmentToken(viewer, {
    issuer: "tinkuy-dev",
    audience: "tinkuy",
    secret: options.secret ?? DEVELOPMENT_TOKEN_SECRET,
    expiresIn: options.expiresIn ?? "10m",
  });
}

/**
 * Starts the hub on a fresh embedded server, seeded at `scale`. The gateway's response cache is off unless
 * `responseCache` turns it on: a suite may send the same query twice around a change the gateway does not see
 * (a pillar stopped, in test/gateway/outage.e2e.ts) and mean both to execute.
 */
export async function startHub(
  options: {
    scale?: number;
    subgraphTimeoutMs?: number;
    production?: boolean;
    responseCache?: Partial<ResponseCacheOptions>;
  } = {},
): Promise<Hub> {
  const mongo = await startEmbeddedMongo();
  const pillars = await openPillars({ uri: mongo.uri }, logger, TEST_KEYS);
  await seedPillars(pillars, { scale: options.scale ?? 0.05 });
  const subgraphs = new Map<string, HttpListener>();
  const ports = new Map<string, number>();
  for (const pillar of pillars) {
    const listener = await startSubgraph({
      apollo: pillar.server.apollo,
      context: (identity) => pillar.server.context(identity),
      keys: TEST_KEYS,
      connection: pillar.connection,
      port: 0,
      host: "127.0.0.1",
      logger,
      routes: pillar.routes,
    });
    subgraphs.set(pillar.name, listener);
    ports.set(pillar.name, listener.port);
  }
  const subgraphUrls = Object.fromEntries(
    pillars.map((p) => [p.name, `http://127.0.0.1:${ports.get(p.name)}/graphql`]),
  );
  const gateway = createGateway({
    supergraphSdl: readSupergraph(),
    subgraphUrls,
    logger,
    keys: TEST_KEYS,
    auth: { issuer: "tinkuy-dev", audience: "tinkuy", hs256Secret: DEVELOPMENT_TOKEN_SECRET },
    production: options.production ?? false,
    subgraphTimeoutMs: options.subgraphTimeoutMs ?? 10_000,
    responseCache: { ...RESPONSE_CACHE_DEFAULTS, enabled: false, ...options.responseCache },
  });
  await gateway.apollo.start();
  const http = await listen(gateway.handler, 0, "127.0.0.1");
  const pillarNamed = (name: string) => {
    const pillar = pillars.find((p) => p.name === name);
    if (!pillar) throw new Error(`no pillar ${name}`);
    return pillar;
  };
  const hung = new Map<string, { server: Server; sockets: Set<Socket> }>();
  return {
    mongo,
    pillars,
    gateway,
    gatewayUrl: `http://127.0.0.1:${http.port}/graphql`,
    subgraphUrls,
    async stopSubgraph(name) {
      // Stop listening without stopping Apollo, so the same server can listen again.
      const listener = subgraphs.get(name);
      subgraphs.delete(name);
      if (listener) {
        listener.server.closeAllConnections();
        await new Promise<void>((resolve) => listener.server.close(() => resolve()));
      }
    },
    async restartSubgraph(name) {
      const pillar = pillarNamed(name);
      const handler = graphqlRequestHandler({
        apollo: pillar.server.apollo,
        logger,
        authenticate: subgraphAuthenticator(TEST_KEYS),
        context: (identity) => pillar.server.context(identity),
        ...(pillar.routes ? { routes: pillar.routes } : {}),
      });
      subgraphs.set(name, await listen(handler, ports.get(name) ?? 0, "127.0.0.1"));
    },
    async hangSubgraph(name) {
      const sockets = new Set<Socket>();
      let onConnection: () => void = () => undefined;
      const connected = new Promise<void>((resolve) => (onConnection = resolve));
      const server = createTcpServer((socket) => {
        onConnection();
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        socket.resume();
      });
      await new Promise<void>((resolve) => server.listen(ports.get(name), "127.0.0.1", resolve));
      hung.set(name, { server, sockets });
      return {
        connected,
        release: async () => {
          for (const socket of sockets) socket.destroy();
          await new Promise<void>((resolve) => server.close(() => resolve()));
          hung.delete(name);
        },
      };
    },
    async stop() {
      await http.stop();
      await gateway.apollo.stop();
      for (const { server, sockets } of hung.values()) {
        for (const socket of sockets) socket.destroy();
        server.close();
      }
      for (const listener of subgraphs.values()) await listener.stop();
      for (const pillar of pillars) await pillar.connection.close();
      await mongo.stop();
    },
  };
}

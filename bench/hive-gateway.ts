/**
 * Hive Gateway, the peer a user would pick instead of ours, as a bench process: `createGatewayRuntime` over the
 * same committed supergraph (its subgraph URLs pointed at the bench's), served by `node:http`. It does the trust
 * work ours does on every request — verifies the bearer JWT with `jose` (our `createAuthenticator`, same secret,
 * issuer and audience), signs the viewer for the subgraphs and sends it with the request id — and holds
 * operations to the same depth, alias, directive, cost and token limits (graphql-armor's envelop plugins).
 * Logging is off.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import { EnvelopArmor } from "@escape.tech/graphql-armor";
import { createGatewayRuntime, type GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { buildHTTPExecutor } from "@graphql-tools/executor-http";
import {
  DEVELOPMENT_HUB_SECRET,
  hubKeys,
  parseEnv,
  portVar,
  subgraphUrlVariable,
  Unauthenticated,
  VIEWER_HEADER,
} from "@tinkuy/kit";
import { z } from "zod";
import { createAuthenticator } from "../gateway/src/auth.ts";
import { DEVELOPMENT_TOKEN_SECRET } from "../gateway/src/env.ts";
import { LIMITS } from "../gateway/src/limits.ts";
import { readSupergraph } from "../gateway/src/supergraph.ts";
import { PILLARS } from "../subgraphs/index.ts";

// `SUBGRAPH_<NAME>_URL` for every pillar of the list, as the bench gives them to our gateway (bench/targets.ts).
const env = parseEnv(
  z.object({
    PORT: portVar(4720),
    ...Object.fromEntries(PILLARS.map((pillar) => [subgraphUrlVariable(pillar), z.url()])),
  }),
);
const urls: Record<string, string> = Object.fromEntries(
  PILLARS.map((pillar) => [
    pillar.name,
    String((env as Record<string, unknown>)[subgraphUrlVariable(pillar)]),
  ]),
);
const supergraph = readSupergraph().replace(
  /@join__graph\(name: "(\w+)", url: "[^"]*"\)/g,
  (line, name: string) => (urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : line),
);

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;
const keys = hubKeys(DEVELOPMENT_HUB_SECRET);
const authenticate = createAuthenticator({
  issuer: "tinkuy-dev",
  audience: "tinkuy",
  hs256Secret: DEVELOPMENT_TOKEN_SECRET,
});
/** The request id and signed viewer of each client request, for the headers sent to its subgraph fetches. */
const trust = new WeakMap<Request, { requestId: string; signedViewer: string }>();

/** Verifies the bearer token of each GraphQL request (401 when it does not verify) and signs its viewer. */
const trustPlugin: GatewayPlugin = {
  async onRequest({ request, serverContext, endResponse, fetchAPI }) {
    if (!request.url.includes("/graphql")) return;
    const incoming = request.headers.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const node = (serverContext as { req?: IncomingMessage }).req;
    if (!node) throw new Error("the trust plugin needs node:http's request");
    try {
      const { viewer } = await authenticate(node, requestId);
      trust.set(request, { requestId, signedViewer: await keys.signer.sign(viewer) });
    } catch (error) {
      if (!(error instanceof Unauthenticated)) throw error;
      const body = {
        errors: [{ message: error.message, extensions: { code: "UNAUTHENTICATED", requestId } }],
      };
      endResponse(
        fetchAPI.Response.json(body, {
          status: 401,
          headers: { "x-request-id": requestId, "www-authenticate": "Bearer" },
        }),
      );
    }
  },
  onResponse({ request, response }) {
    const requestId = trust.get(request)?.requestId;
    if (requestId) response.headers.set("x-request-id", requestId);
  },
};

const armor = new EnvelopArmor({
  maxDepth: { n: LIMITS.maxDepth, flattenFragments: true },
  maxAliases: { n: LIMITS.maxAliases },
  maxDirectives: { n: LIMITS.maxDirectives },
  costLimit: { maxCost: LIMITS.maxCost },
  maxTokens: { n: LIMITS.maxTokens },
  blockFieldSuggestion: { enabled: false },
}).protect();

const runtime = createGatewayRuntime({
  supergraph,
  // The runtime loads `@graphql-mesh/transport-http` for plain HTTP subgraphs, a package we do not install; what
  // it does for subgraphs without custom headers or subscriptions is this: the runtime's own HTTP executor with
  // the runtime's fetch (the one `onFetch` and `propagateHeaders` hook into).
  transports: {
    http: {
      getSubgraphExecutor: ({ subgraphName, transportEntry, fetch, getDisposeReason }) => {
        if (!transportEntry.location)
          throw new Error(`the supergraph has no URL for subgraph ${subgraphName}`);
        return buildHTTPExecutor({
          endpoint: transportEntry.location,
          ...transportEntry.options,
          ...(getDisposeReason ? { getDisposeReason } : {}),
          // The runtime's fetch and the executor's are typed by two packages; they are the same function.
          ...(fetch ? { fetch: fetch as never } : {}),
        });
      },
    },
  },
  logging: false,
  landingPage: false,
  graphiql: false,
  healthCheckEndpoint: "/healthz",
  // Ours above sets and forwards the request id, as our gateway does.
  requestId: false,
  upstreamTimeout: 10_000,
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const signed = trust.get(request);
      return signed ? { [VIEWER_HEADER]: signed.signedViewer, "x-request-id": signed.requestId } : {};
    },
  },
  plugins: () => [trustPlugin, ...armor.plugins],
});

const server = createServer(runtime);
server.listen(env.PORT, "127.0.0.1");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    void Promise.resolve(runtime.dispose()).then(() => process.exit(0));
  });
}

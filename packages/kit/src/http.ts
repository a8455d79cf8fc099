import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import type { Logger } from "pino";
import type { Viewer } from "./viewer.ts";

/** Largest request body accepted, in bytes; larger bodies get 413 before any parsing. */
export const MAX_BODY_BYTES = 1_000_000;

/** Who is asking, as the HTTP layer established it. */
export interface Identity {
  viewer: Viewer;
  /** Returned to the client in `x-request-id` and in every error; in every log line of the request. */
  requestId: string;
}

/** Thrown by `authenticate` when the request's credentials are absent where required, forged or expired. */
export class Unauthenticated extends Error {}

/** What `/readyz` answers: the HTTP status and a small JSON body. */
export interface Readiness {
  ready: boolean;
  body: Record<string, unknown>;
}

/** A plain HTTP handler for an extra path (pages, exports). */
export type RouteHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  identity: Identity,
) => Promise<void>;

/** How one process serves GraphQL over HTTP. */
export interface ServeOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  logger: Logger;
  /** Establishes the viewer (the gateway verifies a bearer token; a subgraph the gateway's signature). */
  authenticate(request: IncomingMessage, requestId: string): Promise<Identity>;
  /** The GraphQL context of one authenticated request. */
  context(identity: Identity, request: IncomingMessage): Promise<C>;
  /** What `/readyz` reports; ready when omitted. */
  readiness?(): Promise<Readiness>;
  /** Extra paths, served after authentication. (`/healthz` and `/readyz` never are: probes carry no
   * credentials, and their answers hold no data.) */
  routes?: Readonly<Record<string, RouteHandler>>;
  /**
   * An answer for a parsed POST body that needs no execution (the gateway's response cache); the request goes
   * through Apollo when it returns undefined.
   */
  shortcut?(
    body: unknown,
    headers: HeaderMap,
    identity: Identity,
  ): { headers: Record<string, string>; body: string } | undefined;
}

/** A running HTTP server and how to stop it. */
export interface HttpListener {
  url: string;
  port: number;
  server: Server;
  stop(): Promise<void>;
}

class BodyTooLarge extends Error {}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  response.end(JSON.stringify(body));
}

function clientError(message: string, code: string, requestId: string) {
  return { errors: [{ message, extensions: { code, requestId } }] };
}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Serves an Apollo Server over plain `node:http` at `/graphql`, with `/healthz` (the process is alive) and
 * `/readyz` (it can serve). Every request gets a request id, echoed in `x-request-id`. (Apollo Server 5 ships no
 * HTTP framework integration of its own; this is the small one we need, with a body limit and authentication.)
 */
export function graphqlRequestHandler<C extends BaseContext>(
  options: ServeOptions<C>,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const incoming = request.headers["x-request-id"];
    const requestId = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    handle(options, request, response, requestId).catch((error: unknown) => {
      options.logger.error({ err: error, requestId }, "HTTP handler failed");
      if (response.headersSent) return void response.end();
      json(response, 500, clientError("Internal server error", "INTERNAL_SERVER_ERROR", requestId), {
        "x-request-id": requestId,
      });
    });
  };
}

async function handle<C extends BaseContext>(
  options: ServeOptions<C>,
  request: IncomingMessage,
  response: ServerResponse,
  fallbackId: string,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (url.pathname === "/healthz") return json(response, 200, { status: "ok" });
  if (url.pathname === "/readyz") {
    const readiness = options.readiness
      ? await options.readiness()
      : { ready: true, body: { status: "ready" } };
    return json(response, readiness.ready ? 200 : 503, readiness.body);
  }
  const route = options.routes?.[url.pathname];
  if (url.pathname !== "/graphql" && !route) return json(response, 404, { error: "not found" });
  let identity: Identity;
  try {
    identity = await options.authenticate(request, fallbackId);
  } catch (error) {
    if (!(error instanceof Unauthenticated)) throw error;
    options.logger.warn(
      { requestId: fallbackId, reason: error.message, path: url.pathname },
      "unauthenticated",
    );
    // Drain what the client sent so the connection can be reused, but read no more than the body limit.
    request.resume();
    return json(response, 401, clientError(error.message, "UNAUTHENTICATED", fallbackId), {
      "x-request-id": fallbackId,
      "www-authenticate": "Bearer",
    });
  }
  response.setHeader("x-request-id", identity.requestId);
  if (route) return route(request, response, identity);
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  let body: unknown = undefined;
  if (request.method === "POST") {
    let raw: string;
    try {
      raw = await readBody(request, MAX_BODY_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      const message = `Request body exceeds ${MAX_BODY_BYTES} bytes`;
      return json(response, 413, clientError(message, "BAD_REQUEST", identity.requestId), {
        connection: "close",
      });
    }
    const type = headers.get("content-type") ?? "";
    if (type.includes("json") && raw.length > 0) {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        return json(
          response,
          400,
          clientError("The request body is not valid JSON", "BAD_REQUEST", identity.requestId),
        );
      }
    } else {
      body = raw;
    }
  }
  const ready = options.shortcut?.(body, headers, identity);
  if (ready) {
    response.writeHead(200, ready.headers);
    response.end(ready.body);
    return;
  }
  const result = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method ?? "GET", headers, search: url.search, body },
    context: () => options.context(identity, request),
  });
  const responseHeaders: Record<string, string> = {};
  for (const [key, value] of result.headers) responseHeaders[key] = value;
  response.writeHead(result.status ?? 200, responseHeaders);
  if (result.body.kind === "complete") {
    response.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}

/** How long `stop()` waits for in-flight requests before closing their connections. */
export const DRAIN_TIMEOUT_MS = 15_000;

/** Listens on `port` (0 picks a free one) and resolves once the server accepts connections. */
export async function listen(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  port: number,
  host = "0.0.0.0",
): Promise<HttpListener> {
  let stopping = false;
  const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
    // While draining, tell keep-alive clients to reconnect elsewhere once this response is done.
    if (stopping) response.setHeader("connection", "close");
    handler(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${actual}/graphql`,
    port: actual,
    server,
    // Graceful: stop accepting, let in-flight requests finish (server.close waits for them) while closing
    // keep-alive sockets as they fall idle, and cut whatever is left after the drain timeout.
    stop: () =>
      new Promise<void>((resolve, reject) => {
        stopping = true;
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        const deadline = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
        server.close((error) => {
          clearInterval(sweep);
          clearTimeout(deadline);
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import type { Logger } from "pino";

/** Largest request body accepted, in bytes; larger bodies get 413 before any parsing. */
export const MAX_BODY_BYTES = 1_000_000;

/** How the HTTP layer builds the GraphQL context of one request. */
export type ContextFactory<C extends BaseContext> = (request: IncomingMessage) => Promise<C>;

/** A running HTTP server and how to stop it. */
export interface HttpListener {
  url: string;
  port: number;
  server: Server;
  stop(): Promise<void>;
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
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
 * Serves an Apollo Server over plain `node:http` at `/graphql`, with `/healthz` for liveness. (Apollo
 * Server 5 ships no HTTP framework integration of its own; this is the small one we need, with a body limit.)
 */
export function graphqlRequestHandler<C extends BaseContext>(
  apollo: ApolloServer<C>,
  context: ContextFactory<C>,
  logger: Logger,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handle(apollo, context, request, response).catch((error: unknown) => {
      logger.error({ err: error }, "HTTP handler failed");
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ errors: [{ message: "Internal server error" }] }));
    });
  };
}

async function handle<C extends BaseContext>(
  apollo: ApolloServer<C>,
  context: ContextFactory<C>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (url.pathname === "/healthz") {
    response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    return;
  }
  if (url.pathname !== "/graphql") {
    response.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
    return;
  }
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
      response.writeHead(413, { "content-type": "application/json", connection: "close" });
      response.end(JSON.stringify({ errors: [{ message: `Request body exceeds ${MAX_BODY_BYTES} bytes` }] }));
      return;
    }
    const type = headers.get("content-type") ?? "";
    if (type.includes("application/json") && raw.length > 0) {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        response.writeHead(400, { "content-type": "application/json" });
        response.end(JSON.stringify({ errors: [{ message: "The request body is not valid JSON" }] }));
        return;
      }
    } else {
      body = raw;
    }
  }
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method ?? "GET", headers, search: url.search, body },
    context: () => context(request),
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

/** Listens on `port` (0 picks a free one) and resolves once the server accepts connections. */
export async function listen(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  port: number,
  host = "0.0.0.0",
): Promise<HttpListener> {
  const server = createServer({ keepAliveTimeout: 65_000 }, handler);
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
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

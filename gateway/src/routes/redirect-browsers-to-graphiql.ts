import type { IncomingMessage, ServerResponse } from "node:http";
import { GRAPHIQL_PATH } from "./graphiql.ts";

/**
 * Wraps the gateway's handler so that a browser opening `/graphql` (a GET that accepts `text/html`) is sent to
 * the IDE in development. In production the request goes through untouched (Apollo answers it: no landing page).
 */
export function redirectBrowsersToGraphiql(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  production: boolean,
): (request: IncomingMessage, response: ServerResponse) => void {
  if (production) return handler;
  return (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const accept = request.headers.accept ?? "";
    const page = url.pathname === "/graphql" && !url.searchParams.has("query");
    if (page && request.method === "GET" && accept.includes("text/html")) {
      response.writeHead(302, { location: GRAPHIQL_PATH, "content-type": "text/plain; charset=utf-8" });
      response.end(`See ${GRAPHIQL_PATH}\n`);
      return;
    }
    handler(request, response);
  };
}

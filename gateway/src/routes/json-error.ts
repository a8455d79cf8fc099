import type { ServerResponse } from "node:http";
import type { Identity } from "@tinkuy/kit";

/**
 * Answers a route's refusal the way `/graphql` answers errors (`{ errors: [{ message, extensions }] }`, with the
 * code, the request id and, for bad input, the parameter at fault), so a client reads both the same way.
 */
export function jsonError(
  response: ServerResponse,
  status: number,
  error: { message: string; code: string; field?: string },
  identity: Identity,
  headers: Record<string, string> = {},
): void {
  const extensions = {
    code: error.code,
    requestId: identity.requestId,
    ...(error.field ? { field: error.field } : {}),
  };
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  response.end(JSON.stringify({ errors: [{ message: error.message, extensions }] }));
}

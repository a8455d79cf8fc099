import type { ServerResponse } from "node:http";
import type { Identity } from "@tinkuy/kit";
import { jsonError } from "./json-error.ts";

/** An export route's method check: answers 405 unless the method reads; true when it did. */
export function refusedMethod(
  method: string | undefined,
  response: ServerResponse,
  identity: Identity,
): boolean {
  if (method === "GET" || method === "HEAD") return false;
  jsonError(response, 405, { message: "Exports are read with GET", code: "BAD_REQUEST" }, identity, {
    allow: "GET, HEAD",
  });
  return true;
}

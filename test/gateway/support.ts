import type { Viewer } from "../../packages/kit/src/index.ts";
import { tokenFor } from "../support/hub.ts";

/** A gateway response as the tests read it. */
export interface Answer {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
  text: string;
}

/** POSTs a GraphQL request to `url` as `viewer` (no token for the public), or with raw `headers`. */
export async function post(
  url: string,
  body: unknown,
  options: { viewer?: Viewer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const auth =
    options.viewer && options.viewer.role !== "PUBLIC"
      ? { authorization: `Bearer ${await tokenFor(options.viewer)}` }
      : {};
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth, ...options.headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Answer["body"] = {};
  try {
    parsed = JSON.parse(text) as Answer["body"];
  } catch {
    // not JSON: the test reads `text`
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** The error codes of an answer, in order. */
export const codes = (answer: Answer): unknown[] =>
  (answer.body.errors ?? []).map((e) => e.extensions?.["code"]);

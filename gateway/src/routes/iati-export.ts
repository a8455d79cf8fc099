import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { VIEWER_HEADER, type RouteHandler } from "@tinkuy/kit";
import { jsonError } from "./json-error.ts";
import { refusedMethod } from "./refused-method.ts";
import type { RouteDeps } from "./route-deps.ts";

/** Where the livelihoods subgraph serves its IATI export (see its `iati-xml/route.ts`). */
const SUBGRAPH_IATI_PATH = "/iati/activities.xml";

/** How long the gateway waits for the subgraph's IATI document: longer than a query, it is the whole portfolio. */
const IATI_TIMEOUT_MS = 60_000;

/** The subgraph's count headers, passed on with its answer: activities written, synthetic ones left out. */
const COUNT_HEADERS = ["x-iati-activities", "x-iati-synthetic-omitted"] as const;

/** What the gateway passes to the subgraph as it came: the subgraph checks both (a bad value is its 400). */
const PASSED_PARAMETERS = ["donor", "include"] as const;

/**
 * `GET /exports/iati.xml[?donor=REF][&include=synthetic]`: the livelihoods subgraph's IATI 2.03 document for the
 * viewer, streamed through. The subgraph decides what the viewer gets, with the same rules as its GraphQL fields:
 * a donor its own projects, staff every project (or one donor's), the public nothing (403); synthetic demo
 * projects only with `include=synthetic`, and 404 when nothing is left to export.
 */
export function iatiExport(deps: RouteDeps): RouteHandler {
  return async (request, response, identity) => {
    request.resume();
    if (refusedMethod(request.method, response, identity)) return;
    const base = deps.subgraphUrls["livelihoods"];
    const unavailable = { message: "The livelihoods pillar is unavailable", code: "SUBGRAPH_UNAVAILABLE" };
    if (!base) return jsonError(response, 503, unavailable, identity);
    const target = new URL(SUBGRAPH_IATI_PATH, base);
    const search = new URL(request.url ?? "/", "http://localhost").searchParams;
    for (const name of PASSED_PARAMETERS) {
      const value = search.get(name);
      if (value !== null) target.searchParams.set(name, value);
    }
    let upstream: Response;
    try {
      upstream = await fetch(target, {
        method: request.method ?? "GET",
        headers: {
          [VIEWER_HEADER]: await deps.keys.signer.sign(identity.viewer),
          "x-request-id": identity.requestId,
        },
        signal: AbortSignal.timeout(IATI_TIMEOUT_MS),
      });
    } catch (error) {
      deps.logger.warn({ err: error, requestId: identity.requestId }, "IATI export: livelihoods unreachable");
      return jsonError(response, 503, unavailable, identity);
    }
    const counts = Object.fromEntries(
      COUNT_HEADERS.flatMap((name) => {
        const value = upstream.headers.get(name);
        return value === null ? [] : [[name, value]];
      }),
    );
    if (upstream.status !== 200) {
      // The subgraph's refusals (400, 403, and 404 when nothing is left to export) are the client's to read;
      // anything else is ours, not theirs.
      const text = await upstream.text();
      if (upstream.status === 400 || upstream.status === 403 || upstream.status === 404) {
        response.writeHead(upstream.status, { "content-type": "application/json; charset=utf-8", ...counts });
        return void response.end(text);
      }
      deps.logger.error({ status: upstream.status, requestId: identity.requestId }, "IATI export failed");
      return jsonError(
        response,
        502,
        { message: "The IATI export failed", code: "INTERNAL_SERVER_ERROR" },
        identity,
      );
    }
    const length = upstream.headers.get("content-length");
    response.writeHead(200, {
      "content-type": "application/xml; charset=utf-8",
      "content-disposition": 'attachment; filename="tinkuy-iati-activities.xml"',
      "cache-control": "no-store",
      ...(length ? { "content-length": length } : {}),
      ...counts,
    });
    if (!upstream.body) return void response.end();
    await pipeline(Readable.fromWeb(upstream.body as WebReadableStream<Uint8Array>), response);
  };
}

import type { ServerResponse } from "node:http";
import type { ApolloServer } from "@apollo/server";
import type { Identity, RouteHandler } from "@tinkuy/kit";
import type { LivelihoodsContext } from "../context.ts";
import { ExportRefused, loadActivities } from "./activities.ts";
import { renderActivities } from "./render.ts";

/** Where the subgraph serves the export (the gateway's `/exports/iati.xml` forwards here). */
export const IATI_PATH = "/iati/activities.xml";

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403 };

function refuse(
  response: ServerResponse,
  status: number,
  error: { message: string; code: string; field?: string | null },
  requestId: string,
  headers: Record<string, string> = {},
): void {
  const extensions = { code: error.code, requestId, ...(error.field ? { field: error.field } : {}) };
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  response.end(JSON.stringify({ errors: [{ message: error.message, extensions }] }));
}

/**
 * Which projects a viewer's export holds: a donor's are the projects it funds (role `FUNDING`, the rule that
 * opens a project's money and results to it, see `funders` in subgraph.ts), whatever `donor` asks; staff get
 * every project, or one donor's with `?donor=REF`. The public is refused by the schema's own rule
 * (`livelihoodProjects` is for donors and staff).
 */
function scope(identity: Identity, donor: string | null): { donorRef?: string } | ExportRefused {
  const { viewer } = identity;
  if (viewer.role === "DONOR" && viewer.donor !== null) {
    if (donor !== null && donor !== viewer.donor) {
      return new ExportRefused(
        "FORBIDDEN",
        "A donor exports its own projects only: omit donor or pass your own",
      );
    }
    return { donorRef: viewer.donor };
  }
  return donor === null ? {} : { donorRef: donor };
}

/**
 * The subgraph's IATI 2.03 export as an HTTP route: `GET /iati/activities.xml[?donor=REF]`, behind the same
 * signed-viewer check as `/graphql`. It reads the projects through the subgraph's own schema as the viewer, so
 * the `@access` rules decide what appears, and answers the whole document or an error, never part of one.
 */
export function iatiRoutes(server: {
  apollo: ApolloServer<LivelihoodsContext>;
  context: (identity: Identity) => Promise<LivelihoodsContext>;
}): Record<string, RouteHandler> {
  return {
    [IATI_PATH]: async (request, response, identity) => {
      if (request.method !== "GET" && request.method !== "HEAD") {
        request.resume();
        const error = { message: "Method not allowed: the export is read with GET", code: "BAD_REQUEST" };
        return refuse(response, 405, error, identity.requestId, { allow: "GET, HEAD" });
      }
      const url = new URL(request.url ?? "/", "http://localhost");
      const filter = scope(identity, url.searchParams.get("donor"));
      try {
        if (filter instanceof ExportRefused) throw filter;
        const projects = await loadActivities(server.apollo, () => server.context(identity), filter);
        const body = renderActivities(projects, new Date());
        response.writeHead(200, {
          "content-type": "application/xml; charset=utf-8",
          "content-length": Buffer.byteLength(body),
          "x-iati-activities": String(projects.length),
        });
        response.end(request.method === "HEAD" ? undefined : body);
      } catch (error) {
        if (!(error instanceof ExportRefused)) throw error;
        const field = error.field === "filter.donorRef" ? "donor" : error.field;
        const status = STATUS[error.code] ?? 400;
        refuse(response, status, { code: error.code, message: error.message, field }, identity.requestId);
      }
    },
  };
}

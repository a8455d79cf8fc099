import type { ServerResponse } from "node:http";
import type { ApolloServer } from "@apollo/server";
import type { Identity, RouteHandler } from "@tinkuy/kit";
import type { LivelihoodsContext } from "../context.ts";
import { ExportRefused, loadActivities } from "./activities.ts";
import { renderActivities } from "./render.ts";
import { selectActivities, type ActivitySelection } from "./select.ts";

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

/** `include`: absent, or `synthetic` to add the demo projects the export otherwise leaves out. */
function includeSynthetic(include: string | null): boolean | ExportRefused {
  if (include === null || include === "synthetic") return include !== null;
  return new ExportRefused(
    "BAD_USER_INPUT",
    `include must be "synthetic" (to add the synthetic demo activities) or absent, got "${include}"`,
    "include",
  );
}

/** The counts every answer carries: the activities written, and the synthetic ones left out. */
function counts(selection: ActivitySelection): Record<string, string> {
  return {
    "x-iati-activities": String(selection.activities.length),
    "x-iati-synthetic-omitted": String(selection.syntheticOmitted),
  };
}

/** Why there is no document: IATI's schema requires at least one activity, so nothing is the honest answer. */
function nothingToExport(selection: ActivitySelection): string {
  return selection.syntheticOmitted > 0
    ? `No activity to export: the ${selection.syntheticOmitted} projects you may read here are synthetic demo ` +
        "data, left out of IATI exports unless asked for; add include=synthetic to export them, marked as such"
    : "No activity to export: no project you may read matches (an IATI document holds at least one activity)";
}

/**
 * The subgraph's IATI 2.03 export as an HTTP route: `GET /iati/activities.xml[?donor=REF][&include=synthetic]`,
 * behind the same signed-viewer check as `/graphql`. It reads the projects through the subgraph's own schema as
 * the viewer, so the `@access` rules decide what appears, leaves out synthetic demo projects unless
 * `include=synthetic`, and answers the whole document or an error, never part of one. When nothing is left it
 * answers 404 (NOT_FOUND, saying why) rather than an `iati-activities` the schema rejects.
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
      const synthetic = includeSynthetic(url.searchParams.get("include"));
      const filter = scope(identity, url.searchParams.get("donor"));
      try {
        if (synthetic instanceof ExportRefused) throw synthetic;
        if (filter instanceof ExportRefused) throw filter;
        const loaded = await loadActivities(server.apollo, () => server.context(identity), filter);
        const selection = selectActivities(loaded, { includeSynthetic: synthetic });
        if (selection.activities.length === 0) {
          const error = { code: "NOT_FOUND", message: nothingToExport(selection) };
          return refuse(response, 404, error, identity.requestId, counts(selection));
        }
        const body = renderActivities(selection.activities, new Date());
        response.writeHead(200, {
          "content-type": "application/xml; charset=utf-8",
          "content-length": Buffer.byteLength(body),
          ...counts(selection),
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

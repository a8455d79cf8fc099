import type { ServerResponse } from "node:http";
import type { RouteHandler } from "@tinkuy/kit";
import type { Logger } from "pino";
import { BOUNDARY_FILES, dashboardAssets, type DashboardAssets } from "./dashboard-bundle.ts";

/**
 * What every dashboard response says to the browser: nothing but this origin (`default-src 'self'`: no CDN, no
 * inline script or style, data only from `/graphql` here), never framed, no referrer sent along.
 */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache",
};

const FILES: Record<string, { type: string; pick: (assets: DashboardAssets) => string }> = {
  "/dashboard": { type: "text/html; charset=utf-8", pick: (a) => a.html },
  "/dashboard/app.js": { type: "text/javascript; charset=utf-8", pick: (a) => a.js },
  "/dashboard/app.css": { type: "text/css; charset=utf-8", pick: (a) => a.css },
  "/dashboard/favicon.svg": { type: "image/svg+xml", pick: (a) => a.icon },
  ...Object.fromEntries(
    BOUNDARY_FILES.map((name) => [
      `/dashboard/boundaries/${name}`,
      { type: "application/json", pick: (a: DashboardAssets) => a.boundaries[name] ?? "" },
    ]),
  ),
};

function refuse(response: ServerResponse, status: number, message: string, headers = {}): void {
  response.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    ...DASHBOARD_HEADERS,
    ...headers,
  });
  response.end(message);
}

/**
 * The program dashboard at `/dashboard`: a read-only page, its script, its stylesheet and its map's boundaries. The files are the same
 * for everyone (the public may load the page); what the page shows comes from `/graphql` with the viewer's own
 * token, so the trust rules decide it there. The bundle is built when the gateway is built, and a failure to
 * build it is logged then and answered with 500 here (the rest of the gateway serves on).
 */
export function dashboardRoutes(logger: Logger): Record<string, RouteHandler> {
  const assets = dashboardAssets();
  assets.catch((error: unknown) => logger.error({ err: error }, "the dashboard could not be bundled"));
  const route =
    (file: { type: string; pick: (assets: DashboardAssets) => string }): RouteHandler =>
    async (request, response) => {
      if (request.method !== "GET" && request.method !== "HEAD") {
        request.resume();
        return refuse(response, 405, "Method not allowed: the dashboard is read-only", {
          allow: "GET, HEAD",
        });
      }
      let body: string;
      try {
        body = file.pick(await assets);
      } catch {
        return refuse(response, 500, "The dashboard is not available");
      }
      response.writeHead(200, {
        "content-type": file.type,
        "content-length": Buffer.byteLength(body),
        ...DASHBOARD_HEADERS,
      });
      response.end(request.method === "HEAD" ? undefined : body);
    };
  return Object.fromEntries(Object.entries(FILES).map(([path, file]) => [path, route(file)]));
}

import type { RouteHandler } from "@tinkuy/kit";
import { dashboardRoutes } from "./dashboard.ts";
import { graphiqlRoutes } from "./graphiql.ts";
import { iatiExport } from "./iati-export.ts";
import { indicatorsCsv } from "./indicators-csv.ts";
import { indicatorsXlsx } from "./indicators-xlsx.ts";
import type { RouteDeps } from "./route-deps.ts";

/**
 * The gateway's routes besides `/graphql`, `/healthz` and `/readyz`, by exact path. Every one is served after
 * authentication: a bad token is 401 before any route runs, no token is the public viewer.
 */
export function gatewayRoutes(deps: RouteDeps): Record<string, RouteHandler> {
  return {
    // The dashboard's page and files, and (development only) the query IDE's.
    ...dashboardRoutes(deps.logger),
    ...graphiqlRoutes(deps.production),
    "/exports/iati.xml": iatiExport(deps),
    "/exports/indicators.csv": indicatorsCsv(deps),
    "/exports/indicators.xlsx": indicatorsXlsx(deps),
  };
}

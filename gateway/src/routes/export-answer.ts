import type { ServerResponse } from "node:http";
import type { Identity } from "@tinkuy/kit";
import { registryAsOf } from "../../operations/registry-as-of.ts";
import {
  EXPORT_PERIOD_QUERY,
  EXPORT_SERIES_QUERY,
  type ExportRegion,
} from "../../operations/export-query.ts";
import type { ExportRequest } from "./export-request.ts";
import { exportTable, type ExportTable } from "./export-table.ts";
import { jsonError } from "./json-error.ts";
import type { RouteDeps } from "./route-deps.ts";

/**
 * Runs an export's query through the gateway's own Apollo server with the viewer's context (so limits and field
 * rules apply as for `/graphql`) and turns the answer into the export's table. When there is nothing to write
 * (the region catalogue did not answer, or the API refused the query) it answers the error itself, as `/graphql`
 * would (400 for bad input, naming the parameter when the API does, 503 when the catalogue's pillar is down), and
 * returns null.
 */
export async function exportAnswer(
  deps: RouteDeps,
  request: ExportRequest,
  identity: Identity,
  response: ServerResponse,
): Promise<ExportTable | null> {
  const common = {
    level: request.level,
    parent: request.parent,
    period: { from: request.from, to: request.to },
  };
  const operation =
    request.granularity === null
      ? { query: EXPORT_PERIOD_QUERY, variables: { ...common, asOf: registryAsOf(request) } }
      : { query: EXPORT_SERIES_QUERY, variables: { ...common, granularity: request.granularity } };
  const result = await deps.apollo.executeOperation<{ regions: ExportRegion[] | null }>(operation, {
    contextValue: await deps.context(identity),
  });
  if (result.body.kind !== "single") throw new Error("the indicators query answered incrementally");
  const { data, errors = [] } = result.body.singleResult;
  if (data?.regions) return exportTable(request, data.regions, errors);
  const first = errors[0];
  const code = String(first?.extensions?.["code"] ?? "INTERNAL_SERVER_ERROR");
  // The export's own query failing validation is the gateway's fault, not the caller's: 500, logged.
  const status = code === "BAD_USER_INPUT" ? 400 : code === "SUBGRAPH_UNAVAILABLE" ? 503 : 500;
  if (status === 500)
    deps.logger.error({ errors, requestId: identity.requestId }, "indicators export failed");
  // The API names the argument at fault (`parent`); the export's parameters have the same names.
  const named = first?.extensions?.["field"];
  const field = typeof named === "string" ? (named.split(".")[0] ?? named) : undefined;
  const message =
    status === 500
      ? "The indicators could not be computed"
      : `${field ? `${field}: ` : ""}${first?.message ?? ""}`;
  jsonError(response, status, { message, code, ...(field ? { field } : {}) }, identity);
  return null;
}

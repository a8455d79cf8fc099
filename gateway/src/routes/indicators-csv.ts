import type { RouteHandler } from "@tinkuy/kit";
import { stringify } from "csv-stringify/sync";
import type { GraphQLFormattedError } from "graphql";
import { REGION_FIGURES, type RegionFigures } from "../../operations/region-figures.ts";
import { registryAsOf } from "../../operations/registry-as-of.ts";
import { CSV_COLUMNS } from "./csv-columns.ts";
import { csvRequest } from "./csv-request.ts";
import { jsonError } from "./json-error.ts";
import { refusedMethod } from "./refused-method.ts";
import type { RouteDeps } from "./route-deps.ts";

/**
 * A figure as a spreadsheet cell: numbers and exact decimals as they are, with a decimal comma when the separator
 * is `;` (what Excel expects in es-PE and most Spanish locales); nothing for a figure the viewer may not see.
 */
function cell(value: number | string | null | undefined, decimalComma: boolean): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return decimalComma && (typeof value === "number" || /^-?\d+\.\d+$/.test(text))
    ? text.replace(".", ",")
    : text;
}

/**
 * A warning per kind of empty cell, without list indices: `regions.eradication.outposts FORBIDDEN`,
 * `recovery SUBGRAPH_UNAVAILABLE`.
 */
function warnings(errors: readonly GraphQLFormattedError[]): string[] {
  const kinds = new Set<string>();
  for (const error of errors) {
    const path = (error.path ?? []).filter((part) => typeof part === "string").join(".");
    // A pillar that did not answer is reported once, by name, without a path.
    const pillar = error.extensions?.["pillar"];
    const where = path || (typeof pillar === "string" ? pillar : "query");
    kinds.add(`${where} ${String(error.extensions?.["code"] ?? "ERROR")}`);
  }
  return [...kinds].sort();
}

/**
 * `GET /exports/indicators.csv?from=YYYY-MM-DD&to=YYYY-MM-DD[&separator=;][&lang=en]`: one row per department with
 * the cross-pillar indicators and each pillar's figures for the period, for ministries' spreadsheets; REINFO's
 * figures are the registry as of the period's last day, as the indicators count it. The gateway runs the query
 * through its own Apollo server with the viewer's context, so limits and field rules apply as for `/graphql`.
 * UTF-8 with BOM, CRLF; a figure the viewer may not see, or of a pillar that is down, is an empty cell, and
 * `x-tinkuy-warnings` says which (`regions.eradication.outposts FORBIDDEN`, …). Each row ends with the datasets
 * behind its figures ("Fuentes", from the indicators' and each pillar's `sources`) and a notice when any is
 * synthetic.
 */
export function indicatorsCsv(deps: RouteDeps): RouteHandler {
  return async (request, response, identity) => {
    request.resume();
    if (refusedMethod(request.method, response, identity)) return;
    const parsed = csvRequest(new URL(request.url ?? "/", "http://localhost").searchParams);
    if ("field" in parsed) {
      return jsonError(response, 400, { ...parsed, code: "BAD_USER_INPUT" }, identity);
    }
    const result = await deps.apollo.executeOperation<{ regions: RegionFigures[] | null }>(
      {
        query: REGION_FIGURES,
        variables: { period: { from: parsed.from, to: parsed.to }, asOf: registryAsOf(parsed) },
      },
      { contextValue: await deps.context(identity) },
    );
    if (result.body.kind !== "single") throw new Error("the indicators query answered incrementally");
    const { data, errors = [] } = result.body.singleResult;
    if (!data?.regions) {
      const first = errors[0];
      const code = String(first?.extensions?.["code"] ?? "INTERNAL_SERVER_ERROR");
      const status = code === "BAD_USER_INPUT" ? 400 : code === "SUBGRAPH_UNAVAILABLE" ? 503 : 500;
      if (status === 500)
        deps.logger.error({ errors, requestId: identity.requestId }, "indicators CSV failed");
      const message = status === 500 ? "The indicators could not be computed" : (first?.message ?? "");
      return jsonError(response, status, { message, code }, identity);
    }
    const decimalComma = parsed.separator === ";";
    const rows = [
      CSV_COLUMNS.map((column) => column[parsed.lang]),
      ...data.regions.map((region) =>
        CSV_COLUMNS.map((column) => cell(column.value(region, parsed.lang), decimalComma)),
      ),
    ];
    const body = stringify(rows, { bom: true, delimiter: parsed.separator, record_delimiter: "windows" });
    const found = warnings(errors);
    const name = parsed.lang === "es" ? "indicadores" : "indicators";
    response.writeHead(200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="tinkuy-${name}-${parsed.from}_${parsed.to}.csv"`,
      "content-length": Buffer.byteLength(body),
      "cache-control": "no-store",
      ...(found.length > 0 ? { "x-tinkuy-warnings": found.join(", ") } : {}),
    });
    response.end(request.method === "HEAD" ? undefined : body);
  };
}

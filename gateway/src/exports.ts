import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { VIEWER_HEADER, type Identity, type RouteHandler } from "@tinkuy/kit";
import { stringify } from "csv-stringify/sync";
import type { GraphQLFormattedError } from "graphql";
import type { RouteDeps } from "./routes.ts";

/** Where the livelihoods subgraph serves its IATI export (see its `iati-xml/route.ts`). */
const SUBGRAPH_IATI_PATH = "/iati/activities.xml";

/** How long the gateway waits for the subgraph's IATI document: longer than a query, it is the whole portfolio. */
const IATI_TIMEOUT_MS = 60_000;

/** The longest period the figures accept (the subgraphs' `parsePeriod` limit), checked here to name the parameter. */
const MAX_YEARS = 30;

function jsonError(
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

/** Answers 405 unless the method reads; true when it did. */
function refusedMethod(method: string | undefined, response: ServerResponse, identity: Identity): boolean {
  if (method === "GET" || method === "HEAD") return false;
  jsonError(response, 405, { message: "Exports are read with GET", code: "BAD_REQUEST" }, identity, {
    allow: "GET, HEAD",
  });
  return true;
}

/**
 * `GET /exports/iati.xml[?donor=REF]`: the livelihoods subgraph's IATI 2.03 document for the viewer, streamed
 * through. The subgraph decides what the viewer gets, with the same rules as its GraphQL fields: a donor its own
 * projects, staff every project (or one donor's), the public nothing (403).
 */
function iatiExport(deps: RouteDeps): RouteHandler {
  return async (request, response, identity) => {
    request.resume();
    if (refusedMethod(request.method, response, identity)) return;
    const base = deps.subgraphUrls["livelihoods"];
    const unavailable = { message: "The livelihoods pillar is unavailable", code: "SUBGRAPH_UNAVAILABLE" };
    if (!base) return jsonError(response, 503, unavailable, identity);
    const target = new URL(SUBGRAPH_IATI_PATH, base);
    const donor = new URL(request.url ?? "/", "http://localhost").searchParams.get("donor");
    if (donor !== null) target.searchParams.set("donor", donor);
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
    if (upstream.status !== 200) {
      // The subgraph's refusals (400, 403) are the client's to read; anything else is ours, not theirs.
      const text = await upstream.text();
      if (upstream.status === 400 || upstream.status === 403) {
        response.writeHead(upstream.status, { "content-type": "application/json; charset=utf-8" });
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
    const count = upstream.headers.get("x-iati-activities");
    response.writeHead(200, {
      "content-type": "application/xml; charset=utf-8",
      "content-disposition": 'attachment; filename="tinkuy-iati-activities.xml"',
      "cache-control": "no-store",
      ...(length ? { "content-length": length } : {}),
      ...(count ? { "x-iati-activities": count } : {}),
    });
    if (!upstream.body) return void response.end();
    await pipeline(Readable.fromWeb(upstream.body as WebReadableStream<Uint8Array>), response);
  };
}

/** A CSV column: where its figure is in a region of `REGION_FIGURES`, and its header in each language. */
interface Column {
  es: string;
  en: string;
  value: (region: RegionRow) => number | string | null | undefined;
}

/** One department as `REGION_FIGURES` returns it (every figure may be null: not visible, or pillar down). */
interface RegionRow {
  ubigeo: string;
  name: string;
  formalization: Record<string, number | null> | null;
  eradication: { operations: number; value: string; arrests: number; outposts: unknown[] | null } | null;
  recovery: Record<string, number | null> | null;
  livelihoods: {
    activeProjects: number;
    beneficiaries: { total: number; women: number; formerMiners: number };
  } | null;
  indicators: Record<string, number | string | null> | null;
}

/**
 * The region view of the README for the 25 departments, with the number of permanent security outposts (staff
 * only: the one column the public gets empty). The gateway runs it like any client's query.
 */
export const REGION_FIGURES = /* GraphQL */ `
  query IndicatorsCsv($period: PeriodInput!) {
    regions(level: DEPARTMENT) {
      ubigeo
      name
      formalization {
        total
        active
        suspended
        excluded
        formalized
        formalizationRate
      }
      eradication(period: $period) {
        operations
        value
        arrests
        outposts {
          id
        }
      }
      recovery(period: $period) {
        hectaresDegraded
        hectaresRestored
        restorationRatio
      }
      livelihoods(period: $period) {
        activeProjects
        beneficiaries {
          total
          women
          formerMiners
        }
      }
      indicators(period: $period) {
        activeRecords
        operationsPerThousandActiveRecords
        valueSeizedPerActiveRecord
        restoredPerDegradedHectare
        degradedHectaresPerActiveRecord
        formerMinerBeneficiariesPerExcludedRecord
      }
    }
  }
`;

const indicator = (name: string, es: string, en: string): Column => ({
  es,
  en,
  value: (r) => r.indicators?.[name],
});
const of =
  <K extends "formalization" | "recovery">(pillar: K, name: string) =>
  (r: RegionRow) =>
    r[pillar]?.[name];

/** The columns, in order: the region, the cross-pillar indicators, then each pillar's figures. */
export const CSV_COLUMNS: readonly Column[] = [
  { es: "UBIGEO", en: "UBIGEO", value: (r) => r.ubigeo },
  { es: "Departamento", en: "Department", value: (r) => r.name },
  indicator("activeRecords", "Registros REINFO vigentes", "Active REINFO records"),
  indicator(
    "operationsPerThousandActiveRecords",
    "Operativos por mil registros vigentes",
    "Operations per thousand active records",
  ),
  indicator(
    "valueSeizedPerActiveRecord",
    "Valor incautado por registro vigente (S/)",
    "Value seized per active record (PEN)",
  ),
  indicator(
    "restoredPerDegradedHectare",
    "Hectáreas restauradas por hectárea degradada",
    "Hectares restored per degraded hectare",
  ),
  indicator(
    "degradedHectaresPerActiveRecord",
    "Hectáreas degradadas por registro vigente",
    "Degraded hectares per active record",
  ),
  indicator(
    "formerMinerBeneficiariesPerExcludedRecord",
    "Beneficiarios ex mineros por registro excluido",
    "Former-miner beneficiaries per excluded record",
  ),
  { es: "REINFO: registros", en: "REINFO: records", value: of("formalization", "total") },
  { es: "REINFO: vigentes", en: "REINFO: active", value: of("formalization", "active") },
  { es: "REINFO: suspendidos", en: "REINFO: suspended", value: of("formalization", "suspended") },
  { es: "REINFO: excluidos", en: "REINFO: excluded", value: of("formalization", "excluded") },
  { es: "REINFO: formalizados", en: "REINFO: formalized", value: of("formalization", "formalized") },
  {
    es: "REINFO: tasa de formalización",
    en: "REINFO: formalization rate",
    value: of("formalization", "formalizationRate"),
  },
  { es: "Operativos de interdicción", en: "Enforcement operations", value: (r) => r.eradication?.operations },
  {
    es: "Valor destruido o incautado (S/)",
    en: "Value destroyed or seized (PEN)",
    value: (r) => r.eradication?.value,
  },
  { es: "Detenidos", en: "Arrests", value: (r) => r.eradication?.arrests },
  {
    es: "Puestos de control permanentes",
    en: "Permanent security outposts",
    value: (r) => r.eradication?.outposts?.length,
  },
  { es: "Hectáreas degradadas", en: "Hectares degraded", value: of("recovery", "hectaresDegraded") },
  { es: "Hectáreas restauradas", en: "Hectares restored", value: of("recovery", "hectaresRestored") },
  { es: "Ratio de restauración", en: "Restoration ratio", value: of("recovery", "restorationRatio") },
  {
    es: "Proyectos de medios de vida activos",
    en: "Active livelihood projects",
    value: (r) => r.livelihoods?.activeProjects,
  },
  { es: "Beneficiarios", en: "Beneficiaries", value: (r) => r.livelihoods?.beneficiaries.total },
  {
    es: "Beneficiarias mujeres",
    en: "Women beneficiaries",
    value: (r) => r.livelihoods?.beneficiaries.women,
  },
  {
    es: "Beneficiarios ex mineros",
    en: "Former-miner beneficiaries",
    value: (r) => r.livelihoods?.beneficiaries.formerMiners,
  },
];

/** The CSV's options as the query string gives them. */
interface CsvRequest {
  from: string;
  to: string;
  separator: "," | ";";
  lang: "es" | "en";
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` that exists (not `2025-02-30`), as UTC midnight; null otherwise. */
function calendarDate(text: string): Date | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? null : date;
}

/** Reads and checks the query string; the first problem names its parameter. */
function csvRequest(search: URLSearchParams): CsvRequest | { field: string; message: string } {
  const dates: Record<"from" | "to", Date> = { from: new Date(0), to: new Date(0) };
  for (const field of ["from", "to"] as const) {
    const text = search.get(field);
    if (text === null) return { field, message: `${field} is required: a date YYYY-MM-DD` };
    const date = calendarDate(text);
    if (!date) return { field, message: `${field} must be a calendar date YYYY-MM-DD, got "${text}"` };
    dates[field] = date;
  }
  if (dates.from > dates.to) return { field: "to", message: "to must be on or after from" };
  if (dates.to.getUTCFullYear() - dates.from.getUTCFullYear() > MAX_YEARS) {
    return { field: "to", message: `to may be at most ${MAX_YEARS} years after from` };
  }
  const separator = search.get("separator") ?? ",";
  if (separator !== "," && separator !== ";") {
    return {
      field: "separator",
      message: `separator must be "," or ";" (URL-encoded %3B), got "${separator}"`,
    };
  }
  const lang = search.get("lang") ?? "es";
  if (lang !== "es" && lang !== "en")
    return { field: "lang", message: `lang must be es or en, got "${lang}"` };
  return { from: search.get("from") ?? "", to: search.get("to") ?? "", separator, lang };
}

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
 * the cross-pillar indicators and each pillar's figures for the period, for ministries' spreadsheets. The gateway
 * runs the query through its own Apollo server with the viewer's context, so limits and field rules apply as for
 * `/graphql`. UTF-8 with BOM, CRLF; a figure the viewer may not see, or of a pillar that is down, is an empty cell,
 * and `x-tinkuy-warnings` says which (`regions.eradication.outposts FORBIDDEN`, …).
 */
function indicatorsCsv(deps: RouteDeps): RouteHandler {
  return async (request, response, identity) => {
    request.resume();
    if (refusedMethod(request.method, response, identity)) return;
    const parsed = csvRequest(new URL(request.url ?? "/", "http://localhost").searchParams);
    if ("field" in parsed) {
      return jsonError(response, 400, { ...parsed, code: "BAD_USER_INPUT" }, identity);
    }
    const result = await deps.apollo.executeOperation<{ regions: RegionRow[] | null }>(
      { query: REGION_FIGURES, variables: { period: { from: parsed.from, to: parsed.to } } },
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
      ...data.regions.map((region) => CSV_COLUMNS.map((column) => cell(column.value(region), decimalComma))),
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

/** The gateway's export routes: the IATI XML of livelihood projects and the indicators CSV. */
export function exportRoutes(deps: RouteDeps): Record<string, RouteHandler> {
  return { "/exports/iati.xml": iatiExport(deps), "/exports/indicators.csv": indicatorsCsv(deps) };
}

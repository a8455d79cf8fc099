import type { RouteHandler } from "@tinkuy/kit";
import { stringify } from "csv-stringify/sync";
import { exportAnswer } from "./export-answer.ts";
import { FIGURE_COLUMNS } from "./export-columns.ts";
import { label } from "./export-labels.ts";
import {
  fileName,
  headerOf,
  leadingHeaders,
  notesText,
  noticeText,
  sourcesText,
  trailingHeaders,
} from "./export-layout.ts";
import { fixedText } from "./export-number.ts";
import { exportRequest } from "./export-request.ts";
import type { ExportTable } from "./export-table.ts";
import { jsonError } from "./json-error.ts";
import { refusedMethod } from "./refused-method.ts";
import type { RouteDeps } from "./route-deps.ts";

/**
 * The table as CSV (RFC 4180): UTF-8 with BOM, CRLF, every text field quoted and every number not, so a reader
 * that types fields by quoting (LibreOffice's "Format quoted field as text", Python's `csv.QUOTE_NONNUMERIC` reader) keeps
 * UBIGEO `01` as text; numbers with their fixed digits and a decimal point, or a decimal comma with `;`
 * (docs/analysts.md, "Spreadsheets", says why).
 */
function csvOf(table: ExportTable): string {
  const { lang, separator, granularity } = table.request;
  const kinds = [
    ...leadingHeaders(table.request).map(() => null),
    ...FIGURE_COLUMNS.map((column) => column.kind),
  ];
  const header = [
    ...leadingHeaders(table.request),
    ...FIGURE_COLUMNS.map((column) => headerOf(column, lang)),
    ...trailingHeaders(lang),
  ];
  const rows = table.rows.map((row) => [
    row.ubigeo,
    row.name,
    ...(granularity === null || !row.bucket
      ? []
      : [row.bucket.from, row.bucket.to, label(row.bucket.partial ? "yes" : "no", lang)]),
    ...row.values,
    notesText(row, lang),
    sourcesText(row),
    noticeText(row, lang),
  ]);
  return stringify([header, ...rows], {
    bom: true,
    delimiter: separator,
    record_delimiter: "windows",
    quoted_string: true,
    // A notes or name cell starting with = + - @ is not run as a formula by a spreadsheet.
    escape_formulas: true,
    cast: {
      number: (value, context) => {
        const kind = kinds[context.index];
        const text = kind ? fixedText(value, kind) : String(value);
        return separator === ";" ? text.replace(".", ",") : text;
      },
    },
  });
}

/**
 * `GET /exports/indicators.csv?from=YYYY-MM-DD&to=YYYY-MM-DD[&level=…][&parent=…][&granularity=…][&separator=;]
 * [&lang=en]`: one row per region of `level` (departments by default) under `parent`, or per region and calendar
 * bucket with a granularity, with the cross-pillar indicators and each pillar's figures, for ministries'
 * spreadsheets. Headers are the dashboard's labels; rates are percentages with one decimal, other figures rounded
 * as the dashboard shows them; each row's "Notas" says why any cell is empty (not visible to the viewer, a pillar
 * down, no denominator), and `x-tinkuy-warnings` repeats the kinds for programs. Each row ends with the datasets
 * behind its figures and a notice when any is synthetic.
 */
export function indicatorsCsv(deps: RouteDeps): RouteHandler {
  return async (request, response, identity) => {
    request.resume();
    if (refusedMethod(request.method, response, identity)) return;
    const parsed = exportRequest(new URL(request.url ?? "/", "http://localhost").searchParams, "csv");
    if ("field" in parsed) {
      return jsonError(response, 400, { ...parsed, code: "BAD_USER_INPUT" }, identity);
    }
    const table = await exportAnswer(deps, parsed, identity, response);
    if (!table) return;
    const body = csvOf(table);
    response.writeHead(200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName(table, "csv")}"`,
      "content-length": Buffer.byteLength(body),
      "cache-control": "no-store",
      ...(table.warnings.length > 0 ? { "x-tinkuy-warnings": table.warnings.join(", ") } : {}),
    });
    response.end(request.method === "HEAD" ? undefined : body);
  };
}

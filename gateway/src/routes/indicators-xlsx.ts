import type { Identity, RouteHandler } from "@tinkuy/kit";
import ExcelJS from "exceljs";
import type { Kind } from "../../web/format.ts";
import type { Key } from "../../web/i18n.ts";
import { registryAsOf } from "../../operations/registry-as-of.ts";
import { exportAnswer } from "./export-answer.ts";
import { FIGURE_COLUMNS, type FigureColumn } from "./export-columns.ts";
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
import { exportRequest } from "./export-request.ts";
import type { ExportTable } from "./export-table.ts";
import { jsonError } from "./json-error.ts";
import { refusedMethod } from "./refused-method.ts";
import type { RouteDeps } from "./route-deps.ts";

/** Excel's number format for each kind of figure: thousands grouped, the dashboard's digits, rates as percentages. */
const NUMBER_FORMAT: Record<Kind, string> = {
  count: "#,##0",
  money: "#,##0.00",
  hectares: "#,##0.00",
  ratio: "#,##0.00",
  percent: "0.0%",
};
/** Excel's text format: a cell that stays text when edited, so a UBIGEO never loses its leading zero. */
const TEXT = "@";
const DATE = "yyyy-mm-dd";
const BOLD = { bold: true } as const;
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF4" } };

/** A `YYYY-MM-DD` day as the date cell Excel stores (a serial day, midnight UTC). */
const day = (text: string) => new Date(`${text}T00:00:00Z`);

/** The GraphQL field a column's figure comes from, as an analyst would query it (docs/analysts.md). */
function fieldOf(column: FigureColumn, series: boolean): string {
  const part =
    column.part === "formalization"
      ? series
        ? "formalization"
        : "formalization(asOf)"
      : `${column.part}(period)`;
  const field =
    column.id === "outposts"
      ? "outposts (count)"
      : column.field === "beneficiaries"
        ? `beneficiaries.${column.id === "beneficiaries" ? "total" : column.id}`
        : column.field;
  return `Region.${part}${series ? ".series(granularity, period)" : ""}.${field}`;
}

/** The data sheet: a header row kept in view, one row per region (and bucket), real numbers and text UBIGEO. */
function dataSheet(workbook: ExcelJS.Workbook, table: ExportTable): void {
  const { lang, granularity } = table.request;
  const sheet = workbook.addWorksheet(label("sheetData", lang), {
    views: [{ state: "frozen", xSplit: 2, ySplit: 1 }],
  });
  // The region's code and name, then a series row's bucket: its first and last day, and whether it is partial.
  const leading: Partial<ExcelJS.Column>[] = [
    { width: 9, style: { numFmt: TEXT } },
    { width: 26 },
    { width: 11, style: { numFmt: DATE } },
    { width: 11, style: { numFmt: DATE } },
    { width: 8 },
  ];
  sheet.columns = [
    ...leadingHeaders(table.request).map((header, i) => ({ ...leading[i], header })),
    ...FIGURE_COLUMNS.map((column) => ({
      header: headerOf(column, lang),
      width: Math.min(22, Math.max(12, Math.ceil(headerOf(column, lang).length / 2) + 2)),
      style: { numFmt: NUMBER_FORMAT[column.kind] },
    })),
    ...trailingHeaders(lang).map((header, i) => ({ header, width: i === 0 ? 60 : 40 })),
  ];
  for (const row of table.rows) {
    sheet.addRow([
      row.ubigeo,
      row.name,
      ...(granularity === null || !row.bucket
        ? []
        : [day(row.bucket.from), day(row.bucket.to), label(row.bucket.partial ? "yes" : "no", lang)]),
      ...row.values.map((value, i) =>
        // A percentage back to the fraction Excel formats with %, parsed so 1.8 gives 0.018, not 0.018000000000000002.
        value !== null && FIGURE_COLUMNS[i]?.kind === "percent" ? Number(`${value}e-2`) : value,
      ),
      notesText(row, lang),
      sourcesText(row),
      noticeText(row, lang),
    ]);
  }
  const header = sheet.getRow(1);
  header.font = BOLD;
  header.alignment = { wrapText: true, vertical: "top" };
  header.height = 45;
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    // The header keeps the column's number format off: it is text.
    cell.numFmt = TEXT;
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columnCount } };
}

/** The notes sheet: what an empty cell means, then every empty cell with its region, bucket, column and reason. */
function notesSheet(workbook: ExcelJS.Workbook, table: ExportTable): void {
  const { lang, granularity } = table.request;
  const sheet = workbook.addWorksheet(label("sheetNotes", lang), {
    views: [{ state: "frozen", ySplit: 3 }],
  });
  sheet.addRow([label("notesTitle", lang)]).font = { bold: true, size: 13 };
  sheet.addRow([label("notesLegend", lang)]);
  const leading = leadingHeaders(table.request).slice(0, granularity === null ? 2 : 4);
  const header = sheet.addRow([...leading, label("column", lang), label("reason", lang)]);
  header.font = BOLD;
  header.eachCell((cell) => (cell.fill = HEADER_FILL));
  sheet.getColumn(1).width = 9;
  sheet.getColumn(2).width = 26;
  const offset = granularity === null ? 2 : 4;
  sheet.getColumn(offset + 1).width = 40;
  sheet.getColumn(offset + 2).width = 70;
  if (granularity !== null) {
    sheet.getColumn(3).width = 11;
    sheet.getColumn(4).width = 11;
  }
  let noted = 0;
  for (const row of table.rows) {
    for (const note of row.notes) {
      const added = sheet.addRow([
        row.ubigeo,
        row.name,
        ...(granularity === null || !row.bucket ? [] : [day(row.bucket.from), day(row.bucket.to)]),
        headerOf(note.column, lang),
        note.reason,
      ]);
      added.getCell(1).numFmt = TEXT;
      if (granularity !== null) {
        added.getCell(3).numFmt = DATE;
        added.getCell(4).numFmt = DATE;
      }
      noted += 1;
    }
  }
  if (noted === 0) sheet.addRow([label("noEmptyCell", lang)]);
}

/** "REINFO: registro al 2025-12-31", or "a la fecha" when the period has not ended (the dashboard's words). */
function registryDay(request: ExportTable["request"], lang: ExportTable["request"]["lang"]): string {
  const asOf = registryAsOf(request);
  return asOf ? label("registryAsOf", lang).replace("{date}", asOf) : label("registryToday", lang);
}

/** The sources sheet: what the file is, for whom and as of when, the datasets, and each column's field in the API. */
function sourcesSheet(
  workbook: ExcelJS.Workbook,
  table: ExportTable,
  identity: Identity,
  generatedAt: Date,
): void {
  const { request } = table;
  const lang = request.lang;
  const sheet = workbook.addWorksheet(label("sheetSources", lang));
  sheet.getColumn(1).width = 34;
  sheet.getColumn(2).width = 90;
  sheet.addRow([label("exportTitle", lang)]).font = { bold: true, size: 13 };
  const synthetic = table.sources.some((source) => source.kind === "SYNTHETIC");
  if (synthetic) sheet.addRow([label("notice", lang), label("syntheticNotice", lang)]).font = BOLD;
  const facts: [string, string][] = [
    [label("period", lang), `${request.from} – ${request.to}`],
    [label("level", lang), label(request.level, lang)],
    [label("parent", lang), request.parent ?? label("allPeru", lang)],
    [
      label("granularity", lang),
      request.granularity === null ? label("wholePeriod", lang) : label(request.granularity, lang),
    ],
    [label("viewer", lang), label(identity.viewer.role === "PUBLIC" ? "viewPublic" : "viewToken", lang)],
    [label("generatedAt", lang), `${generatedAt.toISOString().slice(0, 19).replace("T", " ")} UTC`],
    // The day REINFO's figures stand at: the period's last day, or today (one per bucket in a series).
    ...(request.granularity === null
      ? [[label("registry", lang), registryDay(request, lang)] as [string, string]]
      : []),
    [label("registry", lang), label("registryNote", lang)],
    [label("notes", lang), label("rounding", lang)],
  ];
  for (const fact of facts) sheet.addRow(fact).getCell(1).font = BOLD;

  sheet.addRow([]);
  sheet.addRow([label("datasetsTitle", lang)]).font = { bold: true, size: 12 };
  const datasets = sheet.addRow([label("kind", lang), label("dataset", lang)]);
  datasets.font = BOLD;
  for (const source of table.sources) {
    sheet.addRow([label(`kind${source.kind}` as Key, lang) ?? source.kind, source.dataset ?? ""]);
  }

  sheet.addRow([]);
  sheet.addRow([label("columnsTitle", lang)]).font = { bold: true, size: 12 };
  sheet.addRow([label("column", lang), label("field", lang)]).font = BOLD;
  for (const column of FIGURE_COLUMNS) {
    sheet.addRow([headerOf(column, lang), fieldOf(column, request.granularity !== null)]);
  }
}

/**
 * `GET /exports/indicators.xlsx?from=…&to=…[&level=…][&parent=…][&granularity=…][&lang=en]`: the CSV's table as an
 * Excel workbook written with exceljs. "Indicadores" holds real number cells in the dashboard's formats (rates as
 * percentages), UBIGEO as text cells (`@`), the header row frozen and filterable; "Notas" lists every empty cell
 * and why; "Fuentes" says what the file covers, for which viewer, when it was generated, the datasets behind the
 * figures (synthetic demo data said as such) and the API field of every column.
 */
export function indicatorsXlsx(deps: RouteDeps): RouteHandler {
  return async (request, response, identity) => {
    request.resume();
    if (refusedMethod(request.method, response, identity)) return;
    const parsed = exportRequest(new URL(request.url ?? "/", "http://localhost").searchParams, "xlsx");
    if ("field" in parsed) {
      return jsonError(response, 400, { ...parsed, code: "BAD_USER_INPUT" }, identity);
    }
    const table = await exportAnswer(deps, parsed, identity, response);
    if (!table) return;
    const generatedAt = new Date();
    const workbook = new ExcelJS.Workbook();
    workbook.creator = "Tinkuy";
    workbook.created = generatedAt;
    dataSheet(workbook, table);
    notesSheet(workbook, table);
    sourcesSheet(workbook, table, identity, generatedAt);
    const body = Buffer.from(await workbook.xlsx.writeBuffer());
    response.writeHead(200, {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="${fileName(table, "xlsx")}"`,
      "content-length": body.length,
      "cache-control": "no-store",
      ...(table.warnings.length > 0 ? { "x-tinkuy-warnings": table.warnings.join(", ") } : {}),
    });
    response.end(request.method === "HEAD" ? undefined : body);
  };
}

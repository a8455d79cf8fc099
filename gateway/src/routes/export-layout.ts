import type { Lang } from "../../web/i18n.ts";
import type { FigureColumn } from "./export-columns.ts";
import { label } from "./export-labels.ts";
import type { ExportRequest } from "./export-request.ts";
import type { ExportRow, ExportTable } from "./export-table.ts";

/** A column's header in `lang`: the dashboard's label, after its pillar's name where it needs one. */
export function headerOf(column: FigureColumn, lang: Lang): string {
  const [first = "", ...rest] = column.header.map((key) => label(key, lang));
  return rest.reduce((text, part) => (part.startsWith("(") ? `${text} ${part}` : `${text}: ${part}`), first);
}

/** The headers of the columns before the figures: the region, and a series row's bucket. */
export function leadingHeaders(request: ExportRequest): string[] {
  const lang = request.lang;
  const region = [label("ubigeo", lang), label(request.level, lang)];
  return request.granularity === null
    ? region
    : [...region, label("bucketFrom", lang), label("bucketTo", lang), label("partial", lang)];
}

/** The headers of the columns after the figures: why cells are empty, the datasets, the synthetic-data notice. */
export function trailingHeaders(lang: Lang): string[] {
  return [label("notes", lang), label("figureSources", lang), label("notice", lang)];
}

/** A row's notes cell: each empty figure's column and why (`Puestos de vigilancia: no disponible para su rol`). */
export function notesText(row: ExportRow, lang: Lang): string {
  return row.notes.map((note) => `${headerOf(note.column, lang)}: ${note.reason}`).join("; ");
}

/** A row's sources cell: `SYNTHETIC tinkuy-demo; OFFICIAL reinfo-2025-06`. */
export function sourcesText(row: ExportRow): string {
  return row.sources.map((s) => (s.dataset ? `${s.kind} ${s.dataset}` : s.kind)).join("; ");
}

/** A row's notice cell: said in the row itself, since a spreadsheet shows no HTTP header. */
export function noticeText(row: ExportRow, lang: Lang): string {
  return row.sources.some((source) => source.kind === "SYNTHETIC") ? label("syntheticNotice", lang) : "";
}

/**
 * The file's name: `tinkuy-indicadores-2025-01-01_2025-12-31.csv` for the departments, with the parent, the level
 * and the granularity when they are not the defaults (`tinkuy-indicadores-17-distrito-…-mes.xlsx`).
 */
export function fileName(table: ExportTable, extension: "csv" | "xlsx"): string {
  const { request } = table;
  const lang = request.lang;
  const parts = [`tinkuy-${lang === "es" ? "indicadores" : "indicators"}`];
  if (request.parent) parts.push(request.parent);
  if (request.level !== "DEPARTMENT") parts.push(label(request.level, lang).toLowerCase());
  parts.push(`${request.from}_${request.to}`);
  if (request.granularity) parts.push(label(request.granularity, lang));
  // ASCII only: a header value must be, and every tool reads such a name.
  const name = parts
    .join("-")
    .normalize("NFD")
    .replace(/[^\x20-\x7e]/g, "");
  return `${name}.${extension}`;
}

import { regionCatalog, seriesBuckets, type Granularity } from "@tinkuy/kit";
import type { Lang } from "../../web/i18n.ts";

/** The longest period the figures accept (the subgraphs' `parsePeriod` limit), checked here to name the parameter. */
const MAX_YEARS = 30;

/** The API's region levels, from Peru as a whole down to districts. */
export type ExportLevel = "COUNTRY" | "DEPARTMENT" | "PROVINCE" | "DISTRICT";

/** How many UBIGEO digits each level's codes have (Peru's is `00`, above every department). */
export const LEVEL_DIGITS: Record<ExportLevel, number> = {
  COUNTRY: 0,
  DEPARTMENT: 2,
  PROVINCE: 4,
  DISTRICT: 6,
};

const LEVELS = Object.keys(LEVEL_DIGITS) as ExportLevel[];

/**
 * The most rows (regions × buckets) a series export is answered with: more cannot be answered within the
 * gateway's subgraph timeout (10 s by default), so it is refused up front instead of failing with a 503 after
 * it. Measured at seed scale 1 on a 2-core machine: Peru's 1,891 districts by quarter for a year (7,564 rows) in
 * 8–10 s and by month for a year (22,692) in 15–18 s; by month for two years (45,384) the formalization pillar
 * timed out. The 25 departments by month over 30 years (9,000) took 8 s, a department's districts by month for
 * two years (Lima: 4,104) 3 s.
 */
export const MAX_SERIES_ROWS = 10_000;

const LEVEL_NAMES: Record<ExportLevel, string> = {
  COUNTRY: "country",
  DEPARTMENT: "departments",
  PROVINCE: "provinces",
  DISTRICT: "districts",
};
const BUCKET_NAMES: Record<Granularity, string> = { MONTH: "months", QUARTER: "quarters", YEAR: "years" };
const GRANULARITIES: readonly Granularity[] = ["MONTH", "QUARTER", "YEAR"];

/** An indicators export's options as the query string gives them, checked. */
export interface ExportRequest {
  from: string;
  to: string;
  level: ExportLevel;
  /** All regions of `level` under this UBIGEO; null: all of Peru. */
  parent: string | null;
  /** Null: one row per region for the whole period; else one row per region and calendar bucket. */
  granularity: Granularity | null;
  lang: Lang;
  /** The CSV's field separator (`;` writes decimal commas); always `,` for the XLSX, which has no separator. */
  separator: "," | ";";
}

/** A parameter the export refuses: named, with how to fix it. */
export interface BadParameter {
  field: string;
  message: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UBIGEO = /^(\d{2}|\d{4}|\d{6})$/;

/** A calendar date `YYYY-MM-DD` that exists (not `2025-02-30`), as UTC midnight; null otherwise. */
function calendarDate(text: string): Date | null {
  if (!DATE.test(text)) return null;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? null : date;
}

/** The level just below a parent code's (a department's provinces, Peru's departments). */
function levelBelow(parent: string): ExportLevel {
  const digits = parent === "00" ? 0 : parent.length;
  return LEVELS.find((level) => LEVEL_DIGITS[level] > digits) ?? "DISTRICT";
}

const oneOf = (values: readonly string[]) => values.join(", ");

/** A series export's refusal when it would have more than {@link MAX_SERIES_ROWS} rows; null when it has fewer. */
function tooManyRows(
  level: ExportLevel,
  parent: string | null,
  dates: { from: Date; to: Date },
  granularity: Granularity,
  today: Date,
): BadParameter | null {
  const regions = regionCatalog().list({
    level,
    parent: parent === null || parent === "00" ? undefined : parent,
  });
  const until = new Date(dates.to.getTime() + 86_400_000);
  const buckets = seriesBuckets({ from: dates.from, until }, granularity, today).length;
  const rows = regions.length * buckets;
  if (rows <= MAX_SERIES_ROWS) return null;
  const count = (n: number) => n.toLocaleString("en-US");
  return {
    field: "granularity",
    message:
      `granularity ${granularity} gives ${count(rows)} rows (${count(regions.length)} ${LEVEL_NAMES[level]} × ` +
      `${count(buckets)} ${BUCKET_NAMES[granularity]}), more than the ${count(MAX_SERIES_ROWS)} an export can ` +
      `answer in time: choose a parent (fewer regions), a coarser granularity or a shorter period`,
  };
}

/**
 * Reads and checks an export's query string; the first problem names its parameter. `separator` is accepted only
 * when the format has one (the CSV). A parameter the export does not know is refused too, so a misspelt
 * `level` (`nivel=`) is not silently ignored. A series of more than {@link MAX_SERIES_ROWS} rows (regions under
 * the parent × buckets up to `today`) is refused naming `granularity`.
 */
export function exportRequest(
  search: URLSearchParams,
  format: "csv" | "xlsx",
  today: Date = new Date(),
): ExportRequest | BadParameter {
  const known = [
    "from",
    "to",
    "level",
    "parent",
    "granularity",
    "lang",
    ...(format === "csv" ? ["separator"] : []),
  ];
  for (const name of new Set(search.keys())) {
    if (!known.includes(name)) {
      return { field: name, message: `${name} is not a parameter of this export (known: ${oneOf(known)})` };
    }
    if (search.getAll(name).length > 1) return { field: name, message: `${name} is given more than once` };
  }
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

  const parent = search.get("parent");
  if (parent !== null && !UBIGEO.test(parent)) {
    return { field: "parent", message: `parent must be a UBIGEO code of 2, 4 or 6 digits, got "${parent}"` };
  }
  const levelText = search.get("level");
  if (levelText !== null && !LEVELS.includes(levelText as ExportLevel)) {
    return { field: "level", message: `level must be one of ${oneOf(LEVELS)}, got "${levelText}"` };
  }
  const level = (levelText as ExportLevel | null) ?? (parent === null ? "DEPARTMENT" : levelBelow(parent));
  if (parent !== null) {
    const digits = parent === "00" ? 0 : parent.length;
    if (LEVEL_DIGITS[level] <= digits) {
      return {
        field: "level",
        message: `level ${level} has no regions under parent ${parent}: choose a level below the parent's`,
      };
    }
  }

  const granularity = search.get("granularity");
  if (granularity !== null && !GRANULARITIES.includes(granularity as Granularity)) {
    return {
      field: "granularity",
      message: `granularity must be one of ${oneOf(GRANULARITIES)}, got "${granularity}"`,
    };
  }
  const tooLong =
    granularity === null ? null : tooManyRows(level, parent, dates, granularity as Granularity, today);
  if (tooLong) return tooLong;
  const separator = search.get("separator") ?? ",";
  if (separator !== "," && separator !== ";") {
    return {
      field: "separator",
      message: `separator must be "," or ";" (URL-encoded %3B), got "${separator}"`,
    };
  }
  const lang = search.get("lang") ?? "es";
  if (lang !== "es" && lang !== "en") {
    return { field: "lang", message: `lang must be es or en, got "${lang}"` };
  }
  return {
    from: search.get("from") ?? "",
    to: search.get("to") ?? "",
    level,
    parent: parent === "00" ? null : parent,
    granularity: granularity as Granularity | null,
    lang,
    separator,
  };
}

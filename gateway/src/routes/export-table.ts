import { seriesBuckets } from "@tinkuy/kit";
import type { GraphQLFormattedError } from "graphql";
import type { Lang } from "../../web/i18n.ts";
import { FIGURE_COLUMNS, type FigureColumn } from "./export-columns.ts";
import { label } from "./export-labels.ts";
import {
  PARTS,
  type ExportRegion,
  type FigureSource,
  type Figures,
  type Part,
} from "../../operations/export-query.ts";
import type { ExportRequest } from "./export-request.ts";
import { roundAs } from "./export-number.ts";

/** Why a figure cell is empty, in the reader's language: never a bare blank that reads as zero. */
export interface CellNote {
  column: FigureColumn;
  reason: string;
}

/** A calendar bucket of a series row, as the API dates it. */
export interface RowBucket {
  from: string;
  to: string;
  partial: boolean;
}

/** One row of an export: a region, or a region in one bucket. */
export interface ExportRow {
  ubigeo: string;
  name: string;
  bucket: RowBucket | null;
  /** One per {@link FIGURE_COLUMNS}, rounded as the dashboard shows it (a rate as a percentage); null: empty. */
  values: (number | null)[];
  notes: CellNote[];
  sources: FigureSource[];
}

/** What both exports write: the rows, and what the whole answer says about its sources and gaps. */
export interface ExportTable {
  request: ExportRequest;
  rows: ExportRow[];
  /** Every dataset behind any row, once each. */
  sources: FigureSource[];
  /** One entry per kind of gap, without list indices (`regions.eradication.outposts FORBIDDEN`). */
  warnings: string[];
}

type Path = readonly (string | number)[];

const pathKey = (path: Path) => path.join(".");

/** A warning per kind of gap: `regions.eradication.outposts FORBIDDEN`, `recovery SUBGRAPH_UNAVAILABLE`. */
function warningsOf(errors: readonly GraphQLFormattedError[]): string[] {
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

/** Datasets once each, in the order first listed. */
function distinct(sources: Iterable<FigureSource>): FigureSource[] {
  const seen = new Map<string, FigureSource>();
  for (const source of sources) seen.set(`${source.kind} ${source.dataset ?? ""}`, source);
  return [...seen.values()];
}

/**
 * The reason a cell is empty: an error at the cell or above it (the viewer may not see it), a pillar the figure
 * needs that did not answer, a ratio without denominator, or no figure at all.
 */
function reasonFor(
  column: FigureColumn,
  paths: readonly Path[],
  errorAt: ReadonlyMap<string, string>,
  unavailable: ReadonlySet<string>,
  lang: Lang,
): string {
  for (const path of paths) {
    const code = errorAt.get(pathKey(path));
    if (code === "FORBIDDEN") return label("forbidden", lang);
    if (code !== undefined && code !== "SUBGRAPH_UNAVAILABLE") return `${label("noData", lang)} (${code})`;
  }
  const down = column.pillars.find((pillar) => unavailable.has(pillar));
  if (down) return label("unavailable", lang).replace("{pillar}", label(down, lang));
  return column.noDenominator ? label(column.noDenominator, lang) : label("noData", lang);
}

/** Where in the answer a column's cell of a row is (and everything above it, nearest first), for its errors. */
type PathsOf = (column: FigureColumn) => Path[];

/** The paths of a whole-period row's cells: regions.<i>.<part>.<field>. */
const periodPaths =
  (index: number): PathsOf =>
  (column) => [
    ["regions", index, column.part, column.field],
    ["regions", index, column.part],
  ];

/**
 * The paths of a series row's cells: regions.<i>.<part>.series.<j>.<field> where the part's series has the
 * bucket at j; the series and the part where the part has no series at all; none where only the bucket is missing.
 */
const seriesPaths =
  (index: number, points: Record<Part, number | "none" | "missing">): PathsOf =>
  (column) => {
    const part = ["regions", index, column.part] as const;
    const point = points[column.part];
    if (point === "missing") return [];
    if (point === "none") return [[...part, "series"], [...part]];
    return [
      [...part, "series", point, column.field],
      [...part, "series", point],
      [...part, "series"],
      [...part],
    ];
  };

/** One row from each part's figures (the whole period's, or one bucket's point of each part's series). */
function rowOf(
  region: ExportRegion,
  figures: Record<Part, Figures | null>,
  bucket: RowBucket | null,
  pathsOf: PathsOf,
  errorAt: ReadonlyMap<string, string>,
  unavailable: ReadonlySet<string>,
  lang: Lang,
): ExportRow {
  const notes: CellNote[] = [];
  const values = FIGURE_COLUMNS.map((column) => {
    const part = figures[column.part];
    const value = part ? roundAs(column.read(part), column.kind) : null;
    if (value === null) {
      notes.push({ column, reason: reasonFor(column, pathsOf(column), errorAt, unavailable, lang) });
    }
    return value;
  });
  const sources = distinct(PARTS.flatMap((part) => figures[part]?.sources ?? []));
  return { ubigeo: region.ubigeo, name: region.name, bucket, values, notes, sources };
}

/**
 * The export's table from the answer of `EXPORT_PERIOD_QUERY` or `EXPORT_SERIES_QUERY` and its errors: one row per
 * region (in code order) or, with a granularity, per region and calendar bucket (the kit's buckets, as every
 * pillar's `series` splits the period), each figure rounded as the dashboard shows it and each empty cell noted.
 */
export function exportTable(
  request: ExportRequest,
  regions: readonly ExportRegion[],
  errors: readonly GraphQLFormattedError[],
  today: Date = new Date(),
): ExportTable {
  const errorAt = new Map<string, string>();
  const unavailable = new Set<string>();
  for (const error of errors) {
    const code = String(error.extensions?.["code"] ?? "ERROR");
    if (error.path) errorAt.set(pathKey(error.path), code);
    const pillar = error.extensions?.["pillar"];
    if (code === "SUBGRAPH_UNAVAILABLE" && typeof pillar === "string") unavailable.add(pillar);
  }
  const lang = request.lang;
  const ordered = regions
    .map((region, index) => ({ region, index }))
    .sort((a, b) => (a.region.ubigeo < b.region.ubigeo ? -1 : a.region.ubigeo > b.region.ubigeo ? 1 : 0));
  const rows: ExportRow[] = [];
  if (request.granularity === null) {
    for (const { region, index } of ordered) {
      rows.push(rowOf(region, region, null, periodPaths(index), errorAt, unavailable, lang));
    }
  } else {
    const from = new Date(`${request.from}T00:00:00Z`);
    const until = new Date(new Date(`${request.to}T00:00:00Z`).getTime() + 86_400_000);
    const buckets = seriesBuckets({ from, until }, request.granularity, today).map((bucket) => ({
      from: bucket.from.toISOString().slice(0, 10),
      to: bucket.to.toISOString().slice(0, 10),
      partial: bucket.partial,
    }));
    for (const { region, index } of ordered) {
      for (const bucket of buckets) {
        const figures = {} as Record<Part, Figures | null>;
        const points = {} as Record<Part, number | "none" | "missing">;
        for (const part of PARTS) {
          const series = region[part]?.series;
          const point = series ? series.findIndex((p) => p.from === bucket.from) : -1;
          figures[part] = series?.[point] ?? null;
          points[part] = !series ? "none" : point < 0 ? "missing" : point;
        }
        rows.push(rowOf(region, figures, bucket, seriesPaths(index, points), errorAt, unavailable, lang));
      }
    }
  }
  return {
    request,
    rows,
    sources: distinct(rows.flatMap((row) => row.sources)),
    warnings: warningsOf(errors),
  };
}

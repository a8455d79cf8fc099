import type { ChartConfiguration, ChartDataset } from "chart.js";
import { graphql, missingAt, type Answer } from "./api.ts";
import { h } from "./dom.ts";
import { formatBucket, formatDate, formatNumber, type Kind } from "./format.ts";
import { LOCALES, STRINGS, type Key, type Lang } from "./i18n.ts";
import { PALETTE } from "./palette.ts";
import type { Period } from "./period.ts";
import { readState } from "./url-state.ts";
import {
  TRENDS_QUERY,
  type Bucket,
  type Granularity,
  type RegionTrends,
} from "../operations/trends-query.ts";

/** The parts a trend is drawn for: every part of the trends' answer (the pillars and the cross-pillar indicators). */
export type TrendPillar = Exclude<keyof RegionTrends, "ubigeo">;

/** The URL's `vista` for each granularity of the trend view (absent: the period's totals). */
const VIEWS: Record<Granularity, string> = { MONTH: "mensual", QUARTER: "trimestral", YEAR: "anual" };

/** The trend view's granularity a `vista` value asks for; null for the totals (or a value the page does not use). */
export function granularityOf(view: string | null): Granularity | null {
  const found = Object.entries(VIEWS).find(([, name]) => name === view);
  return found ? (found[0] as Granularity) : null;
}

/** The `vista` value of a granularity; null (no parameter) for the totals. */
export function viewOf(granularity: Granularity | null): string | null {
  return granularity === null ? null : VIEWS[granularity];
}

/** The granularity of the trend view the URL shows; null when the detail shows the period's totals. */
export function shownGranularity(): Granularity | null {
  return granularityOf(readState().view);
}

/** One figure of a pillar's trend: where it is in a point, how it is shown, and on which axis. */
interface Series {
  field: string;
  label: Key;
  kind: Kind;
  colour: string;
  /** The right-hand axis, for a figure of another magnitude (soles beside counts). */
  right?: boolean;
  read(point: Record<string, unknown>): number | string | null;
}

const at = (field: string) => (point: Record<string, unknown>) => point[field] as number | string | null;

/** What each pillar's trend draws, Okabe–Ito colours (told apart with any colour vision). */
export const TREND_SERIES: Record<TrendPillar, readonly Series[]> = {
  eradication: [
    { field: "operations", label: "operations", kind: "count", colour: PALETTE.blue, read: at("operations") },
    { field: "arrests", label: "arrests", kind: "count", colour: PALETTE.orange, read: at("arrests") },
    {
      field: "value",
      label: "value",
      kind: "money",
      colour: PALETTE.vermillion,
      right: true,
      read: at("value"),
    },
  ],
  formalization: [
    { field: "active", label: "active", kind: "count", colour: PALETTE.blue, read: at("active") },
    { field: "suspended", label: "suspended", kind: "count", colour: PALETTE.orange, read: at("suspended") },
    { field: "excluded", label: "excluded", kind: "count", colour: PALETTE.vermillion, read: at("excluded") },
    {
      field: "formalized",
      label: "formalized",
      kind: "count",
      colour: PALETTE.green,
      read: at("formalized"),
    },
  ],
  recovery: [
    {
      field: "hectaresDegraded",
      label: "hectaresDegraded",
      kind: "hectares",
      colour: PALETTE.vermillion,
      read: at("hectaresDegraded"),
    },
    {
      field: "hectaresRestored",
      label: "hectaresRestored",
      kind: "hectares",
      colour: PALETTE.green,
      read: at("hectaresRestored"),
    },
    {
      field: "degradedAreasDetected",
      label: "degradedAreas",
      kind: "count",
      colour: PALETTE.purple,
      right: true,
      read: at("degradedAreasDetected"),
    },
  ],
  livelihoods: [
    {
      field: "activeProjects",
      label: "activeProjects",
      kind: "count",
      colour: PALETTE.blue,
      read: at("activeProjects"),
    },
    {
      field: "beneficiaries",
      label: "beneficiaries",
      kind: "count",
      colour: PALETTE.green,
      right: true,
      read: (point) => (point["beneficiaries"] as { total: number } | undefined)?.total ?? null,
    },
  ],
  // By month or quarter, a yearly-only accrual is in no bucket's `executed` (the panel's note says so).
  services: [
    {
      field: "activeProjects",
      label: "investmentProjects",
      kind: "count",
      colour: PALETTE.blue,
      read: at("activeProjects"),
    },
    {
      field: "executed",
      label: "investmentExecuted",
      kind: "money",
      colour: PALETTE.green,
      right: true,
      read: at("executed"),
    },
  ],
  // The ratios of like magnitudes; investment per active record (soles, in thousands) is left to the totals: on
  // the right-hand axis it would flatten operations per thousand.
  indicators: [
    {
      field: "operationsPerThousandActiveRecords",
      label: "operationsPerThousand",
      kind: "ratio",
      colour: PALETTE.blue,
      right: true,
      read: at("operationsPerThousandActiveRecords"),
    },
    {
      field: "restoredPerDegradedHectare",
      label: "restoredPerDegraded",
      kind: "ratio",
      colour: PALETTE.green,
      read: at("restoredPerDegradedHectare"),
    },
    {
      field: "degradedHectaresPerActiveRecord",
      label: "degradedPerActive",
      kind: "ratio",
      colour: PALETTE.vermillion,
      read: at("degradedHectaresPerActiveRecord"),
    },
    {
      field: "formerMinerBeneficiariesPerExcludedRecord",
      label: "formerMinersPerExcluded",
      kind: "ratio",
      colour: PALETTE.purple,
      read: at("formerMinerBeneficiariesPerExcludedRecord"),
    },
    {
      field: "operationsPerMillionSolesInvested",
      label: "operationsPerMillionInvested",
      kind: "ratio",
      colour: PALETTE.sky,
      read: at("operationsPerMillionSolesInvested"),
    },
  ],
};

/** A point of any pillar's series: its bucket and its figures. */
type Point = Bucket & Record<string, unknown>;

const answers = new Map<string, Promise<Answer<{ region: RegionTrends | null }>>>();

/**
 * One region's five pillars over `period` by `granularity`, in one request (each pillar's `series`); asked once
 * per region, period, granularity and viewer, so switching languages or coming back redraws without asking again.
 */
export function loadTrends(
  ubigeo: string,
  period: Period,
  granularity: Granularity,
  token: string,
): Promise<Answer<{ region: RegionTrends | null }>> {
  const key = JSON.stringify([ubigeo, period.from, period.to, granularity, token]);
  let answer = answers.get(key);
  if (!answer) {
    answer = graphql<{ region: RegionTrends | null }>(
      TRENDS_QUERY,
      { ubigeo, period: { from: period.from, to: period.to }, granularity },
      token,
    );
    // A failed request is asked again next time instead of being remembered.
    answer.catch(() => answers.delete(key));
    answers.set(key, answer);
  }
  return answer;
}

/** The points of one pillar in an answer; null when the viewer or the pillar could not. */
export function pillarPoints(region: RegionTrends | null | undefined, pillar: TrendPillar): Point[] | null {
  const part = region?.[pillar];
  return part ? (part.series as unknown as Point[]) : null;
}

/** `hectaresDegraded` as `hectares-degraded`. */
function kebab(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** A bucket's name with its dates: `ene. 2025 (01/01/2025–31/01/2025)`. */
function bucketDates(point: Bucket): string {
  return `${formatDate(point.from)}–${formatDate(point.to)}`;
}

/**
 * The series as a table: one row per bucket, its dates, each figure, and "parcial" on a bucket still open. It is
 * the chart's text alternative (the chart's canvas is described by it) and what a reader copies.
 */
export function trendTable(
  id: string,
  pillar: TrendPillar,
  points: readonly Point[],
  granularity: Granularity,
  lang: Lang,
): HTMLElement {
  const t = STRINGS[lang];
  const series = TREND_SERIES[pillar];
  return h(
    "details",
    { class: "trend-table", "data-pillar": pillar },
    h("summary", {}, t.trendTable),
    // Its own scrolling box on a narrow screen, which the keyboard reaches too.
    h(
      "div",
      {
        class: "table-scroll",
        tabindex: 0,
        role: "region",
        "aria-label": `${t[pillar]}: ${t[`trend${granularity}` as Key]}`,
      },
      h(
        "table",
        { id },
        h("caption", {}, `${t[pillar]}: ${t[`trend${granularity}` as Key]}`),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, t.trendBucket),
            ...series.map((s) => h("th", { scope: "col" }, t[s.label])),
          ),
        ),
        h(
          "tbody",
          {},
          ...points.map((point) =>
            h(
              "tr",
              {
                "data-from": point.from,
                "data-to": point.to,
                "data-partial": String(point.partial),
                class: point.partial ? "partial" : undefined,
                // `data-hectares-degraded`: attribute names are lower case, so the field's words are dashed.
                ...Object.fromEntries(
                  series.map((s) => [`data-${kebab(s.field)}`, String(s.read(point) ?? "")]),
                ),
              },
              h(
                "th",
                { scope: "row" },
                formatBucket(point.from, granularity, lang),
                h("span", { class: "bucket-dates" }, ` ${bucketDates(point)}`),
                ...(point.partial ? [h("span", { class: "partial-mark" }, ` (${t.partial})`)] : []),
              ),
              ...series.map((s) => {
                const value = s.read(point);
                return h("td", {}, value === null ? "—" : formatNumber(value, s.kind, lang));
              }),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * A pillar's trend as a line chart: one line per figure, a partial bucket's point hollow and the line to it
 * dashed and lighter, its axis label marked "parcial", so a month still under way never reads as a fall.
 */
export function trendChart(
  pillar: TrendPillar,
  points: readonly Point[],
  granularity: Granularity,
  lang: Lang,
): ChartConfiguration<"line"> {
  const t = STRINGS[lang];
  const locale = LOCALES[lang];
  const compact = new Intl.NumberFormat(locale, { notation: "compact" });
  const series = TREND_SERIES[pillar];
  const partial = (index: number) => points[index]?.partial === true;
  const datasets: ChartDataset<"line">[] = series.map((s) => ({
    label: t[s.label],
    data: points.map((point) => {
      const value = s.read(point);
      return value === null ? null : Number(value);
    }),
    borderColor: s.colour,
    backgroundColor: s.colour,
    yAxisID: s.right ? "right" : "left",
    spanGaps: false,
    pointRadius: points.map((_, i) => (partial(i) ? 5 : 3)),
    pointBackgroundColor: points.map((_, i) => (partial(i) ? "#ffffff" : s.colour)),
    pointStyle: points.map((_, i) => (partial(i) ? "rectRot" : "circle")),
    segment: {
      borderDash: (context) => (partial(context.p1DataIndex) ? [6, 4] : undefined),
      borderColor: (context) => (partial(context.p1DataIndex) ? `${s.colour}88` : undefined),
    },
  }));
  const right = series.some((s) => s.right);
  const labels = points.map((point) => {
    const name = formatBucket(point.from, granularity, lang);
    return point.partial ? [name, `(${t.partial})`] : name;
  });
  // At most about eight names along the axis.
  const step = Math.max(1, Math.ceil(points.length / 8));
  return {
    type: "line",
    data: { labels, datasets },
    options: {
      locale,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            title: (items) => {
              const point = points[items[0]?.dataIndex ?? 0];
              if (!point) return "";
              const name = `${formatBucket(point.from, granularity, lang)} · ${bucketDates(point)}`;
              return point.partial ? `${name} (${t.partial})` : name;
            },
          },
        },
      },
      scales: {
        // Every few buckets named, and always a partial one, so its "parcial" is never skipped for room.
        x: {
          ticks: {
            autoSkip: false,
            callback: (_: unknown, index: number) =>
              partial(index) || index % step === 0 ? (labels[index] ?? "") : "",
          },
        },
        left: {
          type: "linear",
          position: "left",
          beginAtZero: true,
          // Whole ticks for counts; ratios keep their decimals.
          ticks: series.every((s) => s.right || s.kind === "count") ? { precision: 0 } : {},
        },
        ...(right
          ? {
              right: {
                type: "linear" as const,
                position: "right" as const,
                beginAtZero: true,
                grid: { drawOnChartArea: false },
                ticks: { callback: (value: number | string) => compact.format(Number(value)) },
              },
            }
          : {}),
      },
    },
  };
}

/** Why a pillar's trend is missing from an answer, in words (the viewer may not see it, or it did not answer). */
export function trendMissing(errors: Answer<unknown>["errors"], pillar: TrendPillar, lang: Lang): string {
  const t = STRINGS[lang];
  return missingAt(errors, ["region", pillar]) === "forbidden" ? t.hiddenNote : t.unavailableNote;
}

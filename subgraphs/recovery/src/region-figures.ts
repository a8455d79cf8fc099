import {
  NATIONAL_UBIGEO,
  regionCatalog,
  splitPeriod,
  type PeriodSplit,
  type SourceCounter,
} from "@tinkuy/kit";
import DataLoader from "dataloader";
import { edgeKey, edgeReader } from "./edge-flows.ts";
import { LARGE_BATCH } from "./large-batch.ts";
import type { Models, RegionStatsDoc } from "./models.ts";
import { RISK_KEYS, type RiskKey } from "./vocabulary.ts";

/** A region and a half-open period (`until` excluded), as the figures loader takes them. */
export interface FiguresKey {
  ubigeo: string;
  from: Date;
  until: Date;
}

/** A region's recovery figures for a period (surfaces in ares), and what has no period. */
export interface Figures {
  degradedAres: number;
  degradedAreas: number;
  restoredAres: number;
  liabilities: Record<RiskKey, number>;
  activeProjects: number;
  /** The counters' `sources` maps behind these figures (summed by `sumSources` when asked). */
  sources: Record<string, SourceCounter>[];
  /**
   * The part of `sources` behind the period's flows only (areas detected, progress-report rows restoring in
   * it), without the liabilities and projects counted whatever the period: what the indicators' numerators count.
   */
  periodSources: Record<string, SourceCounter>[];
}

function emptyFigures(): Figures {
  return {
    degradedAres: 0,
    degradedAreas: 0,
    restoredAres: 0,
    liabilities: { VERY_HIGH: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 },
    activeProjects: 0,
    sources: [],
    periodSources: [],
  };
}

/** One region's counters as a batch read them: its totals, its months' flows, its removals from the inventory. */
interface Counters {
  totals: RegionStatsDoc[];
  months: Map<string, RegionStatsDoc[]>;
  removals: RegionStatsDoc[];
}

/** The month after `YYYY-MM`. */
function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const next = Number(month.slice(5, 7)) + 1;
  return next > 12 ? `${year + 1}-01` : `${String(year)}-${String(next).padStart(2, "0")}`;
}

/**
 * Every counter a batch's keys need, in one find: each code's totals (liabilities, projects in progress), its
 * months from the earliest to the latest any key asks of it (codes asking the same months share a clause of the
 * `$or`), and its removals from the inventory since the earliest day after a period's end. Peru (`00`), which no
 * counter has, is read as its departments.
 */
async function readCounters(
  models: Models,
  keys: readonly FiguresKey[],
  splits: readonly PeriodSplit[],
): Promise<Map<string, Counters>> {
  const ranges = new Map<string, { first: string; last: string } | null>();
  let firstAfter = "9999-12-31";
  keys.forEach((key, i) => {
    const months = (splits[i] as PeriodSplit).months;
    const after = key.until.toISOString().slice(0, 10);
    if (after < firstAfter) firstAfter = after;
    for (const code of countedCodes(key.ubigeo)) {
      const range = ranges.get(code);
      if (!months) {
        if (range === undefined) ranges.set(code, null);
      } else if (!range) {
        ranges.set(code, { ...months });
      } else {
        if (months.first < range.first) range.first = months.first;
        if (months.last > range.last) range.last = months.last;
      }
    }
  });
  const byCode = new Map<string, Counters>();
  if (ranges.size === 0) return byCode;
  const codes = [...ranges.keys()];
  const clauses = new Map<string, { first: string; last: string; codes: string[] }>();
  for (const [code, range] of ranges) {
    if (!range) continue;
    const clause = clauses.get(`${range.first}|${range.last}`);
    if (clause) clause.codes.push(code);
    else clauses.set(`${range.first}|${range.last}`, { ...range, codes: [code] });
  }
  const docs = await models.RegionStats.find({
    $or: [
      { ubigeo: { $in: codes }, month: null },
      // The liabilities removed from the inventory after a period's last day were listed on it.
      { ubigeo: { $in: codes }, removedOn: { $gte: firstAfter } },
      ...[...clauses.values()].map(({ first, last, codes: inRange }) => ({
        ubigeo: { $in: inRange },
        month: { $gte: first, $lte: last },
      })),
    ],
  })
    .batchSize(LARGE_BATCH)
    .lean<RegionStatsDoc[]>()
    .exec();
  for (const doc of docs) {
    let counters = byCode.get(doc.ubigeo);
    if (!counters) byCode.set(doc.ubigeo, (counters = { totals: [], months: new Map(), removals: [] }));
    if (doc.removedOn != null) counters.removals.push(doc);
    else if (doc.month === null) counters.totals.push(doc);
    else counters.months.set(doc.month, [...(counters.months.get(doc.month) ?? []), doc]);
  }
  return byCode;
}

let departmentCodes: string[] | undefined;

/** The codes whose counters make up a region's: its own, or for Peru (`00`, which no counter has) the departments'. */
function countedCodes(ubigeo: string): readonly string[] {
  if (ubigeo !== NATIONAL_UBIGEO) return [ubigeo];
  departmentCodes ??= regionCatalog()
    .list({ level: "DEPARTMENT" })
    .map((department) => department.ubigeo);
  return departmentCodes;
}

/** Adds one region's counters to a key's figures: its totals, its removals after the period, its months in it. */
function addCounters(figures: Figures, counters: Counters, split: PeriodSplit, after: string): void {
  for (const doc of counters.totals) {
    if (doc.sources) figures.sources.push(doc.sources);
    for (const risk of RISK_KEYS) figures.liabilities[risk] += doc.liabilities?.[risk] ?? 0;
    figures.activeProjects += doc.activeProjects ?? 0;
  }
  for (const doc of counters.removals) {
    // Removed on the day after the period's last or later: the inventory listed it on that last day.
    if ((doc.removedOn as string) < after) continue;
    if (doc.sources) figures.sources.push(doc.sources);
    for (const risk of RISK_KEYS) figures.liabilities[risk] += doc.liabilities?.[risk] ?? 0;
  }
  if (!split.months) return;
  for (let month = split.months.first; month <= split.months.last; month = nextMonth(month)) {
    for (const doc of counters.months.get(month) ?? []) {
      if (doc.sources) {
        figures.sources.push(doc.sources);
        figures.periodSources.push(doc.sources);
      }
      figures.degradedAres += doc.degradedAres ?? 0;
      figures.degradedAreas += doc.degradedAreas ?? 0;
      figures.restoredAres += doc.restoredAres ?? 0;
    }
  }
}

/**
 * Region figures for every region and period of a request at once: one find on the counters for all of a
 * batch's keys (their totals, their whole months and the liabilities removed from the inventory after their
 * last days, which the inventory listed then: {@link RegionStatsDoc}), summed per key in memory, plus, only when
 * some period does not start or end on a month boundary, one aggregation per source collection for all those
 * partial months (shared by every later batch of the request). The cost grows neither with the number of
 * regions, nor of periods (a series' buckets, the indicators of many periods), nor of records. Peru (`00`) sums
 * the departments, in the same reads.
 */
export function regionFiguresLoader(models: Models): DataLoader<FiguresKey, Figures, string> {
  const readEdges = edgeReader(models);
  return new DataLoader<FiguresKey, Figures, string>(
    async (keys) => {
      const splits = keys.map((key) => splitPeriod(key.from, key.until));
      const [counters, edges] = await Promise.all([
        readCounters(models, keys, splits),
        readEdges(splits.flatMap((split) => split.edges)),
      ]);
      return keys.map((key, i) => {
        const split = splits[i] as PeriodSplit;
        const figures = emptyFigures();
        const after = key.until.toISOString().slice(0, 10);
        for (const code of countedCodes(key.ubigeo)) {
          const mine = counters.get(code);
          if (mine) addCounters(figures, mine, split, after);
        }
        for (const edge of split.edges) {
          const flow = edges.get(edgeKey(edge))?.get(key.ubigeo);
          if (!flow) continue;
          figures.degradedAres += flow.degradedAres;
          figures.degradedAreas += flow.degradedAreas;
          figures.restoredAres += flow.restoredAres;
          figures.sources.push(flow.sources);
          figures.periodSources.push(flow.sources);
        }
        return figures;
      });
    },
    // No batch limit: a batch's read grows with its distinct regions and months, not with its keys.
    { cacheKeyFn: (key) => `${key.ubigeo}|${edgeKey(key)}` },
  );
}

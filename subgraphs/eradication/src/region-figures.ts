import { NATIONAL_UBIGEO, regionCatalog, splitPeriod, type Period, type PeriodSplit } from "@tinkuy/kit";
import DataLoader from "dataloader";
import {
  addCounters,
  addFigures,
  addOperation,
  emptyFigures,
  type EdgeOperation,
  type Figures,
} from "./figures.ts";
import type { Models, RegionStatsDoc } from "./models.ts";
import { levels } from "./stats-change.ts";

/** Largest batch of documents one read returns, so a read is one command (MongoDB caps a batch at 16 MiB). */
export const LARGE_BATCH = 100_000;

/** A region and a half-open period (`until` excluded), as the figures loader takes them. */
export interface FiguresKey {
  ubigeo: string;
  from: Date;
  until: Date;
}

/** The figures of the operations dated inside one partial month, by region code at every level and for Peru. */
type EdgeFigures = Map<string, Figures>;

const periodKey = (period: Period) => `${period.from.toISOString()}|${period.until.toISOString()}`;

/** The codes whose counters make up a region's: its own, or for Peru (`00`, which no counter has) the departments'. */
function countedCodes(ubigeo: string, departments: () => string[]): string[] {
  return ubigeo === NATIONAL_UBIGEO ? departments() : [ubigeo];
}

/**
 * The counters of the whole months of every key, in one find: each code is read from the earliest to the latest
 * month any key asks of it (codes asking the same months share a clause of the `$or`), and the keys pick their
 * own months in memory. By code, sorted by month; Peru's `00` gathers the departments' counters.
 */
async function readCounters(
  models: Models,
  keys: readonly FiguresKey[],
  splits: readonly PeriodSplit[],
): Promise<Map<string, RegionStatsDoc[]>> {
  let departments: string[] | undefined;
  const departmentCodes = () =>
    (departments ??= regionCatalog()
      .list({ level: "DEPARTMENT" })
      .map((department) => department.ubigeo));
  const ranges = new Map<string, { first: string; last: string }>();
  keys.forEach((key, i) => {
    const months = splits[i]?.months;
    if (!months) return;
    for (const code of countedCodes(key.ubigeo, departmentCodes)) {
      const range = ranges.get(code);
      if (!range) ranges.set(code, { ...months });
      else {
        if (months.first < range.first) range.first = months.first;
        if (months.last > range.last) range.last = months.last;
      }
    }
  });
  const byCode = new Map<string, RegionStatsDoc[]>();
  if (ranges.size === 0) return byCode;
  const clauses = new Map<string, { first: string; last: string; codes: string[] }>();
  for (const [code, { first, last }] of ranges) {
    const clause = clauses.get(`${first}|${last}`);
    if (clause) clause.codes.push(code);
    else clauses.set(`${first}|${last}`, { first, last, codes: [code] });
  }
  const docs = await models.RegionStats.find({
    $or: [...clauses.values()].map(({ first, last, codes }) => ({
      ubigeo: { $in: codes },
      month: { $gte: first, $lte: last },
    })),
  })
    .batchSize(LARGE_BATCH)
    .lean<RegionStatsDoc[]>()
    .exec();
  const file = (code: string, doc: RegionStatsDoc) => {
    const list = byCode.get(code);
    if (list) list.push(doc);
    else byCode.set(code, [doc]);
  };
  for (const doc of docs) {
    file(doc.ubigeo, doc);
    if (doc.ubigeo.length === 2) file(NATIONAL_UBIGEO, doc);
  }
  for (const list of byCode.values())
    list.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  return byCode;
}

/** Adds the counters of `months` from a code's counters sorted by month (a search, then only those months). */
function addMonths(
  figures: Figures,
  sorted: readonly RegionStatsDoc[],
  months: { first: string; last: string },
) {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as RegionStatsDoc).month < months.first) low = middle + 1;
    else high = middle;
  }
  for (let i = low; i < sorted.length && (sorted[i] as RegionStatsDoc).month <= months.last; i++) {
    addCounters(figures, sorted[i] as RegionStatsDoc);
  }
}

/**
 * The operations of one edge (found by date in `byDate`, the edges' operations oldest first), summed for each
 * region at every level they are in, and for Peru.
 */
function edgeFigures(byDate: readonly EdgeOperation[], edge: Period): EdgeFigures {
  const byCode: EdgeFigures = new Map();
  let low = 0;
  let high = byDate.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((byDate[middle] as EdgeOperation).date < edge.from) low = middle + 1;
    else high = middle;
  }
  for (let i = low; i < byDate.length && (byDate[i] as EdgeOperation).date < edge.until; i++) {
    const operation = byDate[i] as EdgeOperation;
    for (const code of [NATIONAL_UBIGEO, ...levels(operation.district)]) {
      let figures = byCode.get(code);
      if (!figures) byCode.set(code, (figures = emptyFigures()));
      addOperation(figures, operation);
    }
  }
  return byCode;
}

/**
 * Reads the partial months (edges) of a request's periods: the edges not read yet by an earlier batch of the
 * request are read together, nationwide, in one find, whatever the number of regions, periods or edges.
 */
function edgeReader(models: Models): (edges: readonly Period[]) => Promise<Map<string, EdgeFigures>> {
  const cache = new Map<string, Promise<EdgeFigures>>();
  return async (edges) => {
    const missing = new Map<string, Period>();
    for (const edge of edges) {
      if (!cache.has(periodKey(edge))) missing.set(periodKey(edge), edge);
    }
    if (missing.size > 0) {
      const operations = models.Operation.find(
        { $or: [...missing.values()].map((edge) => ({ date: { $gte: edge.from, $lt: edge.until } })) },
        { _id: 0, date: 1, district: 1, arrests: 1, results: 1, provenance: 1 },
      )
        .sort({ date: 1 })
        .batchSize(LARGE_BATCH)
        .lean<EdgeOperation[]>()
        .exec();
      for (const [key, edge] of missing)
        cache.set(
          key,
          operations.then((read) => edgeFigures(read, edge)),
        );
    }
    const read = await Promise.all(
      edges.map(
        async (edge) =>
          [periodKey(edge), await (cache.get(periodKey(edge)) as Promise<EdgeFigures>)] as const,
      ),
    );
    return new Map(read);
  };
}

/**
 * Region figures for every region and period of a request at once: one find on the counters for the whole
 * months of all of a batch's keys (summed per key in memory), plus, only when some period does not start or end
 * on a month boundary, one find of the operations inside all those partial edges (shared by every later batch of
 * the request). The cost grows neither with the number of regions, nor of periods (a series' buckets), nor of
 * operations. Peru (`00`) sums the departments, in the same reads.
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
        if (split.months) addMonths(figures, counters.get(key.ubigeo) ?? [], split.months);
        for (const edge of split.edges) {
          const inEdge = edges.get(periodKey(edge))?.get(key.ubigeo);
          if (inEdge) addFigures(figures, inEdge);
        }
        return figures;
      });
    },
    { cacheKeyFn: (key) => `${key.ubigeo}|${periodKey(key)}` },
  );
}

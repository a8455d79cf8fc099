import {
  addSource,
  datasetGroup,
  groupedDataset,
  splitPeriod,
  type PeriodSplit,
  type SourceCounter,
  type SourceDataset,
} from "@tinkuy/kit";
import DataLoader from "dataloader";
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

interface Flow {
  degradedAres: number;
  degradedAreas: number;
  restoredAres: number;
  sources: Record<string, SourceCounter>;
}

/**
 * What was detected and restored inside the edges, by district, read from the source collections: one
 * aggregation on the areas and one on the projects' progress reports, whatever the number of regions. The
 * edges are at most two partial months, so the documents read stay few.
 */
async function edgeFlows(models: Models, edges: PeriodSplit["edges"]): Promise<Map<string, Flow>> {
  const byDistrict = new Map<string, Flow>();
  const flow = (district: string): Flow => {
    let entry = byDistrict.get(district);
    if (!entry) {
      entry = { degradedAres: 0, degradedAreas: 0, restoredAres: 0, sources: {} };
      byDistrict.set(district, entry);
    }
    return entry;
  };
  const inEdges = (field: string) => ({
    $or: edges.map((edge) => ({ [field]: { $gte: edge.from, $lt: edge.until } })),
  });
  const [detected, restored] = await Promise.all([
    models.Area.aggregate<{
      _id: { d: string } & { p: Partial<SourceDataset> | null };
      ares: number;
      n: number;
    }>([
      { $match: inEdges("detectedOn") },
      {
        $group: {
          _id: { d: "$district", p: datasetGroup("$provenance") },
          ares: { $sum: "$ares" },
          n: { $sum: 1 },
        },
      },
    ]),
    models.Project.aggregate<{
      _id: { d: string } & { p: Partial<SourceDataset> | null };
      ares: number;
      n: number;
    }>([
      { $match: inEdges("progress.date") },
      { $unwind: "$progress" },
      { $match: inEdges("progress.date") },
      { $unwind: "$progress.areas" },
      {
        $group: {
          _id: { d: "$progress.areas.district", p: datasetGroup("$progress.provenance") },
          ares: { $sum: "$progress.areas.ares" },
          n: { $sum: 1 },
        },
      },
    ]),
  ]);
  for (const { _id, ares, n } of detected) {
    const entry = flow(_id.d);
    entry.degradedAres += ares;
    entry.degradedAreas += n;
    addSource(entry.sources, groupedDataset(_id.p), n);
  }
  for (const { _id, ares, n } of restored) {
    const entry = flow(_id.d);
    entry.restoredAres += ares;
    addSource(entry.sources, groupedDataset(_id.p), n);
  }
  return byDistrict;
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

/**
 * Region figures for every region and period of a request at once. Per period: one find on the counters (the
 * regions' totals, their whole months, and the liabilities removed from the inventory after the period's last
 * day, which the inventory listed on it: {@link RegionStatsDoc}), plus, only when the period does not start or end on a
 * month boundary, the two edge aggregations (shared by every batch of the request). The cost does not grow
 * with the number of regions or of records.
 */
export function regionFiguresLoader(models: Models): DataLoader<FiguresKey, Figures, string> {
  const edgeCache = new Map<string, Promise<Map<string, Flow>>>();
  const periodKey = (key: FiguresKey) => `${key.from.toISOString()}|${key.until.toISOString()}`;
  return new DataLoader<FiguresKey, Figures, string>(
    async (keys) => {
      const byPeriod = new Map<string, FiguresKey[]>();
      for (const key of keys) byPeriod.set(periodKey(key), [...(byPeriod.get(periodKey(key)) ?? []), key]);
      const results = new Map<string, Figures>();
      await Promise.all(
        [...byPeriod].map(async ([period, group]) => {
          const first = group[0] as FiguresKey;
          const split = splitPeriod(first.from, first.until);
          const codes = [...new Set(group.map((key) => key.ubigeo))];
          // The liabilities removed from the inventory after the period's last day were listed on it.
          const untilDay = first.until.toISOString().slice(0, 10);
          const when: Record<string, unknown>[] = [{ month: null }, { removedOn: { $gte: untilDay } }];
          if (split.months) when.push({ month: { $gte: split.months.first, $lte: split.months.last } });
          const statsQuery = models.RegionStats.find({ ubigeo: { $in: codes }, $or: when }).lean<
            RegionStatsDoc[]
          >();
          let edges: Promise<Map<string, Flow>> | undefined;
          if (split.edges.length > 0) {
            edges = edgeCache.get(period) ?? edgeFlows(models, split.edges);
            edgeCache.set(period, edges);
          }
          const [stats, flows] = await Promise.all([statsQuery, edges]);
          const figures = new Map(codes.map((code) => [code, emptyFigures()]));
          for (const doc of stats) {
            const entry = figures.get(doc.ubigeo);
            if (!entry) continue;
            if (doc.removedOn != null) {
              // A removal the month range brought, inside the period: not listed on its last day.
              if (doc.removedOn < untilDay) continue;
              if (doc.sources) entry.sources.push(doc.sources);
              for (const risk of RISK_KEYS) entry.liabilities[risk] += doc.liabilities?.[risk] ?? 0;
              continue;
            }
            if (doc.sources) entry.sources.push(doc.sources);
            if (doc.month === null) {
              for (const risk of RISK_KEYS) entry.liabilities[risk] += doc.liabilities?.[risk] ?? 0;
              entry.activeProjects += doc.activeProjects ?? 0;
            } else {
              if (doc.sources) entry.periodSources.push(doc.sources);
              entry.degradedAres += doc.degradedAres ?? 0;
              entry.degradedAreas += doc.degradedAreas ?? 0;
              entry.restoredAres += doc.restoredAres ?? 0;
            }
          }
          for (const [district, flow] of flows ?? []) {
            for (const code of codes) {
              if (!district.startsWith(code)) continue;
              const entry = figures.get(code) as Figures;
              entry.degradedAres += flow.degradedAres;
              entry.degradedAreas += flow.degradedAreas;
              entry.restoredAres += flow.restoredAres;
              entry.sources.push(flow.sources);
              entry.periodSources.push(flow.sources);
            }
          }
          for (const key of group) results.set(`${key.ubigeo}|${period}`, figures.get(key.ubigeo) as Figures);
        }),
      );
      return keys.map((key) => results.get(`${key.ubigeo}|${periodKey(key)}`) ?? emptyFigures());
    },
    { cacheKeyFn: (key) => `${key.ubigeo}|${periodKey(key)}`, maxBatchSize: 1000 },
  );
}

import DataLoader from "dataloader";
import type { QueryFilter } from "mongoose";
import { descendantPrefix, NATIONAL_UBIGEO, regionCatalog, splitPeriod, type PeriodSplit } from "@tinkuy/kit";
import { apportion, flowOf, fundingRefs, zeroCents, type Flow } from "./finance.ts";
import type { Currency } from "./iati.ts";
import {
  READ_BATCH,
  type CentsByCurrency,
  type Models,
  type ProjectDoc,
  type RegionMoneyDoc,
  type SourceCounters,
} from "./models.ts";
import { countSources } from "./provenance.ts";

/**
 * What the region figures read of a project: enough to tell whether it was implementing in a period and to sum
 * its beneficiaries. Nothing else is read for the region view, so its cost is a few small fields per project
 * (the full documents, with their results framework and budgets, come by id only when asked for).
 */
export type ProjectSummary = Pick<
  ProjectDoc,
  "iatiIdentifier" | "regionCodes" | "statusHistory" | "beneficiaries" | "provenance"
>;

/** A region and a period (`from` included, `until` excluded). */
export interface FigureKey {
  ubigeo: string;
  from: Date;
  until: Date;
}

/**
 * Funding money of a region in a period, per currency, and the transactions counted in it per dataset (one map
 * per counter read, plus one for the transactions of partial months), for `sumSources`.
 */
export type RegionMoney = Record<Flow, CentsByCurrency> & { sources: SourceCounters[] };

function figureKey(key: FigureKey): string {
  return `${key.ubigeo}|${key.from.toISOString()}|${key.until.toISOString()}`;
}

/**
 * Projects by region: one find over the membership codes kept on each project (`regionCodes`, an indexed
 * multikey field) for every region of a batch, so figures for all 25 departments cost one command. Peru as a
 * whole ({@link NATIONAL_UBIGEO}) holds every project (each works somewhere in Peru): with it in the batch, the
 * find reads every project instead.
 */
export function projectsInRegionLoader(models: Models): DataLoader<string, ProjectSummary[]> {
  return new DataLoader<string, ProjectSummary[]>(
    async (codes) => {
      const national = codes.includes(NATIONAL_UBIGEO);
      const projects = await models.Project.find(national ? {} : { regionCodes: { $in: [...codes] } }, {
        _id: 0,
        iatiIdentifier: 1,
        regionCodes: 1,
        statusHistory: 1,
        beneficiaries: 1,
        provenance: 1,
      })
        .sort({ iatiIdentifier: 1 })
        .batchSize(READ_BATCH)
        .lean<ProjectSummary[]>();
      const wanted = new Set(codes);
      const groups = new Map<string, ProjectSummary[]>(codes.map((code) => [code, []]));
      for (const project of projects) {
        if (national) groups.get(NATIONAL_UBIGEO)?.push(project);
        for (const code of project.regionCodes) if (wanted.has(code)) groups.get(code)?.push(project);
      }
      return codes.map((code) => groups.get(code) ?? []);
    },
    { maxBatchSize: 1000 },
  );
}

/** The codes whose monthly counters hold a region's money: its own, or the departments' for Peru. */
function counterCodes(ubigeo: string): string[] {
  return ubigeo === NATIONAL_UBIGEO
    ? regionCatalog()
        .children(NATIONAL_UBIGEO)
        .map((department) => department.ubigeo)
    : [ubigeo];
}

/** A funding transaction of a partial month, split among its project's locations. */
interface EdgeTransaction {
  flow: Flow;
  date: Date;
  currency: Currency;
  shares: [string, number][];
  sources: SourceCounters;
}

/**
 * Funding money of many regions over many periods: whole months from the monthly counters, in ONE find over
 * every region of the batch and the months from the earliest period's to the latest's, summed per key in memory;
 * the partial months at the periods' edges from ONE find of the projects with transactions in any of them,
 * apportioned the same way the counters are. So a figure for all 25 departments, or a 24-month series of them
 * (600 keys), costs one or two commands. Peru's money is the sum of its departments' counters (no counter has
 * its code).
 */
export function regionMoneyLoader(models: Models): DataLoader<FigureKey, RegionMoney, string> {
  return new DataLoader<FigureKey, RegionMoney, string>(
    async (keys) => {
      const splits = keys.map((key) => splitPeriod(key.from, key.until));
      const codes = [...new Set(keys.flatMap((key) => counterCodes(key.ubigeo)))];
      const byRegion = new Map<string, RegionMoneyDoc[]>();
      const months = splits.flatMap((split) => (split.months ? [split.months] : []));
      if (months.length > 0) {
        const first = months.reduce((min, m) => (m.first < min ? m.first : min), months[0]?.first ?? "");
        const last = months.reduce((max, m) => (m.last > max ? m.last : max), months[0]?.last ?? "");
        const counters = await models.RegionMoney.find({
          ubigeo: { $in: codes },
          month: { $gte: first, $lte: last },
        })
          .batchSize(READ_BATCH)
          .lean<RegionMoneyDoc[]>();
        for (const counter of counters) {
          byRegion.set(counter.ubigeo, [...(byRegion.get(counter.ubigeo) ?? []), counter]);
        }
      }
      const edges = uniqueEdges(splits.flatMap((split) => split.edges));
      const inEdges = edges.length > 0 ? await edgeTransactions(models, keys, edges) : [];
      return keys.map((key, i) => {
        const split = splits[i] as PeriodSplit;
        const sum: RegionMoney = { committed: zeroCents(), disbursed: zeroCents(), sources: [] };
        if (split.months) {
          const { first, last } = split.months;
          for (const code of counterCodes(key.ubigeo)) {
            for (const counter of byRegion.get(code) ?? []) {
              if (counter.month < first || counter.month > last) continue;
              for (const flow of ["committed", "disbursed"] as const) {
                sum[flow].PEN += counter[flow]?.PEN ?? 0;
                sum[flow].USD += counter[flow]?.USD ?? 0;
              }
              sum.sources.push(counter.sources ?? {});
            }
          }
        }
        addEdges(key.ubigeo, split.edges, inEdges, sum);
        return sum;
      });
    },
    // The finds name each region once whatever its periods, so a batch may hold many keys: 25,000 covers a
    // 24-month series of every province (196 × 24) or a year of months of every district (1,874 × 12) at once.
    { cacheKeyFn: figureKey, maxBatchSize: 25_000 },
  );
}

type Edge = PeriodSplit["edges"][number];

function uniqueEdges(edges: readonly Edge[]): Edge[] {
  const seen = new Map<string, Edge>();
  for (const edge of edges) seen.set(`${edge.from.toISOString()}|${edge.until.toISOString()}`, edge);
  return [...seen.values()];
}

/** The funding transactions dated in any of the partial months, split among their projects' locations. */
async function edgeTransactions(
  models: Models,
  keys: readonly FigureKey[],
  edges: readonly Edge[],
): Promise<EdgeTransaction[]> {
  const national = keys.some((key) => key.ubigeo === NATIONAL_UBIGEO);
  const filter: QueryFilter<ProjectDoc> = {
    ...(national ? {} : { regionCodes: { $in: [...new Set(keys.map((key) => key.ubigeo))] } }),
    $or: edges.map((edge) => ({
      transactions: { $elemMatch: { transactionDate: { $gte: edge.from, $lt: edge.until } } },
    })),
  };
  const projects = await models.Project.find(filter, {
    locations: 1,
    participatingOrgs: 1,
    transactions: 1,
  })
    .batchSize(READ_BATCH)
    .lean<Pick<ProjectDoc, "locations" | "participatingOrgs" | "transactions">[]>();
  const inEdge = (date: Date) => edges.some((edge) => date >= edge.from && date < edge.until);
  const out: EdgeTransaction[] = [];
  for (const project of projects) {
    const funders = fundingRefs(project);
    for (const transaction of project.transactions) {
      if (!inEdge(transaction.transactionDate)) continue;
      const flow = flowOf(funders, transaction);
      if (!flow) continue;
      out.push({
        flow,
        date: transaction.transactionDate,
        currency: transaction.value.currency,
        shares: [...apportion(transaction.value.cents, project.locations)],
        sources: countSources([transaction.provenance]),
      });
    }
  }
  return out;
}

/** Adds to one region's sum the edge transactions dated in its own edges. */
function addEdges(
  ubigeo: string,
  edges: readonly Edge[],
  transactions: readonly EdgeTransaction[],
  sum: RegionMoney,
) {
  if (edges.length === 0) return;
  const prefix = descendantPrefix(ubigeo);
  for (const transaction of transactions) {
    if (!edges.some((edge) => transaction.date >= edge.from && transaction.date < edge.until)) continue;
    let moved = false;
    for (const [location, cents] of transaction.shares) {
      if (!location.startsWith(prefix)) continue;
      sum[transaction.flow][transaction.currency] += cents;
      if (cents !== 0) moved = true;
    }
    // Counted as the monthly counters count it: once per region it moves money in.
    if (moved) sum.sources.push(transaction.sources);
  }
}

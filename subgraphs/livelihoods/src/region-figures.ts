import DataLoader from "dataloader";
import type { QueryFilter } from "mongoose";
import { apportion, flowOf, fundingRefs, zeroCents, type Flow } from "./finance.ts";
import {
  READ_BATCH,
  type CentsByCurrency,
  type Models,
  type ProjectDoc,
  type RegionMoneyDoc,
  type SourceCounters,
} from "./models.ts";
import { countSources } from "./provenance.ts";
import { monthOf } from "./region-stats.ts";

/** What region figures read of a project: everything but its transactions and write log. */
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
 * multikey field) for every region of a batch, so figures for all 25 departments cost one command.
 */
export function projectsInRegionLoader(models: Models): DataLoader<string, ProjectSummary[]> {
  return new DataLoader<string, ProjectSummary[]>(
    async (codes) => {
      const projects = await models.Project.find(
        { regionCodes: { $in: [...codes] } },
        { _id: 0, iatiIdentifier: 1, regionCodes: 1, statusHistory: 1, beneficiaries: 1, provenance: 1 },
      )
        .sort({ iatiIdentifier: 1 })
        .batchSize(READ_BATCH)
        .lean<ProjectSummary[]>();
      const wanted = new Set(codes);
      const groups = new Map<string, ProjectSummary[]>(codes.map((code) => [code, []]));
      for (const project of projects) {
        for (const code of project.regionCodes) if (wanted.has(code)) groups.get(code)?.push(project);
      }
      return codes.map((code) => groups.get(code) ?? []);
    },
    { maxBatchSize: 1000 },
  );
}

/** The first day of a date's month. */
function monthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

/** The whole calendar months inside `[from, until)` (as `YYYY-MM` bounds), and the partial months at its edges. */
function splitByMonth(
  from: Date,
  until: Date,
): { months: { first: string; last: string } | null; edges: { from: Date; until: Date }[] } {
  const firstFull =
    from.getUTCDate() === 1 ? from : new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  const endFull = monthStart(until);
  if (firstFull >= endFull) return { months: null, edges: [{ from, until }] };
  const lastMonth = new Date(Date.UTC(endFull.getUTCFullYear(), endFull.getUTCMonth() - 1, 1));
  const edges: { from: Date; until: Date }[] = [];
  if (from < firstFull) edges.push({ from, until: firstFull });
  if (endFull < until) edges.push({ from: endFull, until });
  return { months: { first: monthOf(firstFull), last: monthOf(lastMonth) }, edges };
}

/**
 * Funding money of many regions over a period. Whole months come from the monthly counters (one find for every
 * region of the batch); a period that starts or ends mid-month adds one find of the projects with transactions
 * in those partial months, apportioned the same way the counters are. So all 25 departments cost one or two
 * commands for a period.
 */
export function regionMoneyLoader(models: Models): DataLoader<FigureKey, RegionMoney, string> {
  return new DataLoader<FigureKey, RegionMoney, string>(
    async (keys) => {
      const byPeriod = new Map<string, FigureKey[]>();
      for (const key of keys) {
        const period = `${key.from.toISOString()}|${key.until.toISOString()}`;
        byPeriod.set(period, [...(byPeriod.get(period) ?? []), key]);
      }
      const results = new Map<string, RegionMoney>();
      for (const group of byPeriod.values()) {
        const first = group[0] as FigureKey;
        const codes = [...new Set(group.map((key) => key.ubigeo))];
        const sums = new Map<string, RegionMoney>(
          codes.map((code) => [code, { committed: zeroCents(), disbursed: zeroCents(), sources: [] }]),
        );
        const { months, edges } = splitByMonth(first.from, first.until);
        if (months) {
          const counters = await models.RegionMoney.find({
            ubigeo: { $in: codes },
            month: { $gte: months.first, $lte: months.last },
          })
            .batchSize(READ_BATCH)
            .lean<RegionMoneyDoc[]>();
          for (const counter of counters) {
            const sum = sums.get(counter.ubigeo);
            if (!sum) continue;
            for (const flow of ["committed", "disbursed"] as const) {
              sum[flow].PEN += counter[flow]?.PEN ?? 0;
              sum[flow].USD += counter[flow]?.USD ?? 0;
            }
            sum.sources.push(counter.sources ?? {});
          }
        }
        if (edges.length > 0) await addEdges(models, codes, edges, sums);
        for (const key of group) results.set(figureKey(key), sums.get(key.ubigeo) as RegionMoney);
      }
      return keys.map((key) => results.get(figureKey(key)) as RegionMoney);
    },
    { cacheKeyFn: figureKey, maxBatchSize: 1000 },
  );
}

/** Adds the funding transactions dated in the partial months, apportioned to the regions asked for. */
async function addEdges(
  models: Models,
  codes: string[],
  edges: { from: Date; until: Date }[],
  sums: Map<string, RegionMoney>,
): Promise<void> {
  const inEdge = (date: Date) => edges.some((edge) => date >= edge.from && date < edge.until);
  const filter: QueryFilter<ProjectDoc> = {
    regionCodes: { $in: codes },
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
  for (const project of projects) {
    const funders = fundingRefs(project);
    for (const transaction of project.transactions) {
      if (!inEdge(transaction.transactionDate)) continue;
      const flow = flowOf(funders, transaction);
      if (!flow) continue;
      const counted = new Set<string>();
      for (const [location, cents] of apportion(transaction.value.cents, project.locations)) {
        for (const code of codes) {
          if (!location.startsWith(code)) continue;
          (sums.get(code) as RegionMoney)[flow][transaction.value.currency] += cents;
          // Counted as the monthly counters count it: once per region it moves money in.
          if (cents !== 0) counted.add(code);
        }
      }
      for (const code of counted)
        (sums.get(code) as RegionMoney).sources.push(countSources([transaction.provenance]));
    }
  }
}

import {
  centsToDecimal,
  invariant,
  parsePeriod,
  regionCatalog,
  regionResolvers,
  seriesBuckets,
  sumSources,
  yearOf,
  type RegionEntry,
} from "@tinkuy/kit";
import type { ServicesContext } from "../context.ts";
import type { RegionResolvers, RegionServicesResolvers } from "../generated/resolvers.ts";
import type { Figures } from "../region-figures.ts";

/** A Region as this subgraph's resolvers see it: the catalog entry. */
export type RegionParent = RegionEntry;

/**
 * What `RegionServices`' resolvers receive: the region, a half-open period (`until` = the day after `to`), and
 * whether its figures can still move (`partial`).
 */
export interface ServicesParent {
  region: RegionEntry;
  from: Date;
  until: Date;
  partial: boolean;
}

const DAY = 86_400_000;

/** Whether a period ends after today began (UTC, the day the API dates records by): its figures still move. */
function unfinished(until: Date, now = new Date()): boolean {
  return until.getTime() > Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

/** The catalog entry of a stored region code; a miss means the catalog lost a region that every write checked. */
export function regionOf(ubigeo: string, owner: string): RegionEntry {
  const region = regionCatalog().get(ubigeo);
  invariant(region, `${owner} has region ${ubigeo}, unknown to the catalog`);
  return region;
}

function figures({ region, from, until }: ServicesParent, context: ServicesContext): Promise<Figures> {
  return context.loaders.figures.load({ ubigeo: region.ubigeo, from, until });
}

/** `Region`: the shared fields from the catalog, plus this pillar's figures. */
export const Region: RegionResolvers = {
  ...regionResolvers,
  services(region, { period }) {
    const { from, until } = parsePeriod(period, "period", () => yearOf(new Date()));
    return { region, from, until, partial: unfinished(until) };
  },
};

/** `RegionServices`: read from the counters kept on write (one batched lookup per request level). */
export const RegionServices: RegionServicesResolvers = {
  region: ({ region }) => region,
  from: ({ from }) => from,
  to: ({ until }) => new Date(until.getTime() - DAY),
  activeProjects: async (parent, _, ctx) => (await figures(parent, ctx)).activeProjects,
  executed: async (parent, _, ctx) => centsToDecimal((await figures(parent, ctx)).executedCents),
  yearlyAccrualsOutsidePeriodMonths: async (parent, _, ctx) =>
    centsToDecimal((await figures(parent, ctx)).yearlyOutsideCents),
  population: ({ region }) => region.population,
  executedPerInhabitant: async (parent, _, ctx) => {
    const { population } = parent.region;
    if (population <= 0) return null;
    return centsToDecimal(Math.round((await figures(parent, ctx)).executedCents / population));
  },
  byFunction: async (parent, _, ctx) => (await figures(parent, ctx)).byFunction,
  sources: async (parent, _, ctx) => sumSources((await figures(parent, ctx)).sources),
  partial: ({ partial }) => partial,
  children: ({ region, from, until, partial }) =>
    regionCatalog()
      .children(region.ubigeo)
      .map((child) => ({ region: child, from, until, partial })),
  // Each point is read like the figures of its bucket, through the same loader: one batch for every point.
  series({ region, from, until }, { granularity, period }) {
    const whole = parsePeriod(period, "period", () => ({ from, to: new Date(until.getTime() - DAY) }));
    return seriesBuckets(whole, granularity).map((bucket) => ({
      region,
      from: bucket.from,
      until: bucket.until,
      partial: bucket.partial,
    }));
  },
};

/** `FunctionExecution`: one function's share of a region's figures. */
export const FunctionExecution = {
  executed: (f: { executedCents: number }) => centsToDecimal(f.executedCents),
};

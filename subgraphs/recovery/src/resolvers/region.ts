import {
  invariant,
  parsePeriod,
  regionCatalog,
  regionResolvers,
  seriesBuckets,
  sumSources,
  yearOf,
  type RegionEntry,
} from "@tinkuy/kit";
import type { RecoveryContext } from "../context.ts";
import type { RegionRecoveryResolvers, RegionResolvers } from "../generated/resolvers.ts";
import type { Figures } from "../region-figures.ts";
import { aresToHectares } from "../units.ts";

/** A Region as this subgraph's resolvers see it: the catalog entry. */
export type RegionParent = RegionEntry;

/**
 * What `RegionRecovery`'s resolvers receive: the region, a half-open period (`until` = the day after `to`), and
 * whether its figures can still move (`partial`).
 */
export interface RecoveryParent {
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

function figures({ region, from, until }: RecoveryParent, context: RecoveryContext): Promise<Figures> {
  return context.loaders.figures.load({ ubigeo: region.ubigeo, from, until });
}

/** `Region`: the shared fields from the catalog, plus this pillar's figures, responsible RUCs and sightings. */
export const Region: RegionResolvers = {
  ...regionResolvers,
  recovery(region, { period }) {
    const { from, until } = parsePeriod(period, "period", () => yearOf(new Date()));
    return { region, from, until, partial: unfinished(until) };
  },
  liabilityResponsibleRucs: (region, _, { loaders }) => loaders.responsibleRucs.load(region.ubigeo),
  degradedAreaSightings: (region, _, { loaders }) => loaders.sightings.load(region.ubigeo),
};

/** `RegionRecovery`: read from the counters kept on write (one batched lookup per request level). */
export const RegionRecovery: RegionRecoveryResolvers = {
  region: ({ region }) => region,
  from: ({ from }) => from,
  to: ({ until }) => new Date(until.getTime() - DAY),
  hectaresDegraded: async (parent, _, ctx) => aresToHectares((await figures(parent, ctx)).degradedAres),
  degradedAreasDetected: async (parent, _, ctx) => (await figures(parent, ctx)).degradedAreas,
  hectaresRestored: async (parent, _, ctx) => aresToHectares((await figures(parent, ctx)).restoredAres),
  restorationRatio: async (parent, _, ctx) => {
    const { degradedAres, restoredAres } = await figures(parent, ctx);
    return degradedAres > 0 ? restoredAres / degradedAres : null;
  },
  liabilities: async (parent, _, ctx) => {
    const { liabilities: l } = await figures(parent, ctx);
    return {
      total: l.VERY_HIGH + l.HIGH + l.MEDIUM + l.LOW + l.UNKNOWN,
      veryHigh: l.VERY_HIGH,
      high: l.HIGH,
      medium: l.MEDIUM,
      low: l.LOW,
      unknown: l.UNKNOWN,
    };
  },
  activeRestorationProjects: async (parent, _, ctx) => (await figures(parent, ctx)).activeProjects,
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

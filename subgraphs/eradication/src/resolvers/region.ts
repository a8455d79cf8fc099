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
import type { EradicationContext } from "../context.ts";
import type {
  ItemFigureResolvers,
  RegionEradicationResolvers,
  RegionResolvers,
} from "../generated/resolvers.ts";
import { todayInLima } from "../inputs.ts";
import type { OfficeDoc } from "../models.ts";
import { itemTotals, type Figures } from "../figures.ts";

/** A Region as this subgraph's resolvers see it: the catalog entry. */
export type RegionParent = RegionEntry;

/**
 * What `RegionEradication`'s resolvers receive: the region, a half-open period (`until` = the day after `to`),
 * and whether its figures can still move (`partial`).
 */
export interface EradicationParent {
  region: RegionEntry;
  from: Date;
  until: Date;
  partial: boolean;
}

const DAY = 86_400_000;

/** The catalog entry of a stored region code; a miss means the catalog lost a region that every write checked. */
export function regionOf(ubigeo: string, owner: string): RegionEntry {
  const region = regionCatalog().get(ubigeo);
  invariant(region, `${owner} has region ${ubigeo}, unknown to the catalog`);
  return region;
}

function figures({ region, from, until }: EradicationParent, context: EradicationContext): Promise<Figures> {
  return context.loaders.figures.load({ ubigeo: region.ubigeo, from, until });
}

/** The region's offices together: prosecutors and open cases (today's figures, whatever the period). */
async function offices(
  { region }: EradicationParent,
  context: EradicationContext,
): Promise<{ prosecutors: number; openCases: number }> {
  const list: OfficeDoc[] = await context.loaders.officesByRegion.load(region.ubigeo);
  return list.reduce(
    (sum, office) => ({
      prosecutors: sum.prosecutors + office.prosecutors,
      openCases: sum.openCases + office.openCases,
    }),
    { prosecutors: 0, openCases: 0 },
  );
}

/** `Region`: the shared fields from the catalog, plus this pillar's figures and enforcement targets. */
export const Region: RegionResolvers = {
  ...regionResolvers,
  eradication(region, { period }) {
    const { from, until } = parsePeriod(period, "period", () => yearOf(new Date()));
    // Not final while the period holds today (in Lima, where operations are dated) or a later day.
    return { region, from, until, partial: until > todayInLima() };
  },
  enforcementTargets: (region, _, { loaders }) => loaders.enforcementTargets.load(region.ubigeo),
};

/** `RegionEradication`: read from the counters kept on write (one batched lookup per request level). */
export const RegionEradication: RegionEradicationResolvers = {
  region: ({ region }) => region,
  from: ({ from }) => from,
  to: ({ until }) => new Date(until.getTime() - DAY),
  operations: async (parent, _, ctx) => (await figures(parent, ctx)).operations,
  value: async (parent, _, ctx) => {
    const f = await figures(parent, ctx);
    return centsToDecimal(f.destroyedCents + f.seizedCents);
  },
  valueDestroyed: async (parent, _, ctx) => centsToDecimal((await figures(parent, ctx)).destroyedCents),
  valueSeized: async (parent, _, ctx) => centsToDecimal((await figures(parent, ctx)).seizedCents),
  items: async (parent, _, ctx) => itemTotals(await figures(parent, ctx)),
  arrests: async (parent, _, ctx) => (await figures(parent, ctx)).arrests,
  sources: async (parent, _, ctx) => sumSources([(await figures(parent, ctx)).sources]),
  outposts: ({ region }, _, { loaders }) => loaders.outpostsByRegion.load(region.ubigeo),
  prosecutors: async (parent, _, ctx) => (await offices(parent, ctx)).prosecutors,
  openCases: async (parent, _, ctx) => (await offices(parent, ctx)).openCases,
  caseloadPerProsecutor: async (parent, _, ctx) => {
    const { prosecutors, openCases } = await offices(parent, ctx);
    return prosecutors > 0 ? openCases / prosecutors : null;
  },
  partial: ({ partial }) => partial,
  children: ({ region, from, until, partial }) =>
    regionCatalog()
      .children(region.ubigeo)
      .map((child) => ({ region: child, from, until, partial })),
  // Each point is read like the figures of its bucket, through the same loader: one batch for every point.
  series({ region, from, until }, { granularity, period }) {
    const whole = parsePeriod(period, "period", () => ({ from, to: new Date(until.getTime() - DAY) }));
    return seriesBuckets(whole, granularity, todayInLima()).map((bucket) => ({
      region,
      from: bucket.from,
      until: bucket.until,
      partial: bucket.partial,
    }));
  },
};

/** `ItemFigure`: quantities are summed in thousandths and money in céntimos; both leave as exact values. */
export const ItemFigure: ItemFigureResolvers = {
  quantity: (item) => item.milli / 1000,
  value: (item) => centsToDecimal(item.cents),
};

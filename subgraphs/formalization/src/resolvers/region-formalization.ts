import {
  parsePeriod,
  regionCatalog,
  seriesBuckets,
  sumSources,
  type Bucket,
  type RegionEntry,
} from "@tinkuy/kit";
import type { FormalizationContext } from "../context.ts";
import { currentFigures } from "../current-figures.ts";
import type { RegionFormalizationResolvers } from "../generated/resolvers.ts";
import { asOfKey } from "../loaders.ts";
import { dayOf } from "../provenance.ts";
import type { FiguresAsOf } from "../status-ledger.ts";

/**
 * What `RegionFormalization`'s resolvers receive: the region, the day asked for (null: today, from the
 * counters), and for a point of a series the bucket it describes.
 */
export interface RegionFormalizationParent {
  region: RegionEntry;
  asOf: Date | null;
  bucket?: Bucket;
}

/** The figures the parent describes: today's counters, or the ledger summed to the end of its day. */
function figures(parent: RegionFormalizationParent, context: FormalizationContext): Promise<FiguresAsOf> {
  return parent.asOf
    ? context.loaders.figuresAsOf.load(asOfKey(parent.region.ubigeo, parent.asOf))
    : currentFigures(context.loaders, parent.region.ubigeo);
}

/**
 * `RegionFormalization`: today's figures from the counters kept on write, an earlier day's (and every point of a
 * series) from the ledger of status transitions, in one aggregation for all the regions and days of a request.
 */
export const RegionFormalization: RegionFormalizationResolvers = {
  asOf: ({ asOf }) => asOf ?? dayOf(new Date()),
  partial: ({ asOf, bucket }) =>
    bucket ? bucket.partial : asOf === null || asOf.getTime() >= dayOf(new Date()).getTime(),
  from: ({ bucket }) => bucket?.from ?? null,
  to: ({ bucket }) => bucket?.to ?? null,
  series: ({ region }, { granularity, period }) => {
    const today = dayOf(new Date());
    return seriesBuckets(
      parsePeriod(period, "period", () => period),
      granularity,
      today,
    ).map((bucket) => ({
      region,
      asOf: bucket.to < today ? bucket.to : today,
      bucket,
    }));
  },
  total: async (parent, _, ctx) => (await figures(parent, ctx)).total,
  active: async (parent, _, ctx) => (await figures(parent, ctx)).VIGENTE,
  suspended: async (parent, _, ctx) => (await figures(parent, ctx)).SUSPENDIDO,
  excluded: async (parent, _, ctx) => (await figures(parent, ctx)).EXCLUIDO,
  formalized: async (parent, _, ctx) => (await figures(parent, ctx)).FORMALIZADO,
  formalizationRate: async (parent, _, ctx) => {
    const s = await figures(parent, ctx);
    return s.total > 0 ? s.FORMALIZADO / s.total : null;
  },
  sources: async (parent, _, ctx) => sumSources([(await figures(parent, ctx)).sources]),
  children: ({ region, asOf, bucket }) =>
    regionCatalog()
      .children(region.ubigeo)
      .map((child) => ({ region: child, asOf, ...(bucket && { bucket }) })),
};

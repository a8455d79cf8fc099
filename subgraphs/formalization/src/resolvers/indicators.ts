import {
  addSource,
  indicatorsId,
  parseIndicatorsId,
  parsePeriod,
  seriesBuckets,
  sumSources,
  yearOf,
  type IndicatorsKey,
  type RegionEntry,
  type SourceCounter,
  type SourceShareDoc,
} from "@tinkuy/kit";
import type { FormalizationContext } from "../context.ts";
import type { RegionIndicatorsResolvers } from "../generated/resolvers.ts";
import { asOfKey } from "../loaders.ts";
import { dayOf } from "../provenance.ts";
import type { FiguresAsOf } from "../status-ledger.ts";

/** A dataset's share as another pillar sends it through `@requires` (its day as `YYYY-MM-DD`). */
type RequiredShare = Omit<SourceShareDoc, "asOf"> & { asOf: string | Date };

/**
 * What `RegionIndicators` resolvers receive: the region and the period its identity encodes, plus `@requires`,
 * and for a point of a series whether its bucket is partial (an entity resolved by its id alone knows only
 * whether its period holds today).
 */
export type IndicatorsParent = IndicatorsKey & {
  partial?: boolean;
  eradicationSources?: RequiredShare[] | null;
  recoverySources?: RequiredShare[] | null;
  livelihoodsSources?: RequiredShare[] | null;
  servicesSources?: RequiredShare[] | null;
};

const DAY = 86_400_000;

/** The indicators of a region for a period argument (validated; the current year by default). */
export function indicatorsFor(
  region: RegionEntry,
  period: { from: Date; to: Date } | null | undefined,
): IndicatorsParent {
  const { from, until } = parsePeriod(period, "period", () => yearOf(new Date()));
  return { id: indicatorsId(region.ubigeo, from, until), region, from, until };
}

/** The registry as it stood at the end of the period's last day, from the ledger. */
function registryAtEnd(parent: IndicatorsParent, context: FormalizationContext): Promise<FiguresAsOf> {
  const last = new Date(parent.until.getTime() - DAY);
  return context.loaders.figuresAsOf.load(asOfKey(parent.region.ubigeo, last));
}

/** Another pillar's shares as a counter map, so that the same dataset sums with ours (kit `sourceKey`). */
function asCounters(shares: readonly RequiredShare[] | null | undefined): Record<string, SourceCounter> {
  const map: Record<string, SourceCounter> = {};
  for (const share of shares ?? []) {
    const dataset = { ...share, dataset: share.dataset ?? null, asOf: new Date(share.asOf) };
    addSource(map, dataset, share.records);
  }
  return map;
}

/** `RegionIndicators`: REINFO's side, as the registry stood on the period's last day (the ledger). */
export const RegionIndicators: RegionIndicatorsResolvers = {
  __resolveReference: (reference) => {
    const key = parseIndicatorsId(reference.id);
    return key ? { ...reference, ...key } : null;
  },
  to: ({ until }) => new Date(until.getTime() - DAY),
  partial: ({ partial, until }) => partial ?? until.getTime() > dayOf(new Date()).getTime(),
  series: ({ region, from, until }, { granularity, period }) => {
    const span = period ? parsePeriod(period, "period", () => period) : { from, until };
    return seriesBuckets(span, granularity).map((bucket) => ({
      id: indicatorsId(region.ubigeo, bucket.from, bucket.until),
      region,
      from: bucket.from,
      until: bucket.until,
      partial: bucket.partial,
    }));
  },
  activeRecords: async (parent, _, ctx) => (await registryAtEnd(parent, ctx)).VIGENTE,
  excludedRecords: async (parent, _, ctx) => (await registryAtEnd(parent, ctx)).EXCLUIDO,
  formalizationRate: async (parent, _, ctx) => {
    const figures = await registryAtEnd(parent, ctx);
    return figures.total > 0 ? figures.FORMALIZADO / figures.total : null;
  },
  sources: async (parent, _, ctx) =>
    sumSources([
      (await registryAtEnd(parent, ctx)).sources,
      asCounters(parent.eradicationSources),
      asCounters(parent.recoverySources),
      asCounters(parent.livelihoodsSources),
      asCounters(parent.servicesSources),
    ]),
};

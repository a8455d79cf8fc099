import {
  indicatorsId,
  parseIndicatorsId,
  parsePeriod,
  yearOf,
  type IndicatorsKey,
  type RegionEntry,
} from "@tinkuy/kit";
import type { RegionIndicatorsResolvers } from "../generated/resolvers.ts";

/** What `RegionIndicators` resolvers receive: the region and the period its identity encodes. */
export type IndicatorsParent = IndicatorsKey;

const DAY = 86_400_000;

/** The indicators of a region for a period argument (validated; the current year by default). */
export function indicatorsFor(
  region: RegionEntry,
  period: { from: Date; to: Date } | null | undefined,
): IndicatorsParent {
  const { from, until } = parsePeriod(period, "period", () => yearOf(new Date()));
  return { id: indicatorsId(region.ubigeo, from, until), region, from, until };
}

/** `RegionIndicators`: REINFO's side, from the region counters. */
export const RegionIndicators: RegionIndicatorsResolvers = {
  __resolveReference: (reference) => parseIndicatorsId(reference.id),
  to: ({ until }) => new Date(until.getTime() - DAY),
  activeRecords: async ({ region }, _, { loaders }) =>
    (await loaders.statsByUbigeo.load(region.ubigeo))?.VIGENTE ?? 0,
  excludedRecords: async ({ region }, _, { loaders }) =>
    (await loaders.statsByUbigeo.load(region.ubigeo))?.EXCLUIDO ?? 0,
  formalizationRate: async ({ region }, _, { loaders }) => {
    const stats = await loaders.statsByUbigeo.load(region.ubigeo);
    return stats && stats.total > 0 ? stats.FORMALIZADO / stats.total : null;
  },
};

import { regionCatalog, regionResolvers, sumSources, type RegionEntry } from "@tinkuy/kit";
import type { FormalizationContext } from "../context.ts";
import type { RegionFormalizationResolvers, RegionResolvers } from "../generated/resolvers.ts";
import type { RegionStatsDoc } from "../models.ts";
import { indicatorsFor } from "./indicators.ts";

/** What `RegionFormalization`'s resolvers receive. */
export interface RegionFormalizationParent {
  region: RegionEntry;
}

/** A Region as this subgraph's resolvers see it: the catalog entry, plus what `@requires` brought. */
export type RegionParent = RegionEntry & {
  enforcementTargetRucs?: string[] | null;
  liabilityResponsibleRucs?: string[] | null;
};

async function stats(region: RegionEntry, context: FormalizationContext): Promise<RegionStatsDoc> {
  return (
    (await context.loaders.statsByUbigeo.load(region.ubigeo)) ?? {
      _id: region.ubigeo,
      total: 0,
      VIGENTE: 0,
      SUSPENDIDO: 0,
      EXCLUIDO: 0,
      FORMALIZADO: 0,
      sources: {},
    }
  );
}

/** `Region`: the shared fields from the catalog, plus this pillar's figures. */
export const Region: RegionResolvers = {
  ...regionResolvers,
  formalization: (region) => ({ region }),
  indicators: (region, { period }) => indicatorsFor(region, period),
  async exclusionEvidence(region, _, context) {
    const [counts, figures] = await Promise.all([
      context.loaders.exclusionEvidence.load({
        ubigeo: region.ubigeo,
        targeted: region.enforcementTargetRucs ?? [],
        liable: region.liabilityResponsibleRucs ?? [],
      }),
      stats(region, context),
    ]);
    return {
      excludedRecords: figures.EXCLUIDO,
      ...counts,
      shareImplicated:
        counts.excludedOperators > 0 ? counts.targetedOrResponsible / counts.excludedOperators : null,
    };
  },
};

/** `RegionFormalization`: read from the counters kept on write (one batched lookup per request level). */
export const RegionFormalization: RegionFormalizationResolvers = {
  total: async ({ region }, _, ctx) => (await stats(region, ctx)).total,
  active: async ({ region }, _, ctx) => (await stats(region, ctx)).VIGENTE,
  suspended: async ({ region }, _, ctx) => (await stats(region, ctx)).SUSPENDIDO,
  excluded: async ({ region }, _, ctx) => (await stats(region, ctx)).EXCLUIDO,
  formalized: async ({ region }, _, ctx) => (await stats(region, ctx)).FORMALIZADO,
  formalizationRate: async ({ region }, _, ctx) => {
    const s = await stats(region, ctx);
    return s.total > 0 ? s.FORMALIZADO / s.total : null;
  },
  sources: async ({ region }, _, ctx) => sumSources([(await stats(region, ctx)).sources]),
  children: ({ region }) =>
    regionCatalog()
      .children(region.ubigeo)
      .map((child) => ({ region: child })),
};

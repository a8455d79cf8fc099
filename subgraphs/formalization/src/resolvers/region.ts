import { regionCatalog, regionResolvers, type RegionEntry } from "@tinkuy/kit";
import type { FormalizationContext } from "../context.ts";
import type { RegionStatsDoc } from "../models.ts";

export interface RegionFormalizationParent {
  region: RegionEntry;
}

async function stats(
  parent: RegionFormalizationParent,
  context: FormalizationContext,
): Promise<RegionStatsDoc> {
  return (
    (await context.loaders.statsByUbigeo.load(parent.region.ubigeo)) ?? {
      _id: parent.region.ubigeo,
      total: 0,
      VIGENTE: 0,
      SUSPENDIDO: 0,
      EXCLUIDO: 0,
      FORMALIZADO: 0,
    }
  );
}

/** `Region`: the shared fields from the catalog, plus this pillar's figures. */
export const Region = {
  ...regionResolvers,
  formalization: (region: RegionEntry): RegionFormalizationParent => ({ region }),
};

/** `RegionFormalization`: read from the counters kept on write (one batched lookup per request level). */
export const RegionFormalization = {
  total: async (parent: RegionFormalizationParent, _: unknown, ctx: FormalizationContext) =>
    (await stats(parent, ctx)).total,
  active: async (parent: RegionFormalizationParent, _: unknown, ctx: FormalizationContext) =>
    (await stats(parent, ctx)).VIGENTE,
  suspended: async (parent: RegionFormalizationParent, _: unknown, ctx: FormalizationContext) =>
    (await stats(parent, ctx)).SUSPENDIDO,
  excluded: async (parent: RegionFormalizationParent, _: unknown, ctx: FormalizationContext) =>
    (await stats(parent, ctx)).EXCLUIDO,
  formalized: async (parent: RegionFormalizationParent, _: unknown, ctx: FormalizationContext) =>
    (await stats(parent, ctx)).FORMALIZADO,
  formalizationRate: async (parent: RegionFormalizationParent, _: unknown, ctx: FormalizationContext) => {
    const s = await stats(parent, ctx);
    return s.total > 0 ? s.FORMALIZADO / s.total : null;
  },
  children: (parent: RegionFormalizationParent): RegionFormalizationParent[] =>
    regionCatalog()
      .children(parent.region.ubigeo)
      .map((region) => ({ region })),
};

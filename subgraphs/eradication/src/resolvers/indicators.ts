import { centsToDecimal, parseIndicatorsId, sumSources, type IndicatorsKey } from "@tinkuy/kit";
import type { RegionIndicatorsResolvers } from "../generated/resolvers.ts";

/** The region and period of a `RegionIndicators`, and REINFO's figure the gateway brought (`@requires`). */
export type IndicatorsParent = IndicatorsKey & { activeRecords?: number | null };

/**
 * `RegionIndicators`: enforcement's ratios against REINFO's active records (formulas in the schema), and the
 * datasets of the operations they count, from the same counters.
 */
export const RegionIndicators: RegionIndicatorsResolvers = {
  __resolveReference(reference) {
    const key = parseIndicatorsId(reference.id);
    return key ? { ...key, activeRecords: reference.activeRecords ?? null } : null;
  },
  async operationsPerThousandActiveRecords({ region, from, until, activeRecords }, _, { loaders }) {
    if (!activeRecords) return null;
    const figures = await loaders.figures.load({ ubigeo: region.ubigeo, from, until });
    return (figures.operations * 1000) / activeRecords;
  },
  async valueSeizedPerActiveRecord({ region, from, until, activeRecords }, _, { loaders }) {
    if (!activeRecords) return null;
    const figures = await loaders.figures.load({ ubigeo: region.ubigeo, from, until });
    return centsToDecimal(Math.round((figures.destroyedCents + figures.seizedCents) / activeRecords));
  },
  async enforcementOperations({ region, from, until }, _, { loaders }) {
    return (await loaders.figures.load({ ubigeo: region.ubigeo, from, until })).operations;
  },
  async eradicationSources({ region, from, until }, _, { loaders }) {
    const figures = await loaders.figures.load({ ubigeo: region.ubigeo, from, until });
    return sumSources([figures.sources]);
  },
};

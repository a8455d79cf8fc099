import { parseIndicatorsId, sumSources, type IndicatorsKey } from "@tinkuy/kit";
import type { RegionIndicatorsResolvers } from "../generated/resolvers.ts";

/** The region and period of a `RegionIndicators`, and REINFO's figure the gateway brought (`@requires`). */
export type IndicatorsParent = IndicatorsKey & { activeRecords?: number | null };

/** `RegionIndicators`: recovery's ratios (formulas in the schema); surfaces are kept in ares. */
export const RegionIndicators: RegionIndicatorsResolvers = {
  __resolveReference(reference) {
    const key = parseIndicatorsId(reference.id);
    return key ? { ...key, activeRecords: reference.activeRecords ?? null } : null;
  },
  async restoredPerDegradedHectare({ region, from, until }, _, { loaders }) {
    const figures = await loaders.figures.load({ ubigeo: region.ubigeo, from, until });
    return figures.degradedAres > 0 ? figures.restoredAres / figures.degradedAres : null;
  },
  async degradedHectaresPerActiveRecord({ region, from, until, activeRecords }, _, { loaders }) {
    if (!activeRecords) return null;
    const figures = await loaders.figures.load({ ubigeo: region.ubigeo, from, until });
    return figures.degradedAres / 100 / activeRecords;
  },
  async recoverySources({ region, from, until }, _, { loaders }) {
    const figures = await loaders.figures.load({ ubigeo: region.ubigeo, from, until });
    return sumSources(figures.periodSources);
  },
};

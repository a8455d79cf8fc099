import { centsToDecimal, parseIndicatorsId, sumSources, type IndicatorsKey } from "@tinkuy/kit";
import type { RegionIndicatorsResolvers } from "../generated/resolvers.ts";

/** The region and period of a `RegionIndicators`, and the other pillars' figures the gateway brought (`@requires`). */
export type IndicatorsParent = IndicatorsKey & {
  activeRecords?: number | null;
  enforcementOperations?: number | null;
};

/** `RegionIndicators`: public investment's ratios (formulas in the schema), from the region counters. */
export const RegionIndicators: RegionIndicatorsResolvers = {
  __resolveReference(reference) {
    const key = parseIndicatorsId(reference.id);
    // The representation carries the `@requires` fields the query asked for: either, both or none.
    const required = reference as { activeRecords?: number | null; enforcementOperations?: number | null };
    return key
      ? {
          ...key,
          activeRecords: required.activeRecords ?? null,
          enforcementOperations: required.enforcementOperations ?? null,
        }
      : null;
  },
  async investmentExecutedPerActiveRecord({ region, from, until, activeRecords }, _, { loaders }) {
    if (!activeRecords) return null;
    const figures = await loaders.figures.load({ ubigeo: region.ubigeo, from, until });
    return centsToDecimal(Math.round(figures.executedCents / activeRecords));
  },
  async operationsPerMillionSolesInvested({ region, from, until, enforcementOperations }, _, { loaders }) {
    const figures = await loaders.figures.load({ ubigeo: region.ubigeo, from, until });
    if (figures.executedCents <= 0) return null;
    // Céntimos: operations × 1,000,000 soles / (cents / 100).
    return ((enforcementOperations ?? 0) * 100_000_000) / figures.executedCents;
  },
  async servicesSources({ region, from, until }, _, { loaders }) {
    const figures = await loaders.figures.load({ ubigeo: region.ubigeo, from, until });
    return sumSources(figures.accrualSources);
  },
};

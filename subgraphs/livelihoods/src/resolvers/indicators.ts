import { parseIndicatorsId, sumSources, type IndicatorsKey } from "@tinkuy/kit";
import type { RegionIndicatorsResolvers } from "../generated/resolvers.ts";
import { countSources } from "../provenance.ts";
import { activeProjects } from "./region.ts";

/** The region and period of a `RegionIndicators`, and REINFO's figure the gateway brought (`@requires`). */
export type IndicatorsParent = IndicatorsKey & { excludedRecords?: number | null };

/** `RegionIndicators`: livelihoods' ratio against REINFO's excluded records (formula in the schema). */
export const RegionIndicators: RegionIndicatorsResolvers = {
  __resolveReference(reference) {
    const key = parseIndicatorsId(reference.id);
    return key ? { ...key, excludedRecords: reference.excludedRecords ?? null } : null;
  },
  async formerMinerBeneficiariesPerExcludedRecord({ region, from, until, excludedRecords }, _, context) {
    if (!excludedRecords) return null;
    const projects = await activeProjects({ region, from, until }, context);
    const formerMiners = projects.reduce((sum, project) => sum + project.beneficiaries.formerMiners, 0);
    return formerMiners / excludedRecords;
  },
  // The ratio's numerator counts the active projects: their datasets, from the summaries it reads anyway.
  async livelihoodsSources({ region, from, until }, _, context) {
    const projects = await activeProjects({ region, from, until }, context);
    return sumSources([countSources(projects.map((project) => project.provenance))]);
  },
};

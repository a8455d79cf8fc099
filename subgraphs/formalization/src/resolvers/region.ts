import { badUserInput, regionResolvers, type RegionEntry } from "@tinkuy/kit";
import { currentFigures } from "../current-figures.ts";
import type { RegionResolvers } from "../generated/resolvers.ts";
import { dayOf } from "../provenance.ts";
import { indicatorsFor } from "./indicators.ts";

/** What the other pillars bring for the exclusion evidence (`@requires`); dates arrive as `YYYY-MM-DD`. */
export interface EvidenceInputs {
  enforcementTargets?: { ruc: string; lastTargetedOn: string | Date }[] | null;
  degradedAreaSightings?: { latitude: number; longitude: number; detectedOn: string | Date }[] | null;
  liabilityResponsibleRucs?: string[] | null;
}

/** A Region as this subgraph's resolvers see it: the catalog entry, plus what `@requires` brought. */
export type RegionParent = RegionEntry & EvidenceInputs;

/** An `asOf` argument checked: a calendar day not after today (UTC). */
function parseAsOf(asOf: Date | null | undefined): Date | null {
  if (asOf == null) return null;
  const today = dayOf(new Date());
  if (asOf.getTime() > today.getTime()) {
    throw badUserInput("asOf", `must not be in the future (today is ${today.toISOString().slice(0, 10)})`);
  }
  return asOf;
}

/** `Region`: the shared fields from the catalog, plus this pillar's figures. */
export const Region: RegionResolvers = {
  ...regionResolvers,
  formalization: (region, { asOf }) => ({ region, asOf: parseAsOf(asOf) }),
  indicators: (region, { period }) => indicatorsFor(region, period),
  async exclusionEvidence(region, _, context) {
    const [counts, figures] = await Promise.all([
      context.loaders.exclusionEvidence.load({
        ubigeo: region.ubigeo,
        targets: (region.enforcementTargets ?? []).map((t) => ({
          ruc: t.ruc,
          lastTargetedOn: new Date(t.lastTargetedOn),
        })),
        sightings: (region.degradedAreaSightings ?? []).map((a) => ({
          latitude: a.latitude,
          longitude: a.longitude,
          detectedOn: new Date(a.detectedOn),
        })),
        liable: region.liabilityResponsibleRucs ?? [],
      }),
      currentFigures(context.loaders, region.ubigeo),
    ]);
    const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
    return {
      excludedRecords: figures.EXCLUIDO,
      ...counts,
      shareTargetedAfterExclusion: share(counts.operatorsTargetedAfterExclusion, counts.excludedOperators),
      shareWithDegradationAfterExclusion: share(
        counts.recordsWithDegradationAfterExclusion,
        counts.excludedRecordsWithLocation,
      ),
      shareResponsibleForLiabilities: share(counts.responsibleForLiabilities, counts.excludedOperators),
      shareImplicated: share(counts.targetedOrResponsible, counts.excludedOperators),
    };
  },
};

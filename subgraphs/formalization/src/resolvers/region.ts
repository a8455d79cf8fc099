import { badUserInput, regionCatalog, regionResolvers, sumSources, type RegionEntry } from "@tinkuy/kit";
import type { FormalizationContext } from "../context.ts";
import type { RegionFormalizationResolvers, RegionResolvers } from "../generated/resolvers.ts";
import { asOfKey } from "../loaders.ts";
import type { RegionStatsDoc } from "../models.ts";
import { emptyStats } from "../region-stats.ts";
import { dayOf } from "../provenance.ts";
import type { FiguresAsOf } from "../status-ledger.ts";
import { indicatorsFor } from "./indicators.ts";

/** What `RegionFormalization`'s resolvers receive: the region, and the day asked for (null: today). */
export interface RegionFormalizationParent {
  region: RegionEntry;
  asOf: Date | null;
}

/** What the other pillars bring for the exclusion evidence (`@requires`); dates arrive as `YYYY-MM-DD`. */
export interface EvidenceInputs {
  enforcementTargets?: { ruc: string; lastTargetedOn: string | Date }[] | null;
  degradedAreaSightings?: { latitude: number; longitude: number; detectedOn: string | Date }[] | null;
  liabilityResponsibleRucs?: string[] | null;
}

/** A Region as this subgraph's resolvers see it: the catalog entry, plus what `@requires` brought. */
export type RegionParent = RegionEntry & EvidenceInputs;

/** Today's counters of a region, or zeros when it has no records. */
export async function currentStats(
  region: RegionEntry,
  context: FormalizationContext,
): Promise<RegionStatsDoc> {
  return (await context.loaders.statsByUbigeo.load(region.ubigeo)) ?? emptyStats(region.ubigeo);
}

/** The figures the parent describes: today's counters, or the ledger summed to the end of its day. */
function figures(parent: RegionFormalizationParent, context: FormalizationContext): Promise<FiguresAsOf> {
  return parent.asOf
    ? context.loaders.figuresAsOf.load(asOfKey(parent.region.ubigeo, parent.asOf))
    : currentStats(parent.region, context);
}

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
      currentStats(region, context),
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

/**
 * `RegionFormalization`: today's figures from the counters kept on write, an earlier day's from the ledger of
 * status transitions (one batched lookup per request level and day).
 */
export const RegionFormalization: RegionFormalizationResolvers = {
  asOf: ({ asOf }) => asOf ?? dayOf(new Date()),
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
  children: ({ region, asOf }) =>
    regionCatalog()
      .children(region.ubigeo)
      .map((child) => ({ region: child, asOf })),
};

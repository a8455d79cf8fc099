import DataLoader from "dataloader";
import { levelOf, type RegionLevel } from "@tinkuy/kit";
import type { Models } from "./models.ts";

/** Within this distance of an excluded record's REINFO coordinates, a degraded area counts as near it. */
export const NEAR_KM = 5;

/** A region and what the other pillars brought for it through the gateway (`@requires`). */
export interface EvidenceKey {
  ubigeo: string;
  /** Each RUC operations in the region targeted, with the day of the latest such operation (eradication). */
  targets: readonly { ruc: string; lastTargetedOn: Date }[];
  /** Every degraded area recorded in the region: centroid and detection day (recovery). */
  sightings: readonly { latitude: number; longitude: number; detectedOn: Date }[];
  /** RUCs responsible for mining environmental liabilities in the region (recovery). */
  liable: readonly string[];
}

/** The counts of `ExclusionEvidence`, except `excludedRecords` (the region counters give it) and the shares. */
export interface EvidenceCounts {
  excludedOperators: number;
  operatorsTargetedAfterExclusion: number;
  excludedRecordsWithLocation: number;
  recordsWithDegradationAfterExclusion: number;
  responsibleForLiabilities: number;
  targetedByEnforcement: number;
  targetedOrResponsible: number;
  targetedAndResponsible: number;
}

const FIELD: Record<RegionLevel, "ID_DEPA" | "ID_PROV" | "ID_DIST"> = {
  DEPARTMENT: "ID_DEPA",
  PROVINCE: "ID_PROV",
  DISTRICT: "ID_DIST",
};

/** An excluded record as the evidence reads it: its operator, place, coordinates and exclusion date. */
interface Excluded {
  M_RUC: string;
  ID_DIST: string;
  LATITUD_G84?: number | null;
  LONGITUD_G84?: number | null;
  /** The latest change to EXCLUIDO in its history (null for a record stored without one). */
  excludedOn: Date | null;
}

const EARTH_KM = 6371.0088;

/** Great-circle distance between two WGS84 points, km (haversine). */
export function distanceKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The UTC day of a date, as a number of days: "after the exclusion" means on a later day. */
const dayNumber = (date: Date): number => Math.floor(date.getTime() / 86_400_000);

/**
 * Computes the exclusion evidence for every region of a request at once: one aggregation per region level for
 * the distinct excluded operators and located excluded records, and one aggregation for the excluded records
 * the other pillars' data can match (the targeted and liable RUCs, and the located records of regions with
 * degraded areas), with their exclusion dates; however many regions are asked for.
 */
export function exclusionEvidenceLoader(models: Models): DataLoader<EvidenceKey, EvidenceCounts, string> {
  return new DataLoader<EvidenceKey, EvidenceCounts, string>(
    async (keys) => {
      const byLevel = new Map<RegionLevel, string[]>();
      const withSightings = new Map<RegionLevel, string[]>();
      for (const key of keys) {
        const level = levelOf(key.ubigeo);
        if (!level) continue;
        byLevel.set(level, [...(byLevel.get(level) ?? []), key.ubigeo]);
        if (key.sightings.length > 0)
          withSightings.set(level, [...(withSightings.get(level) ?? []), key.ubigeo]);
      }
      const totals = new Map<string, { operators: number; located: number }>();
      for (const [level, codes] of byLevel) {
        const field = FIELD[level];
        const groups = await models.Record.aggregate<{ _id: string; operators: number; located: number }>([
          { $match: { ESTADO: "EXCLUIDO", [field]: { $in: codes } } },
          {
            $group: {
              _id: { region: `$${field}`, ruc: "$M_RUC" },
              located: {
                $sum: {
                  $cond: [{ $and: [{ $isNumber: "$LATITUD_G84" }, { $isNumber: "$LONGITUD_G84" }] }, 1, 0],
                },
              },
            },
          },
          { $group: { _id: "$_id.region", operators: { $sum: 1 }, located: { $sum: "$located" } } },
        ]);
        for (const group of groups) totals.set(group._id, group);
      }
      const rucs = [...new Set(keys.flatMap((key) => [...key.targets.map((t) => t.ruc), ...key.liable]))];
      const located = [...withSightings].map(([level, codes]) => ({
        [FIELD[level]]: { $in: codes },
        LATITUD_G84: { $ne: null },
        LONGITUD_G84: { $ne: null },
      }));
      const or = [...(rucs.length > 0 ? [{ M_RUC: { $in: rucs } }] : []), ...located];
      const excluded =
        or.length === 0
          ? []
          : await models.Record.aggregate<Excluded>([
              { $match: { ESTADO: "EXCLUIDO", $or: or } },
              {
                $project: {
                  _id: 0,
                  M_RUC: 1,
                  ID_DIST: 1,
                  LATITUD_G84: 1,
                  LONGITUD_G84: 1,
                  excludedOn: {
                    $max: {
                      $map: {
                        input: {
                          $filter: { input: "$history", cond: { $eq: ["$$this.status", "EXCLUIDO"] } },
                        },
                        in: "$$this.date",
                      },
                    },
                  },
                },
              },
            ]);
      return keys.map((key) => evidenceFor(key, excluded, totals.get(key.ubigeo)));
    },
    { cacheKeyFn: (key) => key.ubigeo },
  );
}

function evidenceFor(
  key: EvidenceKey,
  excluded: readonly Excluded[],
  totals: { operators: number; located: number } | undefined,
): EvidenceCounts {
  const here = excluded.filter((r) => r.ID_DIST.startsWith(key.ubigeo));
  // An operator's exclusion: the earliest exclusion among its excluded records here.
  const excludedOn = new Map<string, number>();
  for (const record of here) {
    const day = record.excludedOn ? dayNumber(record.excludedOn) : Number.NEGATIVE_INFINITY;
    excludedOn.set(record.M_RUC, Math.min(excludedOn.get(record.M_RUC) ?? Number.POSITIVE_INFINITY, day));
  }
  const targetedAny = new Set(key.targets.map((t) => t.ruc).filter((ruc) => excludedOn.has(ruc)));
  const targetedAfter = new Set(
    key.targets
      .filter((t) => {
        const day = excludedOn.get(t.ruc);
        return day !== undefined && dayNumber(t.lastTargetedOn) > day;
      })
      .map((t) => t.ruc),
  );
  const liable = new Set(key.liable.filter((ruc) => excludedOn.has(ruc)));
  const either = new Set([...targetedAny, ...liable]);
  let degraded = 0;
  if (key.sightings.length > 0) {
    for (const record of here) {
      if (record.LATITUD_G84 == null || record.LONGITUD_G84 == null) continue;
      const point = { latitude: record.LATITUD_G84, longitude: record.LONGITUD_G84 };
      const after = record.excludedOn ? dayNumber(record.excludedOn) : Number.NEGATIVE_INFINITY;
      if (key.sightings.some((s) => dayNumber(s.detectedOn) > after && distanceKm(point, s) <= NEAR_KM))
        degraded++;
    }
  }
  return {
    excludedOperators: totals?.operators ?? 0,
    operatorsTargetedAfterExclusion: targetedAfter.size,
    excludedRecordsWithLocation: totals?.located ?? 0,
    recordsWithDegradationAfterExclusion: degraded,
    responsibleForLiabilities: liable.size,
    targetedByEnforcement: targetedAny.size,
    targetedOrResponsible: either.size,
    targetedAndResponsible: [...targetedAny].filter((ruc) => liable.has(ruc)).length,
  };
}

import DataLoader from "dataloader";
import { descendantPrefix, levelOf, type RegionLevel } from "@tinkuy/kit";
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

/** The stored column that places a record in a region of each level; none for Peru (`00`), which holds them all. */
const FIELD: Record<RegionLevel, "ID_DEPA" | "ID_PROV" | "ID_DIST" | null> = {
  COUNTRY: null,
  DEPARTMENT: "ID_DEPA",
  PROVINCE: "ID_PROV",
  DISTRICT: "ID_DIST",
};

/** An excluded record as the evidence reads it: its code, operator, place, coordinates and status history. */
interface Excluded {
  COD_REINFO: string;
  M_RUC: string;
  ID_DIST: string;
  LATITUD_G84?: number | null;
  LONGITUD_G84?: number | null;
  /** Only each entry's status and date. */
  history?: { status: string; date: Date }[];
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
 * The side of a grid cell for the degraded areas, in degrees: one cell spans at least {@link NEAR_KM} in both
 * directions wherever |latitude| ≤ 20° (all of Peru), so every area within that distance of a point lies in the
 * point's cell or one of its eight neighbours.
 */
const CELL_DEGREES = NEAR_KM / (111.32 * Math.cos((20 * Math.PI) / 180));

type Sighting = EvidenceKey["sightings"][number];

const cellOf = (latitude: number, longitude: number): [number, number] => [
  Math.floor(latitude / CELL_DEGREES),
  Math.floor(longitude / CELL_DEGREES),
];

/** A region's degraded areas by grid cell, so a record is compared only with the areas near it. */
export function sightingGrid(
  sightings: readonly Sighting[],
): (latitude: number, longitude: number) => Sighting[] {
  const cells = new Map<string, Sighting[]>();
  for (const sighting of sightings) {
    const key = cellOf(sighting.latitude, sighting.longitude).join(",");
    cells.set(key, [...(cells.get(key) ?? []), sighting]);
  }
  return (latitude, longitude) => {
    const [row, column] = cellOf(latitude, longitude);
    const near: Sighting[] = [];
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) near.push(...(cells.get(`${row + dr},${column + dc}`) ?? []));
    }
    return near.filter((s) => distanceKm({ latitude, longitude }, s) <= NEAR_KM);
  };
}

const located = (record: Excluded): record is Excluded & { LATITUD_G84: number; LONGITUD_G84: number } =>
  typeof record.LATITUD_G84 === "number" && typeof record.LONGITUD_G84 === "number";

/** A region's excluded records, and the degraded areas near each located one. */
interface Region {
  key: EvidenceKey;
  here: Excluded[];
  near: Map<string, Sighting[]>;
}

/**
 * Computes the exclusion evidence for every region of a request at once: one find per region level for the
 * excluded records, with only the status and date of each history entry (for the exclusion dates), however many
 * regions are asked for. Each located record is compared only with the degraded areas in its grid cell and the
 * eight around it. Peru's (`00`) reads every excluded record and sets it against what the other pillars recorded
 * anywhere in Peru: an operator excluded in one department and targeted in another counts there, so Peru's
 * counts are not the departments' sums.
 */
export function exclusionEvidenceLoader(models: Models): DataLoader<EvidenceKey, EvidenceCounts, string> {
  return new DataLoader<EvidenceKey, EvidenceCounts, string>(
    async (keys) => {
      const byLevel = new Map<RegionLevel, string[]>();
      for (const key of keys) {
        const level = levelOf(key.ubigeo);
        if (level) byLevel.set(level, [...(byLevel.get(level) ?? []), key.ubigeo]);
      }
      const records = new Map<string, Excluded>();
      for (const [level, codes] of byLevel) {
        const field = FIELD[level];
        const found = await models.Record.find(
          { ESTADO: "EXCLUIDO", ...(field ? { [field]: { $in: codes } } : {}) },
          {
            _id: 0,
            COD_REINFO: 1,
            M_RUC: 1,
            ID_DIST: 1,
            LATITUD_G84: 1,
            LONGITUD_G84: 1,
            "history.status": 1,
            "history.date": 1,
          },
        )
          .batchSize(100_000)
          .lean<Excluded[]>();
        for (const record of found) records.set(record.COD_REINFO, record);
      }
      // A record's exclusion: the latest change to EXCLUIDO in its history (none for a record stored without one).
      const excludedOn = new Map<string, number>();
      for (const { COD_REINFO, history } of records.values()) {
        const days = (history ?? []).filter((e) => e.status === "EXCLUIDO").map((e) => dayNumber(e.date));
        excludedOn.set(COD_REINFO, days.length > 0 ? Math.max(...days) : Number.NEGATIVE_INFINITY);
      }
      const all = [...records.values()];
      return keys.map((key) => {
        const prefix = descendantPrefix(key.ubigeo);
        const here = all.filter((record) => record.ID_DIST.startsWith(prefix));
        const near = new Map<string, Sighting[]>();
        if (key.sightings.length > 0) {
          const nearby = sightingGrid(key.sightings);
          for (const record of here.filter(located)) {
            const areas = nearby(record.LATITUD_G84, record.LONGITUD_G84);
            if (areas.length > 0) near.set(record.COD_REINFO, areas);
          }
        }
        return evidenceFor({ key, here, near }, excludedOn);
      });
    },
    { cacheKeyFn: (key) => key.ubigeo },
  );
}

function evidenceFor(
  { key, here, near }: Region,
  recordExcludedOn: ReadonlyMap<string, number>,
): EvidenceCounts {
  const operators = new Set(here.map((record) => record.M_RUC));
  // An operator's exclusion: the earliest exclusion among its excluded records here.
  const excludedOn = new Map<string, number>();
  for (const record of here) {
    const day = recordExcludedOn.get(record.COD_REINFO);
    if (day === undefined) continue;
    excludedOn.set(record.M_RUC, Math.min(excludedOn.get(record.M_RUC) ?? Number.POSITIVE_INFINITY, day));
  }
  const targetedAny = new Set(key.targets.map((t) => t.ruc).filter((ruc) => operators.has(ruc)));
  const targetedAfter = new Set(
    key.targets
      .filter((t) => {
        const day = excludedOn.get(t.ruc);
        return day !== undefined && dayNumber(t.lastTargetedOn) > day;
      })
      .map((t) => t.ruc),
  );
  const liable = new Set(key.liable.filter((ruc) => operators.has(ruc)));
  const either = new Set([...targetedAny, ...liable]);
  let degraded = 0;
  for (const [code, areas] of near) {
    const after = recordExcludedOn.get(code) ?? Number.NEGATIVE_INFINITY;
    if (areas.some((s) => dayNumber(s.detectedOn) > after)) degraded++;
  }
  return {
    excludedOperators: operators.size,
    operatorsTargetedAfterExclusion: targetedAfter.size,
    excludedRecordsWithLocation: here.filter(located).length,
    recordsWithDegradationAfterExclusion: degraded,
    responsibleForLiabilities: liable.size,
    targetedByEnforcement: targetedAny.size,
    targetedOrResponsible: either.size,
    targetedAndResponsible: [...targetedAny].filter((ruc) => liable.has(ruc)).length,
  };
}

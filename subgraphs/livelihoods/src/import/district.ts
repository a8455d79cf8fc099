import { locateDistrict } from "@tinkuy/kit";
import { isLocationCode } from "../inputs.ts";

/**
 * The districts (UBIGEO) a WGS84 point may lie in, or null when it lies outside Peru: `ubigeo` is the kit's
 * answer, `candidates` that district and the districts created since 2007 inside its 2007 polygon (the point may
 * lie in one of them).
 */
export type DistrictLookup = (
  latitude: number,
  longitude: number,
) => { ubigeo: string; candidates: readonly string[] } | null;

/**
 * The kit's lookup by INEI's district boundaries. IATI's `pos` writes latitude first, GeoJSON (and the kit)
 * longitude first. A point in a 2007 polygon later split answers the district the kit names (not exactly) with
 * the newer districts as candidates; a point just outside the simplified coast or frontier, the nearest district.
 */
export const districtAt: DistrictLookup = (latitude, longitude) => {
  const found = locateDistrict(longitude, latitude);
  return found.inPeru ? { ubigeo: found.ubigeo, candidates: [found.ubigeo, ...found.carvedOut] } : null;
};

/**
 * The region a location with a point is recorded at. Its `@ref`, when it names a UBIGEO consistent with the point
 * (a department or province holding one of the point's candidate districts, or one of those districts: the hub's
 * own export writes a region with a point inside it, and a district created since 2007 with its capital, which
 * the boundaries place in the polygon it was carved out of); otherwise the point's district.
 */
export function placeOf(
  found: { ubigeo: string; candidates: readonly string[] },
  ref: string | undefined,
): string {
  if (!ref || !isLocationCode(ref)) return found.ubigeo;
  return found.candidates.some((candidate) => candidate.startsWith(ref)) ? ref : found.ubigeo;
}

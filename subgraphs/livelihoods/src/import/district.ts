import { locateDistrict } from "@tinkuy/kit";

/** Finds the district (UBIGEO) a WGS84 point lies in, or null when it lies outside Peru. */
export type DistrictLookup = (latitude: number, longitude: number) => string | null;

/**
 * The kit's lookup by INEI's district boundaries. IATI's `pos` writes latitude first, GeoJSON (and the kit)
 * longitude first. A point in a 2007 polygon later split answers the district the kit names (not exactly).
 */
export const districtAt: DistrictLookup = (latitude, longitude) => {
  const found = locateDistrict(longitude, latitude);
  return found.inPeru ? found.ubigeo : null;
};

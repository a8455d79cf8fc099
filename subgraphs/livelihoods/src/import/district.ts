import { regionCatalog, type RegionEntry } from "@tinkuy/kit";

/** Finds the district (UBIGEO) a WGS84 point lies in, or null when it lies outside Peru. */
export type DistrictLookup = (latitude: number, longitude: number) => string | null;

/** Peru's extent (WGS84), with a little margin: a point beyond it is outside Peru whatever the lookup says. */
const PERU = { south: -18.4, north: 0.1, west: -81.4, east: -68.6 };

let districts: RegionEntry[] | undefined;

/**
 * Until the kit's lookup by INEI's boundaries exists: the district whose capital is nearest to the point, for
 * points within Peru's extent. Approximate near borders (the one function to switch when the kit's lookup lands).
 */
export const nearestCapitalDistrict: DistrictLookup = (latitude, longitude) => {
  if (latitude < PERU.south || latitude > PERU.north || longitude < PERU.west || longitude > PERU.east) {
    return null;
  }
  districts ??= regionCatalog().list({ level: "DISTRICT" });
  let best: RegionEntry | undefined;
  let bestDistance = Infinity;
  const cos = Math.cos((latitude * Math.PI) / 180);
  for (const district of districts) {
    const dy = district.latitude - latitude;
    const dx = (district.longitude - longitude) * cos;
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = district;
    }
  }
  return best?.ubigeo ?? null;
};

/** The lookup the importer uses by default. */
export const districtAt: DistrictLookup = nearestCapitalDistrict;

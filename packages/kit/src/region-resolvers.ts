import { regionCatalog, type RegionEntry } from "./region-catalog.ts";

/**
 * Resolvers for the Region fields every subgraph shares (`@shareable`), all answered from the same catalog:
 * entity resolution of an unknown code gives `null`, never an error.
 */
export const regionResolvers = {
  __resolveReference<R extends { ubigeo: string }>(reference: R): (R & RegionEntry) | null {
    // Keep the representation's other fields: they are what `@requires` brought from another pillar.
    const entry = regionCatalog().get(reference.ubigeo);
    return entry ? { ...reference, ...entry } : null;
  },
  parent(region: RegionEntry): RegionEntry | null {
    return region.parent ? (regionCatalog().get(region.parent) ?? null) : null;
  },
  children(region: RegionEntry): RegionEntry[] {
    return [...regionCatalog().children(region.ubigeo)];
  },
  capital(region: RegionEntry): {
    name: string;
    latitude: number;
    longitude: number;
    altitude: number | null;
  } {
    return {
      name: region.capital,
      latitude: region.latitude,
      longitude: region.longitude,
      altitude: region.altitude,
    };
  },
};

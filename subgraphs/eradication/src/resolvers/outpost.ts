import type { SecurityOutpostResolvers } from "../generated/resolvers.ts";
import { regionOf } from "./region.ts";

/** `SecurityOutpost`: resolved by identifier through the per-request loader. */
export const SecurityOutpost: SecurityOutpostResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.outpostById.load(reference.id),
  district: (outpost) => regionOf(outpost.district, `outpost ${outpost.id}`),
  location: (outpost) =>
    outpost.latitude != null && outpost.longitude != null
      ? { latitude: outpost.latitude, longitude: outpost.longitude }
      : null,
};

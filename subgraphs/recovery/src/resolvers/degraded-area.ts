import type { DegradedAreaResolvers } from "../generated/resolvers.ts";
import { aresToHectares } from "../units.ts";
import { regionOf } from "./region.ts";

/** `DegradedArea`: resolved by identifier through the per-request loader; surfaces shown in hectares. */
export const DegradedArea: DegradedAreaResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.areaByCode.load(reference.id),
  id: (area) => area.code,
  name: (area) => area.name ?? null,
  district: (area) => regionOf(area.district, `degraded area ${area.code}`),
  hectares: (area) => aresToHectares(area.ares),
  hectaresRestored: (area) => aresToHectares(area.restoredAres),
  cause: (area) => area.cause,
  source: (area) => area.source,
  sourceReference: (area) => area.sourceReference ?? null,
  detectedOn: (area) => area.detectedOn,
  miningCorridor: (area) => area.miningCorridor ?? null,
  geometry: (area) => (area.geometry ? JSON.stringify(area.geometry) : null),
  location: (area) =>
    area.latitude != null && area.longitude != null
      ? { latitude: area.latitude, longitude: area.longitude }
      : null,
};

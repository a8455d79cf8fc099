import type DataLoader from "dataloader";
import { groupLoader, uniqueLoader } from "@tinkuy/kit";
import type { AreaDoc, LiabilityDoc, MeasurementDoc, Models, ProjectDoc, RegionStatsDoc } from "./models.ts";
import { regionFiguresLoader, type Figures, type FiguresKey } from "./region-figures.ts";
import { responsibleRucsLoader } from "./responsible-rucs.ts";
import { sightingsLoader, type Sighting } from "./sightings.ts";

/** The per-request loaders: every entity fetch goes through one, so a request costs one command per batch. */
export interface Loaders {
  areaByCode: DataLoader<string, AreaDoc | null>;
  liabilityById: DataLoader<string, LiabilityDoc | null>;
  projectByCode: DataLoader<string, ProjectDoc | null>;
  liabilitiesByRuc: DataLoader<string, LiabilityDoc[]>;
  measurementsByProject: DataLoader<string, MeasurementDoc[]>;
  /** Region totals without a period (liabilities by risk, active projects), by UBIGEO. */
  totalsByUbigeo: DataLoader<string, RegionStatsDoc | null>;
  figures: DataLoader<FiguresKey, Figures, string>;
  responsibleRucs: DataLoader<string, string[]>;
  /** Located degraded areas by region (any level), for formalization's exclusion evidence. */
  sightings: DataLoader<string, Sighting[]>;
}

/** A fresh set of loaders for one request (never shared between requests: no cross-viewer caching). */
export function createLoaders(models: Models): Loaders {
  return {
    areaByCode: uniqueLoader(
      (codes) => models.Area.find({ code: { $in: codes } }).lean<AreaDoc[]>(),
      (area) => area.code,
    ),
    liabilityById: uniqueLoader(
      (ids) => models.Liability.find({ ID: { $in: ids } }).lean<LiabilityDoc[]>(),
      (liability) => liability.ID,
    ),
    projectByCode: uniqueLoader(
      (codes) => models.Project.find({ code: { $in: codes } }).lean<ProjectDoc[]>(),
      (project) => project.code,
    ),
    liabilitiesByRuc: groupLoader(
      (rucs) =>
        models.Liability.find({ responsibleRuc: { $in: rucs } })
          .sort({ N: 1 })
          .lean<LiabilityDoc[]>(),
      (liability) => liability.responsibleRuc as string,
    ),
    measurementsByProject: groupLoader(
      (codes) =>
        models.Measurement.find({ projectCode: { $in: codes } })
          .sort({ measuredOn: 1, _id: 1 })
          .lean<MeasurementDoc[]>(),
      (measurement) => measurement.projectCode,
    ),
    totalsByUbigeo: uniqueLoader(
      (codes) => models.RegionStats.find({ _id: { $in: codes } }).lean<RegionStatsDoc[]>(),
      (stats) => stats._id,
    ),
    figures: regionFiguresLoader(models),
    responsibleRucs: responsibleRucsLoader(models),
    sightings: sightingsLoader(models),
  };
}

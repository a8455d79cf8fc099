import { centsToDecimal, invariant } from "@tinkuy/kit";
import type {
  AreaRestorationResolvers,
  MonitoringMeasurementResolvers,
  RestorationProgressResolvers,
  RestorationProjectResolvers,
} from "../generated/resolvers.ts";
import { aresToHectares } from "../units.ts";
import { PARAMETERS } from "../vocabulary.ts";
import { regionOf } from "./region.ts";

/** Keeps the found entities of a `loadMany`, in order (a reference to a missing one is a bug, not a result). */
function found<T>(results: (T | null | Error)[], owner: string): T[] {
  return results.map((result) => {
    invariant(
      result !== null && !(result instanceof Error),
      `${owner} refers to a record that does not exist`,
    );
    return result;
  });
}

/** `RestorationProject`: its areas, liabilities and measurements come through the per-request loaders. */
export const RestorationProject: RestorationProjectResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.projectByCode.load(reference.id),
  id: (p) => p.code,
  name: (p) => p.name,
  region: (p) => regionOf(p.ubigeo, `project ${p.code}`),
  degradedAreas: async (p, _, { loaders }) =>
    found(await loaders.areaByCode.loadMany(p.areaCodes), `project ${p.code}`),
  liabilities: async (p, _, { loaders }) =>
    found(await loaders.liabilityById.loadMany(p.liabilityIds), `project ${p.code}`),
  hectaresPlanned: (p) => aresToHectares(p.plannedAres),
  hectaresRestored: (p) => aresToHectares(p.restoredAres),
  status: (p) => p.status,
  budget: (p) => centsToDecimal(p.budgetCents),
  executed: (p) => centsToDecimal(p.executedCents),
  implementingAgency: (p) => p.implementingAgency,
  fundedBy: (p) => p.fundedBy ?? null,
  startDate: (p) => p.startDate,
  plannedEndDate: (p) => p.plannedEndDate ?? null,
  progress: (p) => p.progress,
  measurements: async (p, { parameter, station }, { loaders }) =>
    (await loaders.measurementsByProject.load(p.code)).filter(
      (m) => (parameter == null || m.parameter === parameter) && (station == null || m.station === station),
    ),
};

/** `RestorationProgress`: one stored report. */
export const RestorationProgress: RestorationProgressResolvers = {
  date: (entry) => entry.date,
  areas: (entry) => entry.areas,
  hectaresRestored: (entry) => aresToHectares(entry.areas.reduce((sum, area) => sum + area.ares, 0)),
  status: (entry) => entry.status,
  executed: (entry) => centsToDecimal(entry.executedCents),
  note: (entry) => entry.note ?? null,
  recordedBy: (entry) => entry.recordedBy,
};

/** `AreaRestoration`: the area through the loader (all of a report's areas in one batch). */
export const AreaRestoration: AreaRestorationResolvers = {
  degradedArea: async (increment, _, { loaders }) => {
    const area = await loaders.areaByCode.load(increment.code);
    invariant(area, `a progress report refers to area ${increment.code}, which does not exist`);
    return area;
  },
  hectares: (increment) => aresToHectares(increment.ares),
};

/** `MonitoringMeasurement`: the unit is the parameter's. */
export const MonitoringMeasurement: MonitoringMeasurementResolvers = {
  id: (m) => m._id.toHexString(),
  project: async (m, _, { loaders }) => {
    const project = await loaders.projectByCode.load(m.projectCode);
    invariant(
      project,
      `measurement ${m._id.toHexString()} refers to project ${m.projectCode}, which does not exist`,
    );
    return project;
  },
  parameter: (m) => m.parameter,
  value: (m) => m.value,
  unit: (m) => PARAMETERS[m.parameter].unit,
  measuredOn: (m) => m.measuredOn,
  station: (m) => m.station,
  district: (m) => regionOf(m.district, `measurement ${m._id.toHexString()}`),
};

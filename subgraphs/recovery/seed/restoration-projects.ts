import type { SeededRandom } from "@tinkuy/demo-data";
import { decimalToCents, regionCatalog, type RegionEntry } from "@tinkuy/kit";
import { Types } from "mongoose";
import type {
  AreaDoc,
  AreaIncrement,
  MeasurementDoc,
  Models,
  ProgressEntry,
  ProjectDoc,
} from "../src/models.ts";
import type { Ares } from "../src/units.ts";
import { PARAMETERS } from "../src/vocabulary.ts";
import { areaCode, type AreaIndex } from "./degraded-areas.ts";
import { projectUntil, seeded, seededProject, SYNTHETIC_RESOLUTION } from "./provenance.ts";
import { BATCH, DAY, districtsOf, insertBatch, normal, RECORDED_BY, round6 } from "./support.ts";
import { ACID_SOIL_PH, PROJECTS, TRENDS, type ProjectPlan } from "./vocabulary.ts";

/** What the project part of a seed produced. */
export interface ProjectsSummary {
  projects: number;
  reports: number;
  measurements: number;
  extraAreas: number;
  extraAres: number;
}

function date(value: string): Date {
  return new Date(`${value}T00:00:00.000Z`);
}

function addMonths(value: Date, months: number, day = value.getUTCDate()): Date {
  return new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth() + months, day));
}

/**
 * The fixed list of projects (not scaled: they are named projects), each over the seeded areas of its region
 * detected before it needed them (legacy-mining projects get a degraded area of their own and the province's
 * liabilities). A project whose region has no areas at a small scale is left out.
 */
export async function seedProjects(
  models: Models,
  random: SeededRandom,
  index: AreaIndex[],
): Promise<ProjectsSummary> {
  const summary: ProjectsSummary = { projects: 0, reports: 0, measurements: 0, extraAreas: 0, extraAres: 0 };
  const taken = new Set<string>();
  const projects: ProjectDoc[] = [];
  const extra: AreaDoc[] = [];
  let measurements: MeasurementDoc[] = [];
  let measurementSequence = 0;
  // The most specific projects choose their areas first, so the department-wide plan does not take them all.
  const order = [...PROJECTS.entries()].sort(
    ([a, p], [b, q]) => q.ubigeo.length - p.ubigeo.length || Number(!!q.place) - Number(!!p.place) || a - b,
  );
  for (const [i, plan] of order) {
    const code = `RP-${String(i + 1).padStart(4, "0")}`;
    const target = Math.round(plan.targetHectares * 100);
    let linked: AreaIndex[] = [];
    let liabilityIds: string[] = [];
    if (plan.liabilities) {
      const liabilities = await models.Liability.find({ ID_PROV: plan.ubigeo }, { _id: 0, ID: 1, ID_DIST: 1 })
        .sort({ N: 1 })
        .limit(40)
        .lean<{ ID: string; ID_DIST: string }[]>();
      liabilityIds = liabilities.map((l) => l.ID);
      const district = liabilities[0]?.ID_DIST ?? (districtsOf(plan.ubigeo)[0] as RegionEntry).ubigeo;
      const area = legacyArea(
        random,
        index.length + extra.length + 1,
        district,
        Math.round(target * 1.1),
        plan,
      );
      extra.push(area);
      summary.extraAreas++;
      summary.extraAres += area.ares;
      linked = [
        { code: area.code, district, ares: area.ares, detectedOn: area.detectedOn, name: area.name ?? null },
      ];
    } else {
      let sum = 0;
      const before = date(plan.areasBefore);
      for (const area of index) {
        if (sum >= target) break;
        if (taken.has(area.code) || !area.district.startsWith(plan.ubigeo) || area.detectedOn >= before)
          continue;
        if (plan.place && area.name !== plan.place) continue;
        linked.push(area);
        sum += area.ares;
      }
    }
    const available = linked.reduce((sum, area) => sum + area.ares, 0);
    if (available === 0) continue;
    for (const area of linked) taken.add(area.code);
    const planned = Math.min(target, available);
    const budgetCents = decimalToCents(plan.budget);
    const { progress, restoredAres, executedCents, status } = buildReports(
      random,
      plan,
      linked,
      planned,
      budgetCents,
    );
    projects.push({
      code,
      name: plan.name,
      ubigeo: plan.ubigeo,
      areaCodes: linked.map((area) => area.code),
      liabilityIds,
      plannedAres: planned,
      restoredAres,
      status,
      budgetCents,
      executedCents,
      currency: "PEN",
      implementingAgency: plan.implementingAgency,
      fundedBy: plan.fundedBy ?? null,
      startDate: date(plan.start),
      plannedEndDate: date(plan.plannedEnd),
      progress,
      registeredBy: RECORDED_BY,
      provenance: seededProject(plan),
    });
    summary.projects++;
    summary.reports += progress.length;
    for (const measurement of buildMeasurements(random, plan, code, linked, () => ++measurementSequence)) {
      measurements.push(measurement);
      if (measurements.length >= BATCH) {
        await insertBatch(models.Measurement.collection, measurements);
        summary.measurements += measurements.length;
        measurements = [];
      }
    }
  }
  await insertBatch(models.Measurement.collection, measurements);
  summary.measurements += measurements.length;
  await insertBatch(models.Area.collection, extra);
  await insertBatch(models.Project.collection, projects);
  return summary;
}

/** The degraded area of a legacy-mining project: where its liabilities are, of cause OTHER, from MINEM's inventory. */
function legacyArea(
  random: SeededRandom,
  sequence: number,
  district: string,
  ares: Ares,
  plan: ProjectPlan,
): AreaDoc {
  const entry = regionCatalog().require(district, "seed");
  const detectedOn = new Date(Date.UTC(2021, 0, 4) + random.int(0, 170) * DAY);
  return {
    code: areaCode(sequence),
    name: `Pasivos ambientales mineros de ${regionCatalog().require(plan.ubigeo, "seed").name}`,
    department: district.slice(0, 2),
    province: district.slice(0, 4),
    district,
    ares,
    restoredAres: 0,
    cause: "OTHER",
    source: "MINEM",
    sourceReference: SYNTHETIC_RESOLUTION,
    detectedOn,
    miningCorridor: null,
    geometry: null,
    latitude: round6(entry.latitude),
    longitude: round6(entry.longitude),
    registeredBy: RECORDED_BY,
    provenance: seeded("liability"),
  };
}

/**
 * A project's progress reports: monthly (quarterly for legacy-mining projects) from its start, restoring at a
 * steady pace with some noise (to the plan for a COMPLETED project), only in areas already detected, with
 * execution following the restored share. A suspension is a report of its own.
 */
function buildReports(
  random: SeededRandom,
  plan: ProjectPlan,
  linked: AreaIndex[],
  planned: Ares,
  budgetCents: number,
): { progress: ProgressEntry[]; restoredAres: Ares; executedCents: number; status: ProjectDoc["status"] } {
  if (plan.status === "PLANNED")
    return { progress: [], restoredAres: 0, executedCents: 0, status: "PLANNED" };
  const start = date(plan.start);
  const until = projectUntil(plan);
  const ended = plan.endedOn ? date(plan.endedOn) : until;
  const horizon = plan.status === "COMPLETED" ? ended : date(plan.plannedEnd);
  const pace = plan.status === "COMPLETED" ? 1 : 0.6;
  const expected = (when: Date) =>
    Math.min(
      planned,
      Math.round(
        (planned * pace * (when.getTime() - start.getTime())) / (horizon.getTime() - start.getTime()),
      ),
    );
  const cadence = plan.liabilities ? 3 : 1;
  const left = new Map(linked.map((area) => [area.code, area.ares]));
  const progress: ProgressEntry[] = [];
  let restored = 0;
  let executed = 0;
  const report = (when: Date, quota: number, status: ProjectDoc["status"], note: string | null) => {
    const areas: AreaIncrement[] = [];
    let wanted = Math.min(quota, planned - restored);
    for (const area of linked) {
      if (wanted <= 0) break;
      const room = left.get(area.code) ?? 0;
      if (room <= 0 || area.detectedOn >= when) continue;
      const ares = Math.min(room, wanted);
      left.set(area.code, room - ares);
      wanted -= ares;
      areas.push({ code: area.code, district: area.district, ares });
    }
    restored += areas.reduce((sum, area) => sum + area.ares, 0);
    if (status !== "SUSPENDED") {
      executed = Math.max(
        executed,
        Math.round(budgetCents * Math.min(0.97, 0.05 + (0.92 * restored) / planned)),
      );
    }
    progress.push({
      date: when,
      areas,
      status,
      executedCents: executed,
      note,
      recordedBy: RECORDED_BY,
      provenance: seededProject(plan),
    });
  };
  for (let k = 1; ; k++) {
    const when = addMonths(start, cadence * k, 15);
    if (when >= ended || when > until) break;
    const quota = Math.max(0, Math.round((expected(when) - restored) * (0.7 + random.next() * 0.6)));
    report(when, quota, "IN_PROGRESS", k === 1 ? "Inicio de la ejecución física" : null);
  }
  if (plan.status === "COMPLETED")
    report(ended, planned - restored, "COMPLETED", "Culminación de la ejecución física");
  if (plan.status === "SUSPENDED") {
    report(ended, 0, "SUSPENDED", "Paralización temporal por falta de disponibilidad presupuestal");
  }
  const last = progress[progress.length - 1];
  return { progress, restoredAres: restored, executedCents: executed, status: last?.status ?? "PLANNED" };
}

/**
 * Monitoring series at two stations: monthly (quarterly for legacy-mining projects) from two months before
 * the start until the project's data stops (`projectUntil`), or until a suspension; each parameter moves from its degraded value towards its
 * recovered one (mercury and turbidity fall, forest cover and pH rise), with noise.
 */
function buildMeasurements(
  random: SeededRandom,
  plan: ProjectPlan,
  code: string,
  linked: AreaIndex[],
  nextId: () => number,
): MeasurementDoc[] {
  if (plan.status === "PLANNED") return [];
  const start = date(plan.start);
  const until = plan.status === "SUSPENDED" && plan.endedOn ? date(plan.endedOn) : projectUntil(plan);
  const cadence = plan.liabilities ? 3 : 1;
  const districts = [linked[0]?.district, linked[linked.length - 1]?.district] as string[];
  const out: MeasurementDoc[] = [];
  for (let k = -2; ; k += cadence) {
    const measuredOn = addMonths(start, k, 10);
    if (measuredOn > until) break;
    const months = Math.max(0, k);
    for (const [s, district] of districts.entries()) {
      for (const parameter of plan.monitoring) {
        const trend = parameter === "SOIL_PH" && plan.liabilities ? ACID_SOIL_PH : TRENDS[parameter];
        const mean = trend.end + (trend.start - trend.end) * Math.exp(-months / trend.months);
        const { min, max } = PARAMETERS[parameter];
        const value = Math.min(max, Math.max(min, mean * (1 + trend.noise * normal(random))));
        out.push({
          _id: new Types.ObjectId(nextId().toString(16).padStart(24, "0")),
          projectCode: code,
          parameter,
          value: Number(value.toPrecision(4)),
          measuredOn,
          station: `EM-${code.replace("-", "")}-0${s + 1}`,
          district,
          recordedBy: RECORDED_BY,
          provenance: seeded("measurement"),
        });
      }
    }
  }
  return out;
}

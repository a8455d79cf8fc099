import { createHash } from "node:crypto";
import { isDeepStrictEqual as isEqual } from "node:util";
import { pino } from "pino";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, isValidRuc, regionCatalog } from "../../packages/kit/src/index.ts";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { parseGeometry } from "../../subgraphs/recovery/src/geometry.ts";
import {
  createModels,
  initModels,
  type AreaDoc,
  type LiabilityDoc,
  type MeasurementDoc,
  type Models,
  type ProjectDoc,
  type RegionStatsDoc,
} from "../../subgraphs/recovery/src/models.ts";
import { SEED_NOW, seedRecovery, type SeedSummary } from "../../subgraphs/recovery/seed/index.ts";
import { MODELLED_UNTIL } from "../../subgraphs/recovery/seed/provenance.ts";
import { fromUtm } from "../../subgraphs/recovery/src/utm.ts";
import { validRuc } from "./fixtures.ts";

const SCALE = 0.05;
/** RUCs another pillar knows (REINFO's, in the launcher), given in no particular order. */
const KNOWN = Array.from({ length: 40 }, (_, i) => validRuc(`10${String(41000000 + i * 313)}`));

let mongo: EmbeddedMongo;
let connection: Connection;
let models: Models;
let summary: SeedSummary;
let liabilities: LiabilityDoc[];
let areas: AreaDoc[];
let projects: ProjectDoc[];
let measurements: MeasurementDoc[];

async function digest(): Promise<string> {
  // The driver gives inserted documents fresh ObjectIds: compare everything else, in each collection's own order.
  const hidden = { _id: 0, createdAt: 0, updatedAt: 0 };
  const hash = createHash("sha256");
  hash.update(JSON.stringify(await models.Liability.find({}, hidden).sort({ N: 1 }).lean()));
  hash.update(JSON.stringify(await models.Area.find({}, hidden).sort({ code: 1 }).lean()));
  hash.update(JSON.stringify(await models.Project.find({}, hidden).sort({ code: 1 }).lean()));
  hash.update(
    JSON.stringify(await models.Measurement.find({}, { createdAt: 0, updatedAt: 0 }).sort({ _id: 1 }).lean()),
  );
  hash.update(JSON.stringify(await models.RegionStats.find({}).sort({ _id: 1 }).lean()));
  return hash.digest("hex");
}

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  connection = await connectDatabase({
    uri: mongo.uri,
    dbName: "recovery_seed_test",
    logger: pino({ level: "silent" }),
  });
  models = createModels(connection);
  await initModels(models);
  summary = await seedRecovery(models, { scale: SCALE, knownRucs: KNOWN });
  liabilities = await models.Liability.find({}).lean<LiabilityDoc[]>();
  areas = await models.Area.find({}).lean<AreaDoc[]>();
  projects = await models.Project.find({}).sort({ code: 1 }).lean<ProjectDoc[]>();
  measurements = await models.Measurement.find({}).lean<MeasurementDoc[]>();
});

afterAll(async () => {
  await connection?.close();
  await mongo?.stop();
});

describe("the recovery seed", () => {
  it("has the inventory's shape at scale: rows, 238 high or very high risk scaled, the rest mostly unassessed", () => {
    expect(liabilities).toHaveLength(Math.round(6_116 * SCALE));
    expect(summary.liabilities).toBe(liabilities.length);
    const count = (level: string | null) => liabilities.filter((l) => (l.riskLevel ?? null) === level).length;
    expect(count("VERY_HIGH") + count("HIGH")).toBe(Math.round(64 * SCALE) + Math.round(174 * SCALE));
    expect(count("MEDIUM")).toBe(Math.round(312 * SCALE));
    expect(count("LOW")).toBe(Math.round(186 * SCALE));
    expect(count(null) / liabilities.length).toBeGreaterThan(0.85);
    expect(summary.liabilitiesByRisk.UNKNOWN).toBe(count(null));
    expect(new Set(liabilities.map((l) => l.N)).size).toBe(liabilities.length);
    expect(new Set(liabilities.map((l) => l.ID)).size).toBe(liabilities.length);
  });

  it("places liabilities in the traditional mining regions, led by Áncash and Cajamarca, with UTM that converts back near the district", () => {
    const share = (d: string) => liabilities.filter((l) => l.ID_DEPA === d).length / liabilities.length;
    expect(share("02")).toBeGreaterThan(0.12);
    expect(share("06")).toBeGreaterThan(0.08);
    expect(new Set(liabilities.map((l) => l.ID_DEPA)).size).toBeGreaterThanOrEqual(12);
    const catalog = regionCatalog();
    for (const l of liabilities) {
      const district = catalog.get(l.ID_DIST);
      expect(district?.level).toBe("DISTRICT");
      expect(l.ID_PROV).toBe(l.ID_DIST.slice(0, 4));
      expect(l.CODIGO_DM ?? "000000000").toMatch(/^\d{9}$/);
      const point = fromUtm({ east: l.ESTE as number, north: l.NORTE as number, zone: l.ZONA as number });
      expect(Math.abs(point.latitude - (district?.latitude ?? 0))).toBeLessThan(0.07);
      expect(Math.abs(point.longitude - (district?.longitude ?? 0))).toBeLessThan(0.07);
    }
  });

  it("names responsible operators by valid RUC for some liabilities, a share of them from the known RUCs", () => {
    const withRuc = liabilities.filter((l) => l.responsibleRuc);
    expect(withRuc.length).toBe(summary.liabilitiesWithResponsibleRuc);
    expect(withRuc.length / liabilities.length).toBeGreaterThan(0.1);
    expect(withRuc.every((l) => isValidRuc(l.responsibleRuc as string) && l.RESPONSABLE)).toBe(true);
    const known = withRuc.filter((l) => KNOWN.includes(l.responsibleRuc as string));
    expect(known.length).toBe(summary.responsibleFromKnownRucs);
    expect(known.length).toBeGreaterThan(0);
    expect(known.length).toBeLessThan(withRuc.length);
  });

  it("detects degraded areas January 2021 to June 2025, mostly in Madre de Dios, ~74% of them inside the Mining Corridor", () => {
    const hectares = areas.reduce((sum, a) => sum + a.ares, 0) / 100;
    expect(summary.degradedHectares).toBeCloseTo(hectares, 2);
    // ~46,000 ha at scale 1 (2021 to June 2025), plus the legacy-mining areas of the remediation projects.
    expect(hectares).toBeGreaterThan(45_875 * SCALE);
    expect(hectares).toBeLessThan(45_875 * SCALE + 300);
    // The detections, without the legacy-mining areas of the remediation projects (not scaled).
    const detected = areas.filter((a) => a.cause !== "OTHER");
    const inMdd = detected.filter((a) => a.department === "17");
    const detectedAres = detected.reduce((sum, a) => sum + a.ares, 0);
    expect(inMdd.reduce((sum, a) => sum + a.ares, 0) / detectedAres).toBeGreaterThan(0.82);
    const corridor = inMdd.filter((a) => a.miningCorridor).length / inMdd.length;
    expect(corridor).toBeGreaterThan(0.62);
    expect(corridor).toBeLessThan(0.84);
    expect(areas.filter((a) => a.department !== "17").every((a) => a.miningCorridor == null)).toBe(true);
    const dates = areas.map((a) => a.detectedOn.getTime());
    expect(Math.min(...dates)).toBeGreaterThanOrEqual(Date.UTC(2021, 0, 1));
    expect(SEED_NOW.toISOString()).toBe("2025-06-30T00:00:00.000Z");
    expect(Math.max(...dates)).toBeLessThanOrEqual(SEED_NOW.getTime());
    // The first half of 2025 is detected to its end, nothing after it.
    expect(areas.filter((a) => a.detectedOn >= new Date("2025-06-01T00:00:00.000Z")).length).toBeGreaterThan(
      3,
    );
    expect(areas.some((a) => a.name === "La Pampa" && a.miningCorridor === false)).toBe(true);
    for (const a of areas.filter((x) => x.geometry)) {
      expect(parseGeometry(JSON.stringify(a.geometry))).toHaveProperty("geometry");
    }
  });

  it("tells coherent project stories: restored within plan and areas, execution within budget, reports in order", () => {
    expect(projects.length).toBeGreaterThanOrEqual(6);
    expect(new Set(projects.map((p) => p.status))).toEqual(
      new Set(["PLANNED", "IN_PROGRESS", "COMPLETED", "SUSPENDED"]),
    );
    const areaByCode = new Map(areas.map((a) => [a.code, a]));
    for (const p of projects) {
      expect(p.restoredAres).toBeLessThanOrEqual(p.plannedAres);
      expect(p.executedCents).toBeLessThanOrEqual(p.budgetCents);
      const restored = p.progress.flatMap((e) => e.areas).reduce((sum, i) => sum + i.ares, 0);
      expect(restored).toBe(p.restoredAres);
      for (let i = 1; i < p.progress.length; i++) {
        expect(p.progress[i]?.date.getTime()).toBeGreaterThanOrEqual(p.progress[i - 1]?.date.getTime() ?? 0);
        expect(p.progress[i]?.executedCents).toBeGreaterThanOrEqual(p.progress[i - 1]?.executedCents ?? 0);
      }
      expect(p.progress[p.progress.length - 1]?.status ?? "PLANNED").toBe(p.status);
      if (p.status === "COMPLETED") expect(p.restoredAres).toBe(p.plannedAres);
      for (const code of p.areaCodes) {
        const a = areaByCode.get(code);
        expect(a?.district.startsWith(p.ubigeo)).toBe(true);
        expect(a?.restoredAres).toBeLessThanOrEqual(a?.ares ?? 0);
      }
      for (const increment of p.progress.flatMap((e) => e.areas.map((i) => ({ ...i, date: e.date })))) {
        expect(areaByCode.get(increment.code)?.detectedOn.getTime()).toBeLessThan(increment.date.getTime());
      }
    }
    const restoredByArea = new Map<string, number>();
    for (const i of projects.flatMap((p) => p.progress.flatMap((e) => e.areas))) {
      restoredByArea.set(i.code, (restoredByArea.get(i.code) ?? 0) + i.ares);
    }
    for (const a of areas) expect(a.restoredAres).toBe(restoredByArea.get(a.code) ?? 0);
    expect(projects.some((p) => p.budgetCents === 2_000_000_000 && p.fundedBy?.includes("BID"))).toBe(true);
    expect(projects.some((p) => p.liabilityIds.length > 0 && p.implementingAgency.includes("AMSAC"))).toBe(
      true,
    );
  });

  it("monitors with falling mercury in water and rising forest cover", () => {
    const series = (parameter: string) =>
      measurements
        .filter((m) => m.projectCode === "RP-0001" && m.parameter === parameter)
        .sort((a, b) => a.measuredOn.getTime() - b.measuredOn.getTime())
        .map((m) => m.value);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const mercury = series("MERCURY_IN_WATER");
    const cover = series("FOREST_COVER");
    expect(mercury.length).toBeGreaterThan(24);
    expect(mean(mercury.slice(-6))).toBeLessThan(mean(mercury.slice(0, 6)) * 0.6);
    expect(mean(cover.slice(-6))).toBeGreaterThan(mean(cover.slice(0, 6)) * 3);
    expect(measurements.every((m) => m.measuredOn <= SEED_NOW)).toBe(true);
  });

  it("dates nothing after the published figure each kind of record is modelled on", () => {
    // MAAP #233 (July 2025) for the areas and the Amazon projects; the Anuario Minero 2024 for risk; AMSAC's
    // 2007–2023 figure for its remediation projects; RM 338-2025-MINEM/DM (October 2025) for the liabilities.
    const until = (day: string) => new Date(`${day}T00:00:00.000Z`).getTime();
    expect(Math.max(...areas.map((a) => a.detectedOn.getTime()))).toBeLessThanOrEqual(until("2025-06-30"));
    const assessed = liabilities.flatMap((l) => l.riskHistory.map((e) => e.assessedOn.getTime()));
    expect(assessed.length).toBeGreaterThan(0);
    expect(Math.max(...assessed)).toBeLessThanOrEqual(until("2024-12-31"));
    expect(Math.max(...liabilities.map((l) => l.provenance.asOf.getTime()))).toBeLessThanOrEqual(
      until("2025-10-01"),
    );
    // AMSAC's projects link the province's liabilities; at a small scale a province may have none.
    const amsac = projects.filter((p) => p.implementingAgency.includes("AMSAC"));
    const amazon = projects.filter((p) => !p.implementingAgency.includes("AMSAC"));
    expect(amsac.length).toBeGreaterThan(0);
    const last = (ps: ProjectDoc[]) =>
      Math.max(
        ...ps.flatMap((p) => p.progress.map((e) => e.date.getTime())),
        ...measurements
          .filter((m) => ps.some((p) => p.code === m.projectCode))
          .map((m) => m.measuredOn.getTime()),
      );
    expect(last(amsac)).toBeLessThanOrEqual(until("2023-12-31"));
    expect(last(amazon)).toBeLessThanOrEqual(until("2025-06-30"));
    // The cut-offs bind: the data runs up to them, and in progress projects keep reporting until then.
    expect(last(amsac)).toBeGreaterThan(until("2023-09-30"));
    expect(last(amazon)).toBeGreaterThan(until("2025-05-31"));
    // Every provenance is as of a day no later than its kind's cut-off.
    const kinds: [string, { asOf: Date }[]][] = [
      ["area", areas.filter((a) => a.cause !== "OTHER").map((a) => a.provenance)],
      ["risk", liabilities.flatMap((l) => l.riskHistory.map((e) => e.provenance))],
      ["liabilityProject", amsac.flatMap((p) => [p.provenance, ...p.progress.map((e) => e.provenance)])],
      ["amazonProject", amazon.flatMap((p) => [p.provenance, ...p.progress.map((e) => e.provenance)])],
    ];
    for (const [kind, provenances] of kinds) {
      const cutoff = MODELLED_UNTIL[kind as keyof typeof MODELLED_UNTIL].getTime();
      expect(
        provenances.every((p) => p.asOf.getTime() === cutoff),
        kind,
      ).toBe(true);
    }
  });

  it("leaves region counters that match a fresh count", async () => {
    const stats = new Map(
      (await models.RegionStats.find({}).lean<RegionStatsDoc[]>()).map((s) => [s._id, s]),
    );
    expect(summary.regionStats).toBe(stats.size);
    for (const department of ["02", "06", "17"]) {
      const mine = liabilities.filter((l) => l.ID_DEPA === department);
      const counted = stats.get(department)?.liabilities ?? {};
      expect(Object.values(counted).reduce((a, b) => a + (b ?? 0), 0)).toBe(mine.length);
      expect(counted.UNKNOWN ?? 0).toBe(mine.filter((l) => !l.riskLevel).length);
    }
    const month = "2025-03";
    const detected = areas.filter(
      (a) => a.department === "17" && a.detectedOn.toISOString().startsWith(month),
    );
    expect(stats.get(`17|${month}`)).toMatchObject({
      degradedAres: detected.reduce((sum, a) => sum + a.ares, 0),
      degradedAreas: detected.length,
    });
    const active = projects.filter((p) => p.status === "IN_PROGRESS" && p.ubigeo.startsWith("17")).length;
    expect(stats.get("17")?.activeProjects).toBe(active);
  });

  it("says every record it writes is synthetic: the generator's dataset, its kind's date, what it imitates", () => {
    const synthetic = (modelledOn: string) => ({
      kind: "SYNTHETIC",
      dataset: "tinkuy-demo:recovery",
      source: "Tinkuy demo-data generator",
      url: null,
      asOf: SEED_NOW,
      licence: null,
      note: `synthetic, modelled on ${modelledOn}`,
    });
    const pam = synthetic("MINEM's PAM inventory approved by RM 338-2025-MINEM/DM");
    expect(liabilities.every((l) => isEqual(l.provenance, pam))).toBe(true);
    const risk = liabilities.flatMap((l) => l.riskHistory.map((e) => e.provenance));
    expect(risk.length).toBeGreaterThan(0);
    expect(risk.every((p) => p.kind === "SYNTHETIC" && p.note?.includes("238 liabilities"))).toBe(true);
    const records = [
      ...areas.map((a) => a.provenance),
      ...projects.flatMap((p) => [p.provenance, ...p.progress.map((e) => e.provenance)]),
      ...measurements.map((m) => m.provenance),
    ];
    expect(records.every((p) => p.kind === "SYNTHETIC" && p.dataset === "tinkuy-demo:recovery")).toBe(true);
    expect(records.every((p) => p.asOf.getTime() <= SEED_NOW.getTime())).toBe(true);
    expect(areas.filter((a) => a.cause !== "OTHER").every((a) => a.provenance.note?.includes("MAAP"))).toBe(
      true,
    );
    expect(measurements[0]?.provenance.note).toContain("no published monitoring series");
  });

  it("claims no row of RM 338-2025-MINEM/DM: the resolution appears only as what the rows are modelled on", () => {
    const claims = (value: unknown) => value === "RM 338-2025-MINEM/DM";
    expect(liabilities.filter((l) => Object.values(l).some(claims))).toEqual([]);
    expect(areas.filter((a) => Object.values(a).some(claims))).toEqual([]);
    expect(new Set(liabilities.map((l) => l.inventoryResolution))).toEqual(
      new Set(["synthetic, modelled on RM 338-2025-MINEM/DM"]),
    );
  });

  it("counts every record in the counters' sources, all SYNTHETIC, as many as the figures count", async () => {
    const stats = await models.RegionStats.find({}).lean<RegionStatsDoc[]>();
    const shares = stats.flatMap((s) => Object.values(s.sources ?? {}));
    expect(shares.length).toBeGreaterThan(0);
    expect(shares.every((share) => share.kind === "SYNTHETIC")).toBe(true);
    for (const doc of stats.filter((s) => s.month === null && s.ubigeo.length === 2)) {
      const counted = Object.values(doc.liabilities ?? {}).reduce((a, b) => a + (b ?? 0), 0);
      const records = Object.values(doc.sources ?? {}).reduce((a, b) => a + b.records, 0);
      expect(records).toBe(counted + (doc.activeProjects ?? 0));
    }
    const rows = (department: string, month: string) =>
      projects
        .flatMap((p) => p.progress)
        .filter((e) => e.date.toISOString().startsWith(month))
        .flatMap((e) => e.areas)
        .filter((a) => a.district.startsWith(department)).length;
    for (const doc of stats.filter((s) => s.month !== null && s.ubigeo.length === 2)) {
      const records = Object.values(doc.sources ?? {}).reduce((a, b) => a + b.records, 0);
      expect(records).toBe((doc.degradedAreas ?? 0) + rows(doc.ubigeo, doc.month as string));
    }
  });

  it("is deterministic: same options, same documents; the known RUCs' order does not matter; another seed differs", async () => {
    const first = await digest();
    await seedRecovery(models, { scale: SCALE, knownRucs: [...KNOWN].reverse() });
    expect(await digest()).toBe(first);
    await seedRecovery(models, { scale: SCALE, knownRucs: KNOWN, seed: 7 });
    expect(await digest()).not.toBe(first);
  });
});

import { createHash } from "node:crypto";
import { pino } from "pino";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, regionCatalog } from "../../packages/kit/src/index.ts";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { rebuildServicesStats } from "../../subgraphs/services/src/counters.ts";
import {
  createModels,
  initModels,
  type Models,
  type ProjectDoc,
} from "../../subgraphs/services/src/models.ts";
import { FUNCTION_CODES } from "../../subgraphs/services/src/vocabulary.ts";
import { SEED_NOW, seedServices, type SeedSummary } from "../../subgraphs/services/seed/index.ts";
import { DEMO_DATASET } from "../../subgraphs/services/seed/provenance.ts";
import { COST_RANGE, MINING_PLACES, MONTHLY_FROM } from "../../subgraphs/services/seed/vocabulary.ts";

const SCALE = 0.05;
let mongo: EmbeddedMongo;
let connection: Connection;
let models: Models;
let summary: SeedSummary;
let commands: Record<string, Record<string, number>>;
let projects: ProjectDoc[];

async function digest(): Promise<string> {
  const hash = createHash("sha256");
  // The driver gives inserted documents fresh ObjectIds: compare everything else.
  hash.update(JSON.stringify(await models.Project.find({}, { _id: 0 }).sort({ cui: 1 }).lean()));
  hash.update(await counters());
  return hash.digest("hex");
}

/** The counters, whatever the order of their fields (a rebuild may add paths in another order). */
async function counters(): Promise<string> {
  const sorted = (value: unknown): unknown =>
    value === null || typeof value !== "object" || value instanceof Date
      ? value
      : Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
        );
  return JSON.stringify(sorted(await models.Stats.find({}).sort({ _id: 1 }).lean()));
}

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  connection = await connectDatabase({
    uri: mongo.uri,
    dbName: "services_seed_test",
    logger: pino({ level: "silent" }),
  });
  models = createModels(connection);
  await initModels(models);
  mongo.resetStats();
  summary = await seedServices(models, { scale: SCALE });
  commands = Object.fromEntries(
    Object.entries(mongo.stats().namespaces)
      .filter(([namespace]) => namespace.startsWith("services_seed_test."))
      .map(([namespace, stats]) => [namespace.slice("services_seed_test.".length), stats.commands]),
  );
  projects = await models.Project.find({}).sort({ cui: 1 }).lean<ProjectDoc[]>();
});

afterAll(async () => {
  await connection?.close();
  await mongo?.stop();
});

const DAY = 86_400_000;
const monthStart = (year: number, month: number | null) => Date.UTC(year, (month ?? 1) - 1, 1);
const periodEnd = (year: number, month: number | null) =>
  (month == null ? Date.UTC(year + 1, 0, 1) : Date.UTC(year, month, 1)) - DAY;

describe("the services seed", () => {
  it("writes 3,000 investments x scale and their counters in four commands, reading nothing", () => {
    expect(projects).toHaveLength(Math.round(3_000 * SCALE));
    expect(summary.projects).toBe(projects.length);
    expect(summary.accruals).toBe(projects.reduce((n, p) => n + p.execution.length, 0));
    expect(commands).toEqual({
      investment_projects: { delete: 1, insert: 1 },
      investment_stats: { delete: 1, insert: 1 },
    });
  });

  it("is demo data and says so: SYNTHETIC everywhere, CUIs in the demo range, invented names and units", () => {
    const cuis = projects.map((p) => p.cui);
    expect(new Set(cuis).size).toBe(cuis.length);
    for (const p of projects) {
      expect(p.cui).toMatch(/^9\d{6}$/);
      expect(p.name).toMatch(/^\[DEMO\] /);
      expect(p.executingUnit).toMatch(/^UNIDAD EJECUTORA DEMO G[NRL]-\d{2,6}$/);
      for (const provenance of [
        p.provenance,
        ...p.execution.map((e) => e.provenance),
        ...p.statusHistory.map((s) => s.provenance),
      ]) {
        expect(provenance).toMatchObject({ kind: "SYNTHETIC", dataset: DEMO_DATASET, asOf: SEED_NOW });
        expect(provenance.note).toMatch(/^synthetic, modelled on MEF's investment bank open data/);
      }
    }
  });

  it("covers every function with investments, every status, every level, and costs of S/ 0.3 M to 80 M", () => {
    const functions = new Set(projects.map((p) => p.functionCode));
    expect([...functions].sort()).toEqual(FUNCTION_CODES.filter((code) => code !== "25").sort());
    expect(new Set(projects.map((p) => p.status))).toEqual(
      new Set(["FORMULATION", "VIABLE", "EXECUTION", "CLOSED", "DEACTIVATED"]),
    );
    expect(new Set(projects.map((p) => p.governmentLevel))).toEqual(
      new Set(["LOCAL", "REGIONAL", "NATIONAL"]),
    );
    for (const p of projects) {
      expect(p.viableCostCents).toBeGreaterThanOrEqual(COST_RANGE.min * 100);
      expect(p.viableCostCents).toBeLessThanOrEqual(COST_RANGE.max * 100);
    }
  });

  it("lies in real districts, weighted to the mining regions, a few investments spanning several", () => {
    const catalog = regionCatalog();
    for (const p of projects) {
      for (const district of p.districts) expect(catalog.get(district)?.level).toBe("DISTRICT");
      expect(new Set(p.districts).size).toBe(p.districts.length);
    }
    const mining = projects.filter((p) => (p.districts[0] as string).slice(0, 2) in MINING_PLACES);
    expect(mining.length / projects.length).toBeGreaterThan(0.6);
    expect(projects.some((p) => p.districts.length > 1)).toBe(true);
  });

  it("follows the investment cycle as the writes enforce it, up to the seed's today", () => {
    const now = SEED_NOW.getTime();
    for (const p of projects) {
      const days = [p.registeredOn, p.viableOn, p.executionStartedOn, p.closedOn]
        .filter((d): d is Date => d != null)
        .map((d) => d.getTime());
      expect(days, p.cui).toEqual([...days].sort((a, b) => a - b));
      expect(Math.max(...days), p.cui).toBeLessThanOrEqual(now);
      const started = p.executionStartedOn != null;
      const expected: Record<string, boolean> = {
        FORMULATION: p.viableOn == null && !started && p.closedOn == null,
        VIABLE: p.viableOn != null && !started && p.closedOn == null,
        EXECUTION: started && p.closedOn == null,
        CLOSED: started && p.closedOn != null,
        DEACTIVATED: p.closedOn != null,
      };
      expect(expected[p.status], `${p.cui} ${p.status}`).toBe(true);
      const history = p.statusHistory.map((s) => s.on.getTime());
      expect(history).toEqual([...history].sort((a, b) => a - b));
      expect(p.statusHistory.at(-1)?.status).toBe(p.status);
    }
  });

  it("accrues only in execution, by whole year before 2024 and by month since, within twice the cost", () => {
    let yearly = 0;
    let monthly = 0;
    for (const p of projects) {
      expect(p.accruedCents, p.cui).toBe(p.execution.reduce((sum, e) => sum + e.accruedCents, 0));
      if (p.execution.length === 0) continue;
      const started = (p.executionStartedOn as Date).getTime();
      const ended = p.closedOn?.getTime() ?? SEED_NOW.getTime();
      for (const e of p.execution) {
        expect(e.accruedCents).toBeGreaterThan(0);
        if (e.month == null) {
          yearly++;
          expect(e.year).toBeLessThan(MONTHLY_FROM);
        } else {
          monthly++;
          expect(e.year).toBeGreaterThanOrEqual(MONTHLY_FROM);
        }
        // In execution on some day of the period, as recordInvestmentAccrual requires.
        expect(monthStart(e.year, e.month), p.cui).toBeLessThanOrEqual(ended);
        expect(periodEnd(e.year, e.month), p.cui).toBeGreaterThanOrEqual(started);
      }
      const years = p.execution.map((e) => `${e.year}|${e.month ?? "y"}`);
      expect(new Set(years).size).toBe(years.length);
      expect(p.accruedCents).toBeLessThanOrEqual(2 * Math.max(p.viableCostCents, p.updatedCostCents ?? 0));
    }
    expect(yearly).toBeGreaterThan(0);
    expect(monthly).toBeGreaterThan(yearly);
  });

  it("counts exactly what a rebuild from the investments counts", async () => {
    const seeded = await counters();
    expect(summary.regionStats).toBeGreaterThan(0);
    await rebuildServicesStats(models);
    expect(await counters()).toBe(seeded);
  });

  it("gives the same documents for the same options", async () => {
    const first = await digest();
    await seedServices(models, { scale: SCALE });
    expect(await digest()).toBe(first);
    await seedServices(models, { scale: SCALE, seed: 7 });
    expect(await digest()).not.toBe(first);
  });
});

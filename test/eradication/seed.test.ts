import { createHash } from "node:crypto";
import { pino } from "pino";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  centsToDecimal,
  connectDatabase,
  isValidRuc,
  regionCatalog,
  sumSources,
} from "../../packages/kit/src/index.ts";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import {
  createModels,
  initModels,
  type Models,
  type OfficeDoc,
  type OperationDoc,
} from "../../subgraphs/eradication/src/models.ts";
import { seedEradication, type KnownRuc, type SeedSummary } from "../../subgraphs/eradication/seed/index.ts";
import { LAST_SEEDED_DAY, NAMED_OPERATIONS, WINDOWS } from "../../subgraphs/eradication/seed/vocabulary.ts";
import { DEMO_AS_OF, MODELLED_ON } from "../../subgraphs/eradication/src/provenance.ts";
import { DESTROYED_ONLY, ITEM_UNITS } from "../../subgraphs/eradication/src/vocabulary.ts";
import { validRuc } from "./fixtures.ts";

const SCALE = 0.1;
let mongo: EmbeddedMongo;
let connection: Connection;
let models: Models;
let summary: SeedSummary;
let operations: OperationDoc[];

/** RUCs as the launcher would read them from formalization: 20 with the district of their record, 20 bare. */
const REGIONAL = Array.from({ length: 20 }, (_, i) => ({
  ruc: validRuc(`10${String(43000000 + i * 131)}`),
  ubigeo: i % 2 === 0 ? "170102" : "130809",
}));
const BARE = Array.from({ length: 20 }, (_, i) => validRuc(`20${String(43000000 + i * 131)}`));
const KNOWN: KnownRuc[] = [...REGIONAL, ...BARE, "20512333798"];

async function digest(): Promise<string> {
  const docs = await models.Operation.find({}, { _id: 0 }).sort({ id: 1 }).lean();
  const offices = await models.Office.find({}, { _id: 0 }).sort({ id: 1 }).lean();
  return createHash("sha256")
    .update(JSON.stringify([docs, offices]))
    .digest("hex");
}

function between(op: OperationDoc, from: string, to: string): boolean {
  const day = op.date.toISOString().slice(0, 10);
  return day >= from && day <= to;
}

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  connection = await connectDatabase({
    uri: mongo.uri,
    dbName: "seed_test",
    logger: pino({ level: "silent" }),
  });
  models = createModels(connection);
  await initModels(models);
  summary = await seedEradication(models, { scale: SCALE, knownRucs: KNOWN });
  operations = await models.Operation.find({}).lean<OperationDoc[]>();
});

afterAll(async () => {
  await connection?.close();
  await mongo?.stop();
});

describe("the enforcement seed", () => {
  it("has each span's operations and exact valuation at scale; a span of reported operations has only those", () => {
    expect(operations).toHaveLength(summary.operations);
    for (const [i, window] of WINDOWS.entries()) {
      const mine = operations.filter((op) => between(op, window.from, window.to));
      const cents = mine.reduce((sum, op) => sum + op.totalCents, 0);
      if (window.reportedOnly) {
        const named = NAMED_OPERATIONS.filter((op) => op.date >= window.from && op.date <= window.to);
        expect(
          mine.map((op) => op.date.toISOString().slice(0, 10)),
          window.label,
        ).toEqual(named.map((op) => op.date));
        // Reported operations keep their reported values at every scale: the span's figure is theirs at scale 1.
        expect(cents, window.label).toBe(window.cents);
        expect(mine, window.label).toHaveLength(window.operations);
      } else {
        expect(mine, window.label).toHaveLength(Math.round(window.operations * SCALE));
        expect(centsToDecimal(cents), window.label).toBe(centsToDecimal(Math.round(window.cents * SCALE)));
      }
      expect(summary.windows[i]).toMatchObject({ operations: mine.length, value: centsToDecimal(cents) });
    }
    expect(WINDOWS.reduce((sum, w) => sum + w.operations, 0)).toBe(740 + 737 + 1);
  });

  it("dates nothing after the published figure it is modelled on: PCM's of 26-Sep-2025, or a named operation's report", async () => {
    const pcm = new Date("2025-09-26T00:00:00.000Z").getTime();
    const last = new Date(`${LAST_SEEDED_DAY}T00:00:00.000Z`).getTime();
    const namedDays = new Set(NAMED_OPERATIONS.map((op) => op.date));
    const generated = operations.filter(
      (op) => op.name === null && !op.source.reference.includes(", según "),
    );
    expect(generated.length).toBeGreaterThan(100);
    for (const op of generated) {
      expect(op.date.getTime(), op.id).toBeLessThanOrEqual(pcm);
      expect(op.recordedAt.getTime(), op.id).toBeLessThanOrEqual(pcm);
    }
    for (const op of operations.filter((op) => !generated.includes(op))) {
      const reported = op.date.toISOString().slice(0, 10);
      expect(namedDays.has(reported), op.id).toBe(true);
      expect(op.recordedAt.getTime(), op.id).toBeLessThanOrEqual(last);
    }
    for (const op of operations) expect(op.provenance.asOf.getTime()).toBeLessThanOrEqual(last);
    expect(Math.max(...operations.map((op) => op.date.getTime()))).toBe(last);
    for (const office of await models.Office.find({}).lean<OfficeDoc[]>()) {
      for (const report of office.history) expect(report.reportedOn.getTime()).toBeLessThanOrEqual(pcm);
      expect(office.provenance.asOf.getTime()).toBeLessThanOrEqual(last);
    }
    for (const outpost of await models.Outpost.find({}).lean()) {
      expect(outpost.openedOn.getTime()).toBeLessThanOrEqual(pcm);
    }
    // The one record after it is no demo record: the High Commissioner's claim, a real claim, REPORTED.
    const claims = await models.ReportedFigure.find({}).lean();
    expect(claims.every((claim) => claim.provenance.kind === "REPORTED")).toBe(true);
  });

  it("seeds the High Commissioner's 1–7 Dec 2025 claim as REPORTED and UNVERIFIED, noting the source was not found", async () => {
    const claims = await models.ReportedFigure.find({}).sort({ id: 1 }).lean();
    expect(claims.map((c) => [c.id, c.measure, c.qualifier, c.hundredths / 100, c.region])).toEqual([
      ["RF-2025-00001", "OPERATIONS", "EXACT", 960, null],
      ["RF-2025-00002", "VALUE_DESTROYED", "MORE_THAN", 3_700_000_000, null],
    ]);
    for (const claim of claims) {
      expect(claim).toMatchObject({
        from: new Date("2025-12-01T00:00:00.000Z"),
        to: new Date("2025-12-07T00:00:00.000Z"),
        verification: "UNVERIFIED",
        url: null,
        recordedBy: "seed:tinkuy-demo",
      });
      expect(claim.verificationNote).toMatch(/original source was not found/);
      expect(claim.provenance).toMatchObject({
        kind: "REPORTED",
        source: "Alto Comisionado para la lucha contra la minería ilegal (PCM)",
        asOf: new Date("2025-12-07T00:00:00.000Z"),
      });
      expect(claim.provenance.note).toMatch(/entered from the press coverage, not the original statement/);
      expect(claim.provenance.note).toMatch(/not found/);
    }
  });

  it("follows PCM's 2025 order of regions: Madre de Dios first, then La Libertad", () => {
    const counts = new Map<string, number>();
    for (const op of operations.filter((o) => between(o, "2025-01-01", "2025-09-26"))) {
      counts.set(op.department, (counts.get(op.department) ?? 0) + 1);
    }
    const ranked = [...counts].sort((a, b) => b[1] - a[1]).map(([department]) => department);
    expect(ranked.slice(0, 2)).toEqual(["17", "13"]);
    expect(ranked.slice(2, 6)).toEqual(expect.arrayContaining(["01", "25"]));
  });

  it("includes the named Pataz operations and DICAPI's January 2025 river interdiction as reported", () => {
    const named = (name: string) => operations.find((op) => op.name === name);
    expect(named("Choque Amaru")).toMatchObject({
      totalCents: 2_400_000_000,
      province: "1308",
      results: [{ item: "MINE_ENTRANCE", quantity: 4, action: "DESTROYED" }],
    });
    expect(named("Choque Amaru")?.date.toISOString()).toMatch(/^2025-08/);
    expect(named("Suyubamba")).toMatchObject({
      totalCents: 3_600_000_000,
      results: [
        { item: "MINE_ENTRANCE", quantity: 12 },
        { item: "PROCESSING_PLANT", quantity: 5 },
      ],
    });
    expect(named("Kallpa Wayka")).toMatchObject({ totalCents: 220_000_000 });
    expect(named("Kallpa Wayka")?.date.toISOString()).toMatch(/^2025-09/);
    expect(named("Atoq")).toMatchObject({ totalCents: 62_890_000 });
    expect(named("Atoq")?.date.toISOString()).toMatch(/^2025-10/);
    const dicapi = operations.find((op) => op.agencies[0] === "NAVY_DICAPI" && op.totalCents === 477_000_000);
    expect(dicapi).toMatchObject({
      department: "17",
      type: "RIVER_INTERDICTION",
      results: [
        { item: "BALSA_CARRANCHERA", quantity: 49 },
        { item: "ENGINE", quantity: 29 },
        { item: "SUCTION_PUMP", quantity: 26 },
      ],
    });
    expect(dicapi?.date.toISOString()).toMatch(/^2025-01/);
  });

  it("targets identified operators in 20–30% of operations, most of them the known RUCs", () => {
    const targeted = operations.filter((op) => op.targetRucs.length > 0);
    expect(targeted.length / operations.length).toBeGreaterThan(0.2);
    expect(targeted.length / operations.length).toBeLessThan(0.3);
    expect(summary.targetedOperations).toBe(targeted.length);
    const slots = targeted.flatMap((op) => op.targetRucs);
    const known = new Set([...REGIONAL.map((k) => k.ruc), ...BARE]);
    expect(slots.filter((ruc) => known.has(ruc)).length / slots.length).toBeGreaterThan(0.5);
    expect(slots).not.toContain("20512333798");
    expect(summary.knownRucsTargeted).toBeGreaterThan(10);
  });

  it("targets a known RUC given with a district in that district, so cross-pillar views find overlaps", () => {
    const district = new Map(REGIONAL.map((k) => [k.ruc, k.ubigeo]));
    const regional = operations.filter((op) => op.targetRucs.some((ruc) => district.has(ruc)));
    expect(regional.length).toBeGreaterThan(3);
    for (const op of regional) {
      for (const ruc of op.targetRucs.filter((r) => district.has(r))) {
        expect(op.department).toBe(district.get(ruc)?.slice(0, 2));
      }
      const first = district.get(op.targetRucs[0] as string);
      if (first) expect(op.district).toBe(first);
    }
  });

  it("uses only valid RUCs, catalog districts, points in Peru, allowed units and actions, and valuations ≥ 0", () => {
    const catalog = regionCatalog();
    for (const op of operations) {
      expect(catalog.get(op.district)?.level).toBe("DISTRICT");
      expect(op.province).toBe(op.district.slice(0, 4));
      expect(op.department).toBe(op.district.slice(0, 2));
      expect(op.latitude).toBeGreaterThan(-18.5);
      expect(op.latitude).toBeLessThan(0.1);
      expect(op.longitude).toBeGreaterThan(-81.5);
      expect(op.longitude).toBeLessThan(-68.5);
      expect(op.agencies.length).toBeGreaterThan(0);
      expect(new Set(op.agencies).size).toBe(op.agencies.length);
      for (const ruc of op.targetRucs) expect(isValidRuc(ruc)).toBe(true);
      for (const line of op.results) {
        expect(ITEM_UNITS[line.item]).toContain(line.unit);
        expect(line.quantity).toBeGreaterThan(0);
        expect(line.cents).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(line.cents)).toBe(true);
        if (DESTROYED_ONLY.has(line.item)) expect(line.action).toBe("DESTROYED");
      }
      expect(op.totalCents).toBe(op.results.reduce((sum, line) => sum + line.cents, 0));
      expect(op.id).toMatch(new RegExp(`^EO-${op.date.getUTCFullYear()}-\\d{5}$`));
    }
  });

  it("seeds the three CUPAZ outposts in Pataz and a thinly staffed FEMA office per department", async () => {
    const outposts = await models.Outpost.find({}).sort({ name: 1 }).lean();
    expect(outposts.map((o) => [o.name, o.province, o.openedOn.getUTCFullYear(), o.legalBasis])).toEqual([
      ["Calquiche", "1308", 2025, "DS 060-2025-PCM"],
      ["Pamparacra", "1308", 2025, "DS 060-2025-PCM"],
      ["Shicún", "1308", 2025, "DS 060-2025-PCM"],
    ]);
    const offices = await models.Office.find({}).lean<OfficeDoc[]>();
    expect(new Set(offices.map((o) => o.department)).size).toBe(25);
    const staffed = offices.filter((o) => o.prosecutors > 0);
    for (const o of staffed) expect(o.openCases / o.prosecutors).toBeGreaterThanOrEqual(100);
    expect(offices.some((o) => o.prosecutors === 0)).toBe(true);
    for (const o of offices) {
      const closed = o.history.map((e) => e.closedCases);
      expect(closed).toEqual([...closed].sort((a, b) => a - b));
      expect(o.closedCases).toBe(closed[closed.length - 1]);
    }
  });

  it("leaves region counters that match a fresh count", async () => {
    const stats = await models.RegionStats.find({ month: { $gte: "2025-01", $lte: "2025-12" } }).lean();
    for (const region of ["17", "1308", "170102", "21"]) {
      const mine = operations.filter(
        (op) => op.district.startsWith(region) && between(op, "2025-01-01", "2025-12-31"),
      );
      const counted = stats.filter((s) => s.ubigeo === region);
      expect(counted.reduce((sum, s) => sum + s.operations, 0)).toBe(mine.length);
      expect(counted.reduce((sum, s) => sum + s.destroyedCents + s.seizedCents, 0)).toBe(
        mine.reduce((sum, op) => sum + op.totalCents, 0),
      );
      expect(counted.reduce((sum, s) => sum + s.arrests, 0)).toBe(
        mine.reduce((sum, op) => sum + op.arrests, 0),
      );
    }
  });

  it("says every seeded record is synthetic, and what each kind of record is modelled on", async () => {
    const synthetic = (kind: keyof typeof MODELLED_ON) => ({
      kind: "SYNTHETIC",
      dataset: "tinkuy-demo:eradication",
      source: "Tinkuy demo-data generator",
      url: null,
      asOf: DEMO_AS_OF,
      licence: null,
      note: `synthetic, modelled on ${MODELLED_ON[kind]}`,
    });
    for (const op of operations) {
      const reported = op.name !== null || op.source.reference.includes(", según ");
      expect(op.provenance).toEqual(synthetic(reported ? "namedOperation" : "operation"));
    }
    expect(operations.filter((op) => op.provenance.note?.includes("CUPAZ"))).toHaveLength(5);
    for (const op of operations) {
      expect(op.source.reference).toMatch(/^synthetic, modelled on /);
      expect(op.source.reference).not.toMatch(/N\.º/);
      expect(op.recordedBy).toBe("seed:tinkuy-demo");
    }
    for (const outpost of await models.Outpost.find({}).lean()) {
      expect(outpost.provenance).toEqual(synthetic("outpost"));
    }
    for (const office of await models.Office.find({}).lean<OfficeDoc[]>()) {
      expect(office.provenance).toEqual(synthetic("office"));
      for (const report of office.history) expect(report.provenance).toEqual(synthetic("office"));
    }
  });

  it("counts every operation under the seed's one synthetic dataset in the region counters", async () => {
    const stats = await models.RegionStats.find({ ubigeo: { $regex: /^\d{2}$/ } }).lean();
    const sources = sumSources(stats.map((s) => s.sources));
    expect(sources).toEqual([
      {
        kind: "SYNTHETIC",
        dataset: "tinkuy-demo:eradication",
        source: "Tinkuy demo-data generator",
        asOf: DEMO_AS_OF,
        records: operations.length,
      },
    ]);
  });

  it("is deterministic: same seed and known RUCs (in any order), same data; another seed or none, different", async () => {
    const first = await digest();
    await seedEradication(models, { scale: SCALE, knownRucs: [...KNOWN].reverse() });
    expect(await digest()).toBe(first);
    await seedEradication(models, { scale: SCALE, knownRucs: KNOWN, seed: 7 });
    expect(await digest()).not.toBe(first);
    await seedEradication(models, { scale: SCALE });
    expect(await digest()).not.toBe(first);
  });

  it("reproduces PCM's 2025 figures exactly at scale 1: 737 operations worth S/ 2,604,944,201.50 to 26 September", async () => {
    const full = await seedEradication(models, { scale: 1 });
    expect(full.windows[1]).toMatchObject({ operations: 737, value: "2604944201.50" });
    expect(full.windows[0]).toMatchObject({ operations: 740, value: "2231560000.00" });
    const byDepartment = await models.Operation.aggregate<{ _id: string; n: number }>([
      { $match: { date: { $gte: new Date("2025-01-01"), $lt: new Date("2025-09-27") } } },
      { $group: { _id: "$department", n: { $sum: 1 } } },
    ]);
    const count = new Map(byDepartment.map((g) => [g._id, g.n]));
    expect([...["17", "13", "01", "25", "22", "16"]].map((d) => count.get(d))).toEqual([
      193, 88, 56, 55, 39, 34,
    ]);
  });
});

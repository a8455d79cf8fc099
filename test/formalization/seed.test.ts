import { createHash } from "node:crypto";
import { pino } from "pino";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, isValidRuc, regionCatalog } from "../../packages/kit/src/index.ts";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { createModels, type Models, type RecordDoc } from "../../subgraphs/formalization/src/models.ts";
import { seedFormalization, type SeedSummary } from "../../subgraphs/formalization/src/seed.ts";

let mongo: EmbeddedMongo;
let connection: Connection;
let models: Models;
let summary: SeedSummary;
let records: RecordDoc[];

async function digest(): Promise<string> {
  const docs = await models.Record.find({}, { _id: 0, createdAt: 0, updatedAt: 0 })
    .sort({ COD_REINFO: 1 })
    .lean();
  return createHash("sha256").update(JSON.stringify(docs)).digest("hex");
}

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  connection = await connectDatabase({
    uri: mongo.uri,
    dbName: "seed_test",
    logger: pino({ level: "silent" }),
  });
  models = createModels(connection);
  await models.Record.init();
  summary = await seedFormalization(models, { scale: 0.05 });
  records = await models.Record.find({}).lean<RecordDoc[]>();
});

afterAll(async () => {
  await connection?.close();
  await mongo?.stop();
});

describe("the REINFO seed", () => {
  it("has the published shape at scale: records, distinct RUCs, the purge and ~2% formalized", () => {
    expect(records).toHaveLength(Math.round(86_121 * 0.05));
    expect(summary.records).toBe(records.length);
    const share = (status: string) => records.filter((r) => r.ESTADO === status).length / records.length;
    expect(share("EXCLUIDO")).toBeGreaterThan(0.55);
    expect(share("EXCLUIDO")).toBeLessThan(0.62);
    expect(share("FORMALIZADO")).toBeGreaterThan(0.015);
    expect(share("FORMALIZADO")).toBeLessThan(0.035);
    expect(share("SUSPENDIDO")).toBeGreaterThan(0.04);
    expect(share("VIGENTE")).toBeGreaterThan(0.28);
    const rucs = new Set(records.map((r) => r.M_RUC));
    expect(rucs.size).toBe(summary.distinctRucs);
    expect(rucs.size / records.length).toBeGreaterThan(0.58);
    expect(rucs.size / records.length).toBeLessThan(0.7);
  });

  it("follows the published department shares (Arequipa ~19%, Puno ~14%, Madre de Dios ~11%)", () => {
    const share = (department: string) =>
      records.filter((r) => r.ID_DEPA === department).length / records.length;
    expect(share("04")).toBeGreaterThan(0.16);
    expect(share("04")).toBeLessThan(0.23);
    expect(share("21")).toBeGreaterThan(0.11);
    expect(share("21")).toBeLessThan(0.18);
    expect(share("17")).toBeGreaterThan(0.08);
    expect(share("17")).toBeLessThan(0.14);
  });

  it("uses only valid RUCs, catalog districts, 9-character mining-right codes and coordinates near the district", () => {
    const catalog = regionCatalog();
    for (const record of records) {
      expect(isValidRuc(record.M_RUC)).toBe(true);
      const district = catalog.get(record.ID_DIST);
      expect(district?.level).toBe("DISTRICT");
      expect(record.ID_PROV).toBe(record.ID_DIST.slice(0, 4));
      expect(record.ID_DEPA).toBe(record.ID_DIST.slice(0, 2));
      expect(record.ID_UNIDAD).toMatch(/^\d{9}$/);
      expect(Math.abs((record.LATITUD_G84 ?? 0) - (district?.latitude ?? 0))).toBeLessThan(0.05);
    }
  });

  it("gives every record a coherent history ending in its status, with the purge dated 30 June 2025", () => {
    for (const record of records) {
      const history = record.history;
      expect(history[0]?.status).toBe("VIGENTE");
      expect(history[history.length - 1]?.status).toBe(record.ESTADO);
      expect(record.FECHA_ACTUALIZACION).toEqual(history[history.length - 1]?.date);
      for (let i = 1; i < history.length; i++) {
        expect(history[i]?.date.getTime()).toBeGreaterThanOrEqual(history[i - 1]?.date.getTime() ?? 0);
      }
      if (record.ESTADO === "EXCLUIDO") {
        expect(history[history.length - 1]).toMatchObject({
          date: new Date("2025-06-30T00:00:00.000Z"),
          legalBasis: "DS 012-2025-EM",
        });
      }
    }
  });

  it("leaves region counters that match a fresh count", async () => {
    const stats = await models.RegionStats.find({}).lean();
    const byId = new Map(stats.map((s) => [s._id, s]));
    for (const department of ["04", "21", "17"]) {
      const mine = records.filter((r) => r.ID_DEPA === department);
      expect(byId.get(department)).toMatchObject({
        total: mine.length,
        EXCLUIDO: mine.filter((r) => r.ESTADO === "EXCLUIDO").length,
        FORMALIZADO: mine.filter((r) => r.ESTADO === "FORMALIZADO").length,
      });
    }
  });

  it("is deterministic: the same seed gives the same documents, another seed different ones", async () => {
    const first = await digest();
    await seedFormalization(models, { scale: 0.05 });
    expect(await digest()).toBe(first);
    await seedFormalization(models, { scale: 0.05, seed: 7 });
    expect(await digest()).not.toBe(first);
  });
});

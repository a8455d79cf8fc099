import { createHash } from "node:crypto";
import { pino } from "pino";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectDatabase,
  isValidRuc,
  regionCatalog,
  sumSources,
  SYNTHETIC_SOURCE,
} from "../../packages/kit/src/index.ts";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { createModels, type Models, type RecordDoc } from "../../subgraphs/formalization/src/models.ts";
import { seedFormalization, type SeedSummary } from "../../subgraphs/formalization/seed/index.ts";
import type { Estado } from "../../subgraphs/formalization/src/status.ts";
import { DEMO_AS_OF } from "../../subgraphs/formalization/src/provenance.ts";

const SCALE = 0.05;
const PURGE = new Date("2025-06-30T00:00:00.000Z");
/** Published figures (shared notes, domain §5), as shares of the 86,121 records of July 2024. */
const PUBLISHED: Record<Estado, number> = {
  EXCLUIDO: 50_565 / 86_121,
  SUSPENDIDO: 4_988 / 86_121,
  FORMALIZADO: 2_108 / 86_121,
  VIGENTE: (86_121 - 50_565 - 4_988 - 2_108) / 86_121,
};

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

function share(predicate: (record: RecordDoc) => boolean): number {
  return records.filter(predicate).length / records.length;
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
  summary = await seedFormalization(models, { scale: SCALE });
  records = await models.Record.find({}).lean<RecordDoc[]>();
});

afterAll(async () => {
  await connection?.close();
  await mongo?.stop();
});

describe("the REINFO seed", () => {
  it("has REINFO's size at scale and the published statuses: the 2025 purge, ~2% formalized", () => {
    expect(records).toHaveLength(Math.round(86_121 * SCALE));
    expect(summary.records).toBe(records.length);
    for (const status of Object.keys(PUBLISHED) as Estado[]) {
      const count = records.filter((r) => r.ESTADO === status).length;
      expect(summary.byStatus[status]).toBe(count);
      expect(count / records.length).toBeCloseTo(PUBLISHED[status], 3);
    }
  });

  it("has ~0.64 distinct RUCs per record: most hold one registration, a few more than 10, one holds 77", () => {
    const perRuc = new Map<string, number>();
    for (const r of records) perRuc.set(r.M_RUC, (perRuc.get(r.M_RUC) ?? 0) + 1);
    expect(perRuc.size).toBe(summary.distinctRucs);
    expect(perRuc.size / records.length).toBeGreaterThan(0.6);
    expect(perRuc.size / records.length).toBeLessThan(0.68);
    const counts = [...perRuc.values()];
    expect(counts.filter((n) => n === 1).length / counts.length).toBeGreaterThan(0.6);
    expect(counts.filter((n) => n > 10).length).toBeGreaterThan(3); // 216 × 0.05 ≈ 11
    expect(counts.filter((n) => n > 10).length).toBeLessThan(25);
    expect(Math.max(...counts)).toBe(77);
    const largest = [...perRuc].find(([, n]) => n === 77)?.[0];
    expect(largest?.startsWith("10")).toBe(true);
  });

  it("follows the published department shares, with the mining districts weighted", () => {
    expect(share((r) => r.ID_DEPA === "04")).toBeCloseTo(0.192, 2);
    expect(share((r) => r.ID_DEPA === "21")).toBeCloseTo(0.143, 2);
    expect(share((r) => r.ID_DEPA === "17")).toBeCloseTo(0.106, 2);
    expect(share((r) => r.ID_DEPA === "07")).toBe(0);
    const puno = records.filter((r) => r.ID_DEPA === "21");
    expect(puno.filter((r) => r.ID_DIST === "211002").length / puno.length).toBeGreaterThan(0.2); // Ananea
    const arequipa = records.filter((r) => r.ID_DEPA === "04");
    expect(arequipa.filter((r) => r.ID_PROV === "0403").length / arequipa.length).toBeGreaterThan(0.3);
  });

  it("writes valid RUCs, names by taxpayer type, catalog districts, 9-digit rights and points near the capital", () => {
    const catalog = regionCatalog();
    const codes = new Set<string>();
    for (const r of records) {
      expect(isValidRuc(r.M_RUC)).toBe(true);
      expect(r.M_RUC.slice(0, 2)).toMatch(/^(10|20)$/);
      if (r.M_RUC.startsWith("10")) {
        expect(r.NOMBRE_REP).toBeNull();
        expect(r.NOMBRE_MIN).toMatch(/^[A-Z]+ [A-Z]+ [A-Z]+( [A-Z]+)?$/);
      } else {
        expect(r.NOMBRE_REP).toMatch(/^[A-Z]+ [A-Z]+ [A-Z]+/);
        expect(r.NOMBRE_MIN).toMatch(/MINER|S\.A\.C\.|E\.I\.R\.L\.|S\.R\.L\./);
      }
      const district = catalog.get(r.ID_DIST);
      expect(district?.level).toBe("DISTRICT");
      expect(r.ID_PROV).toBe(r.ID_DIST.slice(0, 4));
      expect(r.ID_DEPA).toBe(r.ID_DIST.slice(0, 2));
      expect(r.ID_UNIDAD).toMatch(/^\d{9}$/);
      expect(r.COD_REINFO).toMatch(/^REINFO-\d{7}$/);
      codes.add(r.COD_REINFO);
      expect(r.A_INSCRIPCION).toBeGreaterThanOrEqual(2017);
      expect(r.A_INSCRIPCION).toBeLessThanOrEqual(2025);
      expect(["EXPLOTACION", "BENEFICIO", "EXPLOTACION Y BENEFICIO"]).toContain(r.TIPO_ACT);
      expect(Math.abs((r.LATITUD_G84 ?? 0) - (district?.latitude ?? 0))).toBeLessThan(0.05);
      expect(Math.abs((r.LONGITUD_G84 ?? 0) - (district?.longitude ?? 0))).toBeLessThan(0.05);
    }
    expect(codes.size).toBe(records.length);
    expect(records.some((r) => r.ID_UNIDAD.startsWith("0"))).toBe(true);
  });

  it("gives every record a coherent history ending in its status, with the purge dated 30 June 2025", () => {
    for (const r of records) {
      const history = r.history;
      const last = history[history.length - 1];
      expect(history[0]).toMatchObject({ status: "VIGENTE", recordedBy: "seed:minem-reinfo" });
      expect(history[0]?.date.getUTCFullYear()).toBe(r.A_INSCRIPCION);
      expect(last?.status).toBe(r.ESTADO);
      expect(r.FECHA_ACTUALIZACION).toEqual(last?.date);
      for (let i = 1; i < history.length; i++) {
        expect(history[i]?.date.getTime()).toBeGreaterThanOrEqual(history[i - 1]?.date.getTime() ?? 0);
        expect(history[i]?.status).not.toBe(history[i - 1]?.status);
      }
      for (const entry of history) {
        if (entry.status === "EXCLUIDO") {
          expect(entry).toMatchObject({ date: PURGE, legalBasis: "DS 012-2025-EM" });
          expect(entry.reason).toContain("Ley 32213");
        }
        if (entry.status === "SUSPENDIDO") expect(entry.reason).toMatch(/RUC|declaración|IGAFOM|contrato/);
      }
      if (r.ESTADO === "EXCLUIDO") {
        // Excluded because suspended for more than a year at the purge.
        expect(history.map((e) => e.status)).toEqual(["VIGENTE", "SUSPENDIDO", "EXCLUIDO"]);
        expect(history[1]?.date.getTime()).toBeLessThan(new Date("2024-07-01").getTime());
      }
      if (r.ESTADO === "SUSPENDIDO") {
        expect(last?.date.getTime()).toBeGreaterThanOrEqual(new Date("2024-07-01").getTime());
      }
      if (r.ESTADO === "FORMALIZADO") {
        expect(history.map((e) => e.status)).toEqual(["VIGENTE", "FORMALIZADO"]);
        expect(last?.legalBasis).toContain("DL 1293");
      }
    }
  });

  it("leaves region counters that match a fresh count at every level", async () => {
    const expected = new Map<string, Record<string, number>>();
    for (const r of records) {
      for (const code of [r.ID_DEPA, r.ID_PROV, r.ID_DIST]) {
        const counts = expected.get(code) ?? {
          total: 0,
          VIGENTE: 0,
          SUSPENDIDO: 0,
          EXCLUIDO: 0,
          FORMALIZADO: 0,
        };
        counts.total = (counts.total ?? 0) + 1;
        counts[r.ESTADO] = (counts[r.ESTADO] ?? 0) + 1;
        expected.set(code, counts);
      }
    }
    const stats = await models.RegionStats.find({}).lean();
    expect(stats).toHaveLength(expected.size);
    const entries = new Map<string, number>();
    for (const r of records) {
      for (const code of [r.ID_DEPA, r.ID_PROV, r.ID_DIST])
        entries.set(code, (entries.get(code) ?? 0) + r.history.length);
    }
    for (const { _id, sources, changes, ...counts } of stats) {
      expect(counts).toEqual(expected.get(_id));
      // Every history entry is the generator's too, counted for the catalogue with the dataset's description.
      expect(Object.values(changes ?? {})).toEqual([
        expect.objectContaining({
          kind: "SYNTHETIC",
          dataset: "tinkuy-demo:formalization",
          records: entries.get(_id),
          note: expect.stringMatching(/^synthetic, modelled on REINFO as published/),
        }),
      ]);
      // Every counted record is the demo generator's, and the counters say so.
      expect(sumSources([sources])).toEqual([
        {
          kind: "SYNTHETIC",
          dataset: "tinkuy-demo:formalization",
          source: SYNTHETIC_SOURCE,
          asOf: DEMO_AS_OF,
          records: counts.total,
        },
      ]);
    }
  });

  it("says of every record and history entry that it is synthetic, as of the seed's date, and what it is modelled on", () => {
    for (const r of records) {
      expect(r.provenance).toEqual({
        kind: "SYNTHETIC",
        dataset: "tinkuy-demo:formalization",
        source: SYNTHETIC_SOURCE,
        url: null,
        asOf: DEMO_AS_OF,
        licence: null,
        note: expect.stringMatching(
          /^synthetic, modelled on REINFO as published: 86,121 records .*El Comercio/,
        ),
      });
      for (const entry of r.history) expect(entry.provenance).toEqual(r.provenance);
    }
  });

  it("dates nothing after the published figures it imitates (the 30-Jun-2025 purge, published July 2025)", () => {
    expect(DEMO_AS_OF).toEqual(PURGE);
    const latest = Math.max(
      ...records.flatMap((r) => [
        ...r.history.map((e) => e.date.getTime()),
        r.FECHA_ACTUALIZACION?.getTime() ?? 0,
      ]),
    );
    expect(latest).toBeLessThanOrEqual(DEMO_AS_OF.getTime());
    // The suspended that stayed had been suspended for a year or less at the purge.
    for (const r of records.filter((record) => record.ESTADO === "SUSPENDIDO")) {
      expect(r.history.at(-1)!.date.getTime()).toBeGreaterThanOrEqual(Date.UTC(2024, 6, 1));
    }
  });

  it("is deterministic: the same seed gives the same documents, another seed different ones", async () => {
    const first = await digest();
    await seedFormalization(models, { scale: SCALE });
    expect(await digest()).toBe(first);
    await seedFormalization(models, { scale: SCALE, seed: 7 });
    expect(await digest()).not.toBe(first);
  });
});

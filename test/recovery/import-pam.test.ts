import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AUDIT_COLLECTION, AuditLog, importExitCode } from "../../packages/kit/src/index.ts";
import {
  importPam,
  PARKED_ROWS,
  type PamImportOptions,
  type PamImportSummary,
} from "../../subgraphs/recovery/src/import/import-pam.ts";
import { auditEntries } from "../support/database.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { useRecovery } from "./harness.ts";

const h = useRecovery();
/** The import's clock: fixed, so that two imports of the same file write the same documents. */
const NOW = new Date("2025-11-20T15:00:00.000Z");
const RESOLUTION = "RM 338-2025-MINEM/DM";

/** The annex's columns, as RM 338-2025's annex heads them. */
const HEADER = [
  "N",
  "ID",
  "EUM",
  "TIPO",
  "SUBTIPO",
  "CUENCA",
  "REGION",
  "PROVINCIA",
  "DISTRITO",
  "ESTE",
  "NORTE",
  "ZONA",
  "CÓDIGO DM",
  "NOMBRE DM",
  "TITULAR",
  "GENERADOR",
  "RESPONSABLE",
  "ESTUDIO AMBIENTAL",
];

type Row = Partial<Record<(typeof HEADER)[number], string | number>>;

/** A liability in El Tambo (Huancayo, Junín), zone 18: about 12.05° S, 75.21° W. Fictitious names. */
function row(n: number | string, id: string, extra: Row = {}): Row {
  return {
    N: n,
    ID: id,
    EUM: "EX UNIDAD DE PRUEBA",
    TIPO: "RESIDUO MINERO",
    SUBTIPO: "RELAVE",
    CUENCA: "Mantaro",
    REGION: "JUNÍN",
    PROVINCIA: "HUANCAYO",
    DISTRITO: "EL TAMBO",
    ESTE: 477144,
    NORTE: 8667909,
    ZONA: 18,
    "CÓDIGO DM": "10000123",
    "NOMBRE DM": "DERECHO DE PRUEBA",
    TITULAR: "MINERA DE PRUEBA S.A.C.",
    GENERADOR: "DESCONOCIDO",
    RESPONSABLE: "DESCONOCIDO",
    "ESTUDIO AMBIENTAL": "",
    ...extra,
  };
}

let dir: string;
let files = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tinkuy-pam-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  const { models } = h.server;
  await Promise.all([
    models.Liability.deleteMany({}),
    models.RegionStats.deleteMany({}),
    models.Sequence.deleteMany({}),
    h.connection.collection(AUDIT_COLLECTION).deleteMany({}),
  ]);
});

async function csv(rows: Row[], separator = ";"): Promise<string> {
  const cell = (value: string | number | undefined): string => {
    const text = String(value ?? "");
    return text.includes(separator) || text.includes('"') ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [HEADER.join(separator), ...rows.map((r) => HEADER.map((c) => cell(r[c])).join(separator))];
  const path = join(dir, `anexo-${++files}.csv`);
  await writeFile(path, `\uFEFF${lines.join("\r\n")}\r\n`);
  return path;
}

async function xlsx(rows: Row[]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Anexo");
  sheet.addRow(["ANEXO: INVENTARIO DE PASIVOS AMBIENTALES MINEROS"]);
  sheet.addRow(HEADER);
  for (const r of rows) sheet.addRow(HEADER.map((c) => r[c] ?? null));
  const path = join(dir, `anexo-${++files}.xlsx`);
  await book.xlsx.writeFile(path);
  return path;
}

function load(file: string, options: Partial<PamImportOptions> = {}): Promise<PamImportSummary> {
  return importPam(h.server.models, {
    file,
    reportPath: join(dir, `report-${++files}.csv`),
    resolution: RESOLUTION,
    asOf: new Date("2025-10-15T00:00:00.000Z"),
    now: NOW,
    ...options,
  });
}

async function report(summary: PamImportSummary): Promise<string[][]> {
  return parseCsv(await readFile(summary.reportPath), {
    bom: true,
    delimiter: summary.format === "csv" ? ";" : ",",
  });
}

/** The liabilities as stored, by ID, without Mongo's own keys. */
async function stored(): Promise<Record<string, unknown>[]> {
  const docs = await h.server.models.Liability.collection
    .find({}, { projection: { _id: 0 } })
    .sort({ ID: 1 })
    .toArray();
  return docs;
}

describe("import:pam", () => {
  it("loads an annex: IDs kept, UTM converted, names matched, DESCONOCIDO as no party, OFFICIAL provenance, counters, one audit entry", async () => {
    const file = await csv([
      row(1, "PAM-T-0001"),
      row(2, "PAM-T-0002", { REGION: "junin", DISTRITO: "El Tambo", RESPONSABLE: "ACTIVOS DE PRUEBA S.A." }),
      row(3, "PAM-T-0003", {
        REGION: "MADRE DE DIOS",
        PROVINCIA: "TAMBOPATA",
        DISTRITO: "TAMBOPATA",
        ESTE: "478277,5",
        NORTE: 8607090,
        ZONA: 19,
      }),
    ]);
    const summary = await load(file, {
      audit: {
        log: new AuditLog(h.connection, pino({ level: "silent" }), TEST_KEYS.auditKey),
        viewer: viewers.admin,
        requestId: "import-test",
      },
    });
    expect(summary).toMatchObject({
      read: 3,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      interrupted: false,
    });
    expect(importExitCode(summary)).toBe(0);
    expect(summary.dataset).toMatch(/^anexo-\d+\.csv sha256:[0-9a-f]{64}$/);

    const liabilities = await h.server.models.Liability.find({}).sort({ N: 1 }).lean();
    expect(
      liabilities.map((l) => [l.ID, l.N, l.ID_DIST, l.RESPONSABLE ?? null, l.GENERADOR ?? null]),
    ).toEqual([
      ["PAM-T-0001", 1, "120114", null, "DESCONOCIDO"],
      ["PAM-T-0002", 2, "120114", "ACTIVOS DE PRUEBA S.A.", "DESCONOCIDO"],
      ["PAM-T-0003", 3, "170101", null, "DESCONOCIDO"],
    ]);
    const first = liabilities[0]!;
    expect(first.CODIGO_DM).toBe("010000123");
    expect(first.CUENCA).toBe("MANTARO");
    expect(first.inventoryResolution).toBe(RESOLUTION);
    expect(first.provenance).toMatchObject({
      kind: "OFFICIAL",
      dataset: summary.dataset,
      note: expect.stringContaining(RESOLUTION),
    });
    expect(first.provenance.asOf.toISOString()).toBe("2025-10-15T00:00:00.000Z");
    expect(liabilities[2]!.ESTE).toBe(478277.5);

    // Through the API: the annex's ID is the liability's id, and the point is the UTM one in degrees.
    const result = await h.run(
      `{ miningLiability(id: "PAM-T-0001") { id inventoryRow location { latitude longitude } removedFromInventory { since } } }`,
    );
    expect(result.errors).toBeUndefined();
    const node = (
      result.data as { miningLiability: { id: string; location: { latitude: number; longitude: number } } }
    ).miningLiability;
    expect(node.id).toBe("PAM-T-0001");
    expect(node.location.latitude).toBeCloseTo(-12.05, 4);
    expect(node.location.longitude).toBeCloseTo(-75.21, 4);

    const tambo = await h.server.models.RegionStats.findById("120114").lean();
    expect(tambo?.liabilities).toEqual({ UNKNOWN: 2 });
    expect((await h.server.models.RegionStats.findById("17").lean())?.liabilities).toEqual({ UNKNOWN: 1 });

    const audit = await auditEntries(h.connection, { operation: "importPam" });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: "OK", counts: { read: 3, inserted: 3, rejected: 0 } });

    // A second run of the same file changes nothing.
    const before = await stored();
    expect(await load(file)).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await stored()).toEqual(before);
  });

  it("refuses every bad row the issue lists, with line, ID, column and reason, and loads the rest", async () => {
    const file = await csv([
      row(1, "PAM-T-0001"),
      row(2, "PAM-T-0002", { DISTRITO: "NINGUNO" }),
      row(3, "PAM-T-0003", { NORTE: 5000000 }),
      row(4, "PAM-T-0004", { ZONA: 20 }),
      row(5, "PAM-T-0005", { ESTE: "477 144 m" }),
      row(6, ""),
      row(7, "PAM-T-0007"),
      row(8, "PAM-T-0007"),
      row(9, "PAM-T-0009"),
      // Inside Peru's extent but in Ecuador (Morona Santiago, about 2° S, 78.5° W).
      row(10, "PAM-T-0010", { ESTE: 778108, NORTE: 9778727, ZONA: 17 }),
    ]);
    const summary = await load(file);
    expect(summary).toMatchObject({ read: 10, inserted: 2, rejected: 8 });
    expect(importExitCode(summary)).toBe(2);
    const rows = await report(summary);
    expect(rows[0]).toEqual(["line", "ID", "field", "reason"]);
    expect(rows.slice(1).map(([line, id, field]) => [line, id, field])).toEqual([
      ["3", "PAM-T-0002", "DISTRITO"],
      ["4", "PAM-T-0003", "ESTE"],
      ["5", "PAM-T-0004", "ZONA"],
      ["6", "PAM-T-0005", "ESTE"],
      ["7", "", "ID"],
      ["8", "PAM-T-0007", "ID"],
      ["9", "PAM-T-0007", "ID"],
      ["11", "PAM-T-0010", "ESTE"],
    ]);
    expect(rows[8]?.[3]).toMatch(/-2\.0000, -78\.5000, outside Peru/);
    expect(rows[2]?.[3]).toMatch(/outside Peru/);
    expect(rows[3]?.[3]).toMatch(/zones 17, 18 and 19/);
    expect(rows[6]?.[3]).toMatch(/also on line 9/);
    expect(rows[7]?.[3]).toMatch(/also on line 8/);
    expect((await stored()).map((l) => l.ID)).toEqual(["PAM-T-0001", "PAM-T-0009"]);
  });

  it("takes a liability on the shore within the kit's 2.5 km of the simplified coastline, and refuses one farther out at sea", async () => {
    // Lomas (Caravelí, Arequipa), zone 18: about 2.1 km outside the lines; then about 1.5 km farther to sea, in
    // reach of the ±0.02° this import once probed on top of the kit's tolerance.
    const shore = { REGION: "AREQUIPA", PROVINCIA: "CARAVELÍ", DISTRITO: "LOMAS", ZONA: 18 };
    const summary = await load(
      await csv([
        row(1, "PAM-T-0001", { ...shore, ESTE: 515010, NORTE: 8278623 }),
        row(2, "PAM-T-0002", { ...shore, ESTE: 513938, NORTE: 8277518 }),
      ]),
    );
    expect(summary).toMatchObject({ read: 2, inserted: 1, rejected: 1 });
    const rows = await report(summary);
    expect(rows.slice(1)).toEqual([
      ["3", "PAM-T-0002", "ESTE", expect.stringMatching(/-15\.5800, -74\.8700, outside Peru/)],
    ]);
    expect((await stored()).map((l) => l.ID)).toEqual(["PAM-T-0001"]);
  });

  it("refuses both rows that give one row number, however it is written, instead of failing the import", async () => {
    const summary = await load(
      await csv([row(1, "PAM-T-0001"), row("1,0", "PAM-T-0002"), row(2, "PAM-T-0003")]),
    );
    expect(summary).toMatchObject({ inserted: 1, rejected: 2 });
    expect((await report(summary)).slice(1).map(([line, id, field]) => [line, id, field])).toEqual([
      ["2", "PAM-T-0001", "N"],
      ["3", "PAM-T-0002", "N"],
    ]);
    expect((await stored()).map((l) => l.ID)).toEqual(["PAM-T-0003"]);
  });

  it("reads the same annex as XLSX (a title row above the header) into the same liabilities", async () => {
    const rows = [row(1, "PAM-T-0001"), row(2, "PAM-T-0002", { "CÓDIGO DM": "010000124" })];
    await load(await csv(rows));
    const fromCsv = (await stored()).map(({ provenance: _p, createdAt: _c, updatedAt: _u, ...rest }) => rest);
    await h.server.models.Liability.deleteMany({});
    const summary = await load(await xlsx(rows));
    expect(summary).toMatchObject({ format: "xlsx", inserted: 2, rejected: 0 });
    const fromXlsx = (await stored()).map(
      ({ provenance: _p, createdAt: _c, updatedAt: _u, ...rest }) => rest,
    );
    expect(fromXlsx).toEqual(fromCsv);
  });

  it("marks a liability a newer annex leaves out as no longer in the inventory, never deleting it, and renumbers rows", async () => {
    await load(await csv([row(1, "PAM-T-0001"), row(2, "PAM-T-0002"), row(3, "PAM-T-0003")]));
    const newer = await csv([row(1, "PAM-T-0003"), row(2, "PAM-T-0001"), row(3, "PAM-T-0004")]);
    const summary = await load(newer, {
      resolution: "RM 269-2026-MINEM/DM",
      asOf: new Date("2026-07-01T00:00:00.000Z"),
    });
    expect(summary).toMatchObject({ inserted: 1, updated: 2, noLongerListed: 1, rejected: 0 });
    const all = await h.server.models.Liability.find({}).sort({ ID: 1 }).lean();
    expect(
      all.map((l) => [l.ID, l.N < PARKED_ROWS ? l.N : "parked", l.removedFromInventory?.lastRow ?? null]),
    ).toEqual([
      ["PAM-T-0001", 2, null],
      ["PAM-T-0002", "parked", 2],
      ["PAM-T-0003", 1, null],
      ["PAM-T-0004", 3, null],
    ]);
    expect(all[1]!.removedFromInventory).toMatchObject({
      resolution: "RM 269-2026-MINEM/DM",
      since: new Date("2026-07-01T00:00:00.000Z"),
    });
    expect(all[1]!.inventoryResolution).toBe(RESOLUTION);
    // The region counts the inventory as it stands; the dropped liability counts under its removal's day.
    expect((await h.server.models.RegionStats.findById("120114").lean())?.liabilities).toEqual({
      UNKNOWN: 3,
    });
    expect(
      (await h.server.models.RegionStats.findById("120114|removed|2026-07-01").lean())?.liabilities,
    ).toEqual({ UNKNOWN: 1 });
    // Listed again: the mark is cleared.
    const again = await load(await csv([row(1, "PAM-T-0002")]), { resolution: "RM 999-2026-MINEM/DM" });
    expect(again).toMatchObject({ updated: 1, noLongerListed: 3 });
    const back = await h.server.models.Liability.findOne({ ID: "PAM-T-0002" }).lean();
    expect([back?.N, back?.removedFromInventory ?? null]).toEqual([1, null]);
  });

  it("converges when killed part-way and run again, and a dry run writes nothing", async () => {
    const rows = Array.from({ length: 7 }, (_, i) => row(i + 1, `PAM-T-${String(i + 1).padStart(4, "0")}`));
    const file = await csv(rows);
    const dry = await load(file, { dryRun: true });
    expect(dry).toMatchObject({ inserted: 7, dryRun: true });
    expect(await h.server.models.Liability.countDocuments()).toBe(0);

    await load(file);
    const clean = await stored();
    await h.server.models.Liability.deleteMany({});
    await h.server.models.RegionStats.deleteMany({});

    await expect(
      load(file, {
        batchSize: 3,
        afterBatch: (batch) => {
          if (batch === 1) throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
    expect(await h.server.models.Liability.countDocuments()).toBe(3);
    const rerun = await load(file, { batchSize: 3 });
    expect(rerun).toMatchObject({ inserted: 4, unchanged: 3, rejected: 0 });
    expect(await stored()).toEqual(clean);
    expect((await h.server.models.RegionStats.findById("120114").lean())?.liabilities).toEqual({
      UNKNOWN: 7,
    });
  });
});

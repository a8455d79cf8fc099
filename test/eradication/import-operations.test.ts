import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { AuditLog } from "../../packages/kit/src/index.ts";
import { importClaims } from "../../subgraphs/eradication/src/import/import-claims.ts";
import { rebuildRegionStats } from "../../subgraphs/eradication/src/region-stats.ts";
import {
  importOperations,
  type OperationsSummary,
} from "../../subgraphs/eradication/src/import/import-operations.ts";
import type { Models, OperationDoc } from "../../subgraphs/eradication/src/models.ts";
import { TEST_KEYS } from "../support/viewers.ts";
import { operation, RECORD } from "./fixtures.ts";
import { useEradication } from "./harness.ts";

/**
 * `npm run import:operations`: the published template's example files (docs/templates/) load whole, CSV and
 * XLSX alike; a rerun changes nothing; every rule of recordEnforcementOperation refuses an operation with the
 * row's line, column and reason; --dry-run writes nothing; the counters match the operations; one audit entry.
 */
const h = useEradication();
const dir = mkdtempSync(join(tmpdir(), "import-operations-"));
const EXAMPLE_CSV = "docs/templates/operaciones-ejemplo.csv";
const EXAMPLE_XLSX = "docs/templates/operaciones-ejemplo.xlsx";
const HEADER = readFileSync(EXAMPLE_CSV, "utf8").split("\n")[0] as string;
const viewer = {
  id: "import:test",
  role: "AGENCY_EDITOR" as const,
  pillar: "eradication",
  donor: null,
  grants: [],
};

function models(): Models {
  return h.server.models as Models;
}

let runs = 0;
async function load(file: string, options: { dryRun?: boolean; signal?: AbortSignal } = {}) {
  const reportPath = join(dir, `report-${++runs}.csv`);
  const summary: OperationsSummary = await importOperations(models(), {
    file,
    reportPath,
    dryRun: options.dryRun ?? false,
    recordedBy: "import:test",
    ...(options.signal ? { signal: options.signal } : {}),
    audit: {
      log: new AuditLog(h.connection, pino({ level: "silent" }), TEST_KEYS.auditKey),
      viewer,
      requestId: `import-test-${runs}`,
    },
  });
  const report = readFileSync(reportPath, "utf8")
    .replace(/^\uFEFF/, "")
    .trimEnd()
    .split("\n");
  return { summary, report };
}

function file(name: string, rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, [HEADER, ...rows].join("\n"));
  return path;
}

async function imported(): Promise<OperationDoc[]> {
  return models()
    .Operation.find({ importReference: /^EJEMPLO-/ })
    .sort({ importReference: 1 })
    .lean<OperationDoc[]>();
}

describe("import:operations", () => {
  it("loads the template's example CSV, a rerun changes nothing, and its XLSX twin reads the same operations", async () => {
    const first = await load(EXAMPLE_CSV);
    expect(first.summary).toMatchObject({
      read: 7,
      operations: 4,
      inserted: 4,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    expect(first.report).toEqual(["line,REFERENCIA,field,reason".replace(/,/g, ";")]);
    const ops = await imported();
    expect(ops.map((op) => [op.importReference, op.idempotencyKey])).toEqual([
      ["EJEMPLO-2025-001", undefined],
      ["EJEMPLO-2025-002", undefined],
      ["EJEMPLO-2025-003", undefined],
      ["EJEMPLO-2025-004", undefined],
    ]);
    const [inambari, napo, pataz, ananea] = ops as [OperationDoc, OperationDoc, OperationDoc, OperationDoc];
    expect(inambari).toMatchObject({
      district: "170102",
      agencies: ["PNP_DIRECTORATE_ENVIRONMENT", "FEMA"],
      type: "INTERDICTION",
      latitude: -12.95,
      arrests: 3,
      targetRucs: ["20600000013"],
      totalCents: 51_525_000,
      source: { kind: "OFFICIAL_RECORD", url: "https://example.org/informe-2025-37" },
    });
    expect(inambari.results).toEqual([
      { item: "DREDGE", action: "DESTROYED", quantity: 2, unit: "UNITS", cents: 45_000_000 },
      { item: "ENGINE", action: "DESTROYED", quantity: 4, unit: "UNITS", cents: 6_000_000 },
      { item: "FUEL", action: "SEIZED", quantity: 350, unit: "GALLONS", cents: 525_000 },
    ]);
    expect(inambari.provenance).toMatchObject({
      kind: "OFFICIAL",
      dataset: expect.stringMatching(/^operaciones-ejemplo\.csv sha256:[0-9a-f]{64}$/) as unknown,
      asOf: new Date("2025-09-15T00:00:00.000Z"),
    });
    expect(napo).toMatchObject({ district: "160107", type: "RIVER_INTERDICTION", agencies: ["NAVY_DICAPI"] });
    expect(pataz.results.map((r) => [r.item, r.quantity, r.unit])).toEqual([
      ["EXPLOSIVES", 120.5, "KILOGRAMS"],
      ["MINE_ENTRANCE", 1, "UNITS"],
    ]);
    expect(pataz.source.kind).toBe("PCM_REPORT");
    expect(ananea).toMatchObject({ district: "211002", results: [], arrests: 0, type: "PATROL" });

    // The counters hold the operations, at every level.
    const stats = await models().RegionStats.find({}).lean();
    const at = (ubigeo: string) =>
      stats.filter((s) => s.ubigeo === ubigeo).reduce((n, s) => n + s.operations, 0);
    expect([at("17"), at("1701"), at("170102"), at("16"), at("13"), at("21")]).toEqual([1, 1, 1, 1, 1, 1]);

    const digest = await h.domainDigest();
    const again = await load(EXAMPLE_CSV);
    expect(again.summary).toMatchObject({
      operations: 4,
      inserted: 0,
      updated: 0,
      unchanged: 4,
      rejected: 0,
    });
    expect(await h.domainDigest()).toBe(digest);

    const xlsx = await load(EXAMPLE_XLSX);
    expect(xlsx.summary).toMatchObject({
      read: 7,
      operations: 4,
      inserted: 0,
      updated: 4,
      unchanged: 0,
      rejected: 0,
    });
    const fromXlsx = await imported();
    const content = (op: OperationDoc) => ({ ...op, _id: null, recordedAt: null, provenance: null });
    expect(fromXlsx.map(content)).toEqual(ops.map(content));
    expect(fromXlsx[0]?.provenance.dataset).toMatch(/^operaciones-ejemplo\.xlsx sha256:/);

    const entries = await h.audit({ operation: "importOperations" });
    expect(entries.map((e) => e.outcome)).toEqual(["OK", "OK", "OK"]);
  });

  it("refuses each operation that breaks a rule, whole, with its line, column and reason, and loads the rest", async () => {
    const base =
      "REF-%;2025-09-20;;PNP;Interdicción;DL 1100;170102;;;;;;Draga;Destruido;1;unidades;1000;0;;;Informe de prueba;";
    const row = (ref: string, change: (cells: string[]) => void = () => undefined) => {
      const cells = base.replace("%", ref).split(";");
      change(cells);
      return cells.join(";");
    };
    const path = file("refusals.csv", [
      row("OK1"),
      row("DIST", (c) => ((c[6] = ""), (c[7] = "Madre de Dios"), (c[8] = "Tambopata"), (c[9] = "Atlantis"))),
      row("MERC", (c) => ((c[12] = "Mercurio"), (c[15] = "unidades"))),
      row("SEIZEDMINE", (c) => ((c[12] = "Bocamina"), (c[13] = "Incautado"))),
      row("FUTURE", (c) => (c[1] = "2099-01-01")),
      row("RUC", (c) => (c[18] = "20600000012")),
      row("AGENCY", (c) => (c[3] = "PNP/Interpol")),
      row("SPLIT"),
      row("SPLIT", (c) => (c[1] = "2025-09-21")),
      row("OK2", (c) => (c[12] = "Motobomba")),
    ]);
    const before = await models().Operation.countDocuments();
    const { summary, report } = await load(path);
    expect(summary).toMatchObject({ read: 10, operations: 9, inserted: 2, rejected: 7 });
    expect(report.slice(1).map((line) => line.split(";").slice(0, 3).join(" "))).toEqual([
      "3 REF-DIST DISTRITO",
      "4 REF-MERC UNIDAD",
      "5 REF-SEIZEDMINE ACCION",
      "6 REF-FUTURE FECHA",
      "7 REF-RUC RUC INTERVENIDOS",
      "8 REF-AGENCY ENTIDADES",
      "10 REF-SPLIT FECHA",
    ]);
    expect(report.join("\n")).toMatch(/MERCURY is counted in KILOGRAMS/);
    expect(await models().Operation.countDocuments()).toBe(before + 2);
    expect(await models().Operation.countDocuments({ importReference: /^REF-(?!OK)/ })).toBe(0);
    expect((await h.audit({ operation: "importOperations" })).at(-1)?.outcome).toBe("ROWS_REJECTED");
  });

  it("writes nothing on a dry run, and a run stopped before its writes converges when run again", async () => {
    const path = file("later.csv", [
      "LATER-1;2025-09-22;;SUCAMEC;Incautación;DL 1103;130809;;;;;;Explosivos;Incautado;10;kg;0;0;;;Informe de prueba;",
    ]);
    const digest = await h.domainDigest();
    const dry = await load(path, { dryRun: true });
    expect(dry.summary).toMatchObject({ dryRun: true, inserted: 1, rejected: 0 });
    expect(await h.domainDigest()).toBe(digest);

    const stopped = new AbortController();
    stopped.abort();
    const interrupted = await load(path, { signal: stopped.signal });
    expect(interrupted.summary).toMatchObject({ interrupted: true, inserted: 0 });
    expect(await models().Operation.countDocuments({ importReference: "LATER-1" })).toBe(0);
    const rerun = await load(path);
    expect(rerun.summary).toMatchObject({ interrupted: false, inserted: 1 });
    expect(await models().Operation.countDocuments({ importReference: "LATER-1" })).toBe(1);
    expect((await h.audit({ operation: "importOperations" })).slice(-2).map((e) => e.outcome)).toEqual([
      "INTERRUPTED",
      "OK",
    ]);
  });
});

describe("import:operations --kind claims", () => {
  async function loadClaims(path: string) {
    const reportPath = join(dir, `claims-report-${++runs}.csv`);
    const summary = await importClaims(models(), {
      file: path,
      reportPath,
      dryRun: false,
      recordedBy: "import:test",
      audit: {
        log: new AuditLog(h.connection, pino({ level: "silent" }), TEST_KEYS.auditKey),
        viewer,
        requestId: `import-claims-${runs}`,
      },
    });
    const report = readFileSync(reportPath, "utf8")
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\n");
    return { summary, report };
  }

  it("loads the example claims, CSV then XLSX, keeping a claim's verification, and refuses bad rows", async () => {
    const first = await loadClaims("docs/templates/declaraciones-ejemplo.csv");
    expect(first.summary).toMatchObject({ read: 2, inserted: 2, rejected: 0 });
    const claims = await models()
      .ReportedFigure.find({ importReference: /^DECL-/ })
      .sort({ importReference: 1 })
      .lean();
    expect(claims.map((c) => [c.measure, c.qualifier, c.hundredths, c.region])).toEqual([
      ["OPERATIONS", "MORE_THAN", 70_000, null],
      ["VALUE", "ABOUT", 260_000_000_000, "17"],
    ]);
    expect(claims[0]?.provenance).toMatchObject({
      kind: "REPORTED",
      source: "Entidad de ejemplo",
      dataset: expect.stringMatching(/^declaraciones-ejemplo\.csv sha256:/) as unknown,
    });
    await models().ReportedFigure.updateOne(
      { importReference: "DECL-EJEMPLO-01" },
      { $set: { verification: "CONSISTENT" } },
    );
    const xlsx = await loadClaims("docs/templates/declaraciones-ejemplo.xlsx");
    expect(xlsx.summary).toMatchObject({ read: 2, inserted: 0, updated: 2, rejected: 0 });
    const kept = await models().ReportedFigure.findOne({ importReference: "DECL-EJEMPLO-01" }).lean();
    expect(kept).toMatchObject({ verification: "CONSISTENT", id: claims[0]?.id });

    const bad = join(dir, "bad-claims.csv");
    const header = readFileSync("docs/templates/declaraciones-ejemplo.csv", "utf8").split("\n")[0] as string;
    writeFileSync(
      bad,
      [
        header,
        "C1;Dicho;Operaciones;;10,5;2025-01-01;2025-02-01;;Entidad;2025-03-01;;",
        "C2;Dicho;Operaciones;;10;2025-01-01;2025-04-01;;Entidad;2025-03-01;;",
        "C3;Dicho;Hectáreas;;10;2025-01-01;2025-02-01;;Entidad;2025-03-01;;",
        "C4;Dicho;Detenidos;;10;2025-01-01;2025-02-01;;Entidad;2025-03-01;;",
        "C4;Dicho;Detenidos;;11;2025-01-01;2025-02-01;;Entidad;2025-03-01;;",
        "C5;Dicho;Detenidos;;3;2025-01-01;2025-02-01;99;Entidad;2025-03-01;;",
        "C6;Dicho;Detenidos;;3;2025-01-01;2025-02-01;;Entidad;2025-03-01;;",
      ].join("\n"),
    );
    const refused = await loadClaims(bad);
    expect(refused.summary).toMatchObject({ read: 7, inserted: 1, rejected: 6 });
    expect(refused.report.slice(1).map((line) => line.split(";").slice(0, 3).join(" "))).toEqual([
      "2 C1 VALOR",
      "3 C2 HASTA",
      "4 C3 MEDIDA",
      "5 C4 REFERENCIA",
      "6 C4 REFERENCIA",
      "7 C5 UBIGEO",
    ]);
    expect(await models().ReportedFigure.countDocuments({ importReference: /^C\d$/ })).toBe(1);
  });
});

/** A row of the operations template: one item of operation `ref`, on `date`, in district `ubigeo`. */
function opRow(ref: string, date: string, ubigeo: string, item = "Draga;Destruido;1;unidades;1000"): string {
  return `${ref};${date};;PNP;Interdicción;DL 1100;${ubigeo};;;;;;${item};0;;;Informe de prueba;`;
}

/** The stored counters equal what a rebuild from the operations writes (the rebuild then replaces them). */
async function expectCountersAsRebuilt(): Promise<void> {
  const stored = await models().RegionStats.find({}, { mark: 0 }).sort({ _id: 1 }).lean();
  await rebuildRegionStats(models());
  expect(stored).toEqual(await models().RegionStats.find({}).sort({ _id: 1 }).lean());
}

describe("import:operations and the region counters", () => {
  it("moves only the counters of the regions and months its operations are and were in, equal to a rebuild's", async () => {
    await h.ok(RECORD, { input: operation({ ubigeo: "211002" }), key: "counters-api-0001" });
    // Every counter stored so far carries a mark a rebuild (delete all, insert) would drop.
    await models().RegionStats.collection.updateMany({}, { $set: { mark: 1 } });
    const untouched = await models().RegionStats.find({}).sort({ _id: 1 }).lean();

    h.mongo.resetStats();
    const first = await load(
      file("counters-1.csv", [
        opRow("CNT-1", "2024-05-10", "170101"),
        opRow("CNT-2", "2024-05-20", "170103", "Motor;Destruido;2;unidades;500"),
        opRow("CNT-3", "2024-06-02", "130809", "Explosivos;Incautado;10;kg;0"),
      ]),
    );
    // Seven counters: the two Madre de Dios districts share their province and department in May 2024.
    expect(first.summary).toMatchObject({ inserted: 3, regionCounters: 7 });
    expect(h.commands("region_stats")).toEqual({ update: 1 });
    expect(h.commands("enforcement_operations")).not.toHaveProperty("aggregate");
    expect(
      await models()
        .RegionStats.find({ _id: { $in: untouched.map((doc) => doc._id) } })
        .sort({ _id: 1 })
        .lean(),
    ).toEqual(untouched);
    expect(
      (
        await models()
          .RegionStats.find({ mark: { $exists: false } })
          .lean()
      )
        .map((doc) => doc._id)
        .sort(),
    ).toEqual([
      "130809|2024-06",
      "1308|2024-06",
      "13|2024-06",
      "170101|2024-05",
      "170103|2024-05",
      "1701|2024-05",
      "17|2024-05",
    ]);
    await expectCountersAsRebuilt();

    // A corrected file: CNT-1 moves to Napo (another department) and April; CNT-2 trades its engines for a pump.
    await models().RegionStats.collection.updateMany({}, { $set: { mark: 1 } });
    const marked = await models()
      .RegionStats.find({ ubigeo: { $in: ["13", "1308", "130809", "21"] } })
      .lean();
    h.mongo.resetStats();
    const corrected = await load(
      file("counters-2.csv", [
        opRow("CNT-1", "2024-04-28", "160107"),
        opRow("CNT-2", "2024-05-20", "170103", "Motobomba;Destruido;1;unidades;500"),
      ]),
    );
    expect(corrected.summary).toMatchObject({ updated: 2, unchanged: 0, regionCounters: 7 });
    // One command moves the counters, one command each for the counters and entries left at zero.
    expect(h.commands("region_stats")).toEqual({ update: 2, delete: 1 });
    expect(
      await models()
        .RegionStats.find({ _id: { $in: marked.map((doc) => doc._id) } })
        .lean(),
    ).toEqual(expect.arrayContaining(marked));
    expect(await models().RegionStats.exists({ _id: "170101|2024-05" })).toBeNull();
    const province = await models().RegionStats.findById("1701|2024-05").lean();
    expect(province).toMatchObject({ operations: 1, destroyedCents: 50_000 });
    expect(Object.keys(province?.items ?? {})).toEqual(["MOTOR_PUMP|DESTROYED|UNITS"]);
    expect(await models().Operation.exists({ countersPending: { $exists: true } })).toBeNull();
    await expectCountersAsRebuilt();

    // The same file again: nothing changes, no counter is written.
    const digest = await h.domainDigest();
    h.mongo.resetStats();
    const rerun = await load(join(dir, "counters-2.csv"));
    expect(rerun.summary).toMatchObject({ unchanged: 2, inserted: 0, updated: 0, regionCounters: 0 });
    expect(h.commands("region_stats")).toEqual({});
    expect(await h.domainDigest()).toBe(digest);
  });

  it("repairs the counters a run left when it stopped between writing operations and moving their counters", async () => {
    // What such a run leaves: CNT-3 moved from 130809 to 130808 and marked with where it was, the counters not
    // moved by it.
    await models().Operation.updateOne(
      { importReference: "CNT-3" },
      {
        $set: {
          countersPending: { from: { district: "130809", date: new Date("2024-06-02T00:00:00Z") } },
          district: "130808",
          province: "1308",
          department: "13",
        },
      },
    );
    await models().RegionStats.collection.updateMany({}, { $set: { mark: 1 } });
    const rerun = await load(join(dir, "counters-2.csv"));
    // Recounted: where it is (130808 and its province and department) and where it was (130809), in June 2024.
    expect(rerun.summary).toMatchObject({ unchanged: 2, regionCounters: 4 });
    expect(
      (
        await models()
          .RegionStats.find({ mark: { $exists: false } })
          .lean()
      )
        .map((doc) => doc._id)
        .sort(),
    ).toEqual(["130808|2024-06", "1308|2024-06", "13|2024-06"]);
    expect(await models().Operation.exists({ countersPending: { $exists: true } })).toBeNull();
    expect(await models().RegionStats.findById("130808|2024-06").lean()).toMatchObject({ operations: 1 });
    expect(await models().RegionStats.exists({ _id: "130809|2024-06" })).toBeNull();
    await expectCountersAsRebuilt();
  });
});

describe("import keys and clients' idempotency keys", () => {
  const claimsFile = "docs/templates/declaraciones-ejemplo.csv";
  async function loadClaims(path: string) {
    return importClaims(models(), {
      file: path,
      reportPath: join(dir, `keys-claims-${++runs}.csv`),
      dryRun: false,
      recordedBy: "import:test",
    });
  }

  it("a client's key import:<REFERENCIA> records the client's own operation, and the import still finds its own", async () => {
    const path = file("keys.csv", [opRow("KEY-1", "2025-08-01", "170102")]);
    expect((await load(path)).summary).toMatchObject({ inserted: 1 });
    const imported = await models().Operation.findOne({ importReference: "KEY-1" }).lean();

    const input = operation({ date: "2025-08-01" });
    const recorded = await h.ok<{ recordEnforcementOperation: { id: string } }>(RECORD, {
      input,
      key: "import:KEY-1",
    });
    expect(recorded.recordEnforcementOperation.id).not.toBe(imported?.id);
    const retried = await h.ok<{ recordEnforcementOperation: { id: string } }>(RECORD, {
      input,
      key: "import:KEY-1",
    });
    expect(retried.recordEnforcementOperation.id).toBe(recorded.recordEnforcementOperation.id);

    expect((await load(path)).summary).toMatchObject({ unchanged: 1, inserted: 0, updated: 0 });
    expect(await models().Operation.findOne({ importReference: "KEY-1" }).lean()).toEqual(imported);
    expect(
      await models().Operation.countDocuments({
        $or: [{ importReference: "KEY-1" }, { idempotencyKey: "import:KEY-1" }],
      }),
    ).toBe(2);
  });

  it("an import of <REFERENCIA> after a client's key import:<REFERENCIA> inserts its own operation, the client's untouched", async () => {
    const recorded = await h.ok<{ recordEnforcementOperation: { id: string } }>(RECORD, {
      input: operation({ date: "2025-08-03" }),
      key: "import:KEY-2",
    });
    const clients = await models().Operation.findOne({ idempotencyKey: "import:KEY-2" }).lean();
    const { summary } = await load(file("keys-2.csv", [opRow("KEY-2", "2025-08-03", "170101")]));
    expect(summary).toMatchObject({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await models().Operation.findOne({ id: recorded.recordEnforcementOperation.id }).lean()).toEqual(
      clients,
    );
    expect(await models().Operation.findOne({ importReference: "KEY-2" }).lean()).toMatchObject({
      district: "170101",
    });
  });

  it("records an earlier import kept under import: keys move to their own field, and a re-import changes nothing", async () => {
    const path = file("legacy.csv", [opRow("LEGACY-1", "2025-08-02", "170102")]);
    await load(path);
    await loadClaims(claimsFile);
    // As an import before this change stored them: the reference as a key, no request hash.
    await models().Operation.collection.updateOne(
      { importReference: "LEGACY-1" },
      { $set: { idempotencyKey: "import:LEGACY-1" }, $unset: { importReference: "" } },
    );
    await models().ReportedFigure.collection.updateMany({ importReference: /^DECL-/ }, [
      { $set: { idempotencyKey: { $concat: ["import:claim:", "$importReference"] } } },
      { $unset: "importReference" },
    ]);
    const legacy = await h.domainDigest();
    expect(legacy).not.toBe("");

    expect((await load(path)).summary).toMatchObject({ unchanged: 1, inserted: 0, updated: 0 });
    expect(await loadClaims(claimsFile)).toMatchObject({ unchanged: 2, inserted: 0, updated: 0 });
    expect(await models().Operation.findOne({ importReference: "LEGACY-1" }).lean()).not.toHaveProperty(
      "idempotencyKey",
    );
    expect(await models().ReportedFigure.countDocuments({ idempotencyKey: /^import:/ })).toBe(0);
    expect(await models().ReportedFigure.countDocuments({ importReference: /^DECL-/ })).toBe(2);
    // A client's key is never moved, whatever it looks like: it has the request's fingerprint.
    expect(await models().Operation.countDocuments({ idempotencyKey: "import:KEY-1" })).toBe(1);
  });
});

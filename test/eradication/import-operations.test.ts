import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { AuditLog } from "../../packages/kit/src/index.ts";
import { importClaims } from "../../subgraphs/eradication/src/import/import-claims.ts";
import {
  importOperations,
  type OperationsSummary,
} from "../../subgraphs/eradication/src/import/import-operations.ts";
import type { Models, OperationDoc } from "../../subgraphs/eradication/src/models.ts";
import { TEST_KEYS } from "../support/viewers.ts";
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
    .Operation.find({ idempotencyKey: /^import:/ })
    .sort({ idempotencyKey: 1 })
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
    expect(ops.map((op) => op.idempotencyKey)).toEqual([
      "import:EJEMPLO-2025-001",
      "import:EJEMPLO-2025-002",
      "import:EJEMPLO-2025-003",
      "import:EJEMPLO-2025-004",
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
    expect(await models().Operation.countDocuments({ idempotencyKey: /^import:REF-(?!OK)/ })).toBe(0);
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
    expect(await models().Operation.countDocuments({ idempotencyKey: "import:LATER-1" })).toBe(0);
    const rerun = await load(path);
    expect(rerun.summary).toMatchObject({ interrupted: false, inserted: 1 });
    expect(await models().Operation.countDocuments({ idempotencyKey: "import:LATER-1" })).toBe(1);
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
      .ReportedFigure.find({ idempotencyKey: /^import:claim:/ })
      .sort({ idempotencyKey: 1 })
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
      { idempotencyKey: "import:claim:DECL-EJEMPLO-01" },
      { $set: { verification: "CONSISTENT" } },
    );
    const xlsx = await loadClaims("docs/templates/declaraciones-ejemplo.xlsx");
    expect(xlsx.summary).toMatchObject({ read: 2, inserted: 0, updated: 2, rejected: 0 });
    const kept = await models()
      .ReportedFigure.findOne({ idempotencyKey: "import:claim:DECL-EJEMPLO-01" })
      .lean();
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
    expect(await models().ReportedFigure.countDocuments({ idempotencyKey: /^import:claim:C/ })).toBe(1);
  });
});

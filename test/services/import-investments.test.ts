import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { AuditLog } from "../../packages/kit/src/index.ts";
import { rebuildServicesStats } from "../../subgraphs/services/src/counters.ts";
import {
  importInvestments,
  type ImportInvestmentsOptions,
  type InvestmentsSummary,
} from "../../subgraphs/services/src/import/import-investments.ts";
import { initModels, type ProjectDoc } from "../../subgraphs/services/src/models.ts";
import { services } from "../../subgraphs/services/pillar.ts";
import { useSubgraph } from "../support/subgraph.ts";
import { TEST_KEYS } from "../support/viewers.ts";

/**
 * `npm run import:investments`: MEF's three investment-bank files as published (hand-made synthetic fixtures in
 * their layout) load as the contract records them; the counters move exactly as a rebuild from the investments
 * counts them; a rerun writes nothing; a newer file moves only what changed; refused rows are reported with a
 * reason and none is half-imported.
 */
const h = useSubgraph(services, initModels);
const models = () => h.server.models;
const dir = mkdtempSync(join(tmpdir(), "import-investments-"));
const FIXTURES = "test/fixtures/invierte";
const DETALLE = join(FIXTURES, "DETALLE_INVERSIONES.csv");
const CIERRE = join(FIXTURES, "CIERRE_INVERSIONES.csv");
const DESACTIVADAS = join(FIXTURES, "INVERSIONES_DESACTIVADAS.csv");
const viewer = {
  id: "import:test",
  role: "AGENCY_EDITOR" as const,
  pillar: "services",
  donor: null,
  grants: [],
};

let runs = 0;
async function load(
  file: string,
  options: Pick<
    ImportInvestmentsOptions,
    "dryRun" | "asOf" | "batchSize" | "afterBatch" | "beforeWrite" | "signal"
  > = {},
): Promise<{ summary: InvestmentsSummary; report: string[] }> {
  const reportPath = join(dir, `report-${++runs}.csv`);
  const summary = await importInvestments(models(), {
    ...options,
    file,
    reportPath,
    recordedBy: "import:test",
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

/** The fixture's lines as cells (its cells are quoted, none spans lines). */
function table(file: string): string[][] {
  return readFileSync(file, "utf8")
    .replace(/^\uFEFF/, "")
    .trimEnd()
    .split("\r\n")
    .map((line) => line.slice(1, -1).split('","'));
}

/** Writes a copy of a fixture under `name`, with cells changed (by CUI and column) and rows added. */
function variant(
  source: string,
  name: string,
  edits: Record<string, Record<string, string>>,
  extra: Record<string, string>[] = [],
): string {
  const [header = [], ...rows] = table(source);
  const col = (column: string) => {
    const at = header.indexOf(column);
    if (at < 0) throw new Error(`no column ${column}`);
    return at;
  };
  for (const row of rows) {
    for (const [column, value] of Object.entries(edits[row[col("CODIGO_UNICO")] ?? ""] ?? {})) {
      row[col(column)] = value;
    }
  }
  const base = rows[0] ?? [];
  for (const added of extra) {
    const row = [...base];
    for (const [column, value] of Object.entries(added)) row[col(column)] = value;
    rows.push(row);
  }
  const path = join(dir, name);
  const quote = (cell: string) => `"${cell}"`;
  writeFileSync(path, `\uFEFF${[header, ...rows].map((r) => r.map(quote).join(",")).join("\r\n")}\r\n`);
  return path;
}

async function project(cui: string): Promise<ProjectDoc> {
  const doc = await models()
    .Project.findOne({ cui }, { _id: 0, createdAt: 0, updatedAt: 0 })
    .lean<ProjectDoc>();
  if (!doc) throw new Error(`no investment ${cui}`);
  return doc;
}

/**
 * The counters as stored, by id, without what counts nothing: an amount or count moved back to 0, a dataset
 * whose records moved back to 0 (an incremental change leaves them at 0 where a rebuild writes nothing).
 */
async function counters(): Promise<Record<string, unknown>> {
  const docs = await models().Stats.find({}).sort({ _id: 1 }).lean();
  const counted = (value: unknown): unknown => {
    if (value === null || typeof value !== "object" || value instanceof Date) return value;
    const record = value as Record<string, unknown>;
    if (record.records === 0) return undefined;
    const kept = Object.entries(record)
      .map(([key, inner]) => [key, counted(inner)] as const)
      .filter(([, inner]) => inner !== 0 && inner !== undefined);
    return kept.length === 0 ? undefined : Object.fromEntries(kept);
  };
  return Object.fromEntries(
    docs.map((doc) => [doc._id, counted(doc)]).filter(([, doc]) => doc !== undefined),
  );
}

/** Asserts the counters are what a rebuild from the investments computes (restoring them as they were). */
async function expectCountersMatchRebuild(): Promise<Record<string, unknown>> {
  const moved = await counters();
  await rebuildServicesStats(models());
  const rebuilt = await counters();
  expect(moved).toEqual(rebuilt);
  return rebuilt;
}

/** What a month later's file says: the water project's June and new cost, the road project started. */
const NEWER: Record<string, Record<string, string>> = {
  "9100001": {
    DEV_JUN_ANIO_VIG: "40000.00",
    DEV_ANIO_ACTUAL: "345000.50",
    ULTIMO_DEVENGADO: "2025-06-25 00:00:00",
    COSTO_ACTUALIZADO: "4900000.00",
  },
  "9100003": {
    PRIMER_DEVENGADO: "2025-06-10",
    ULTIMO_DEVENGADO: "2025-06-10",
    DEV_JUN_ANIO_VIG: "100000.00",
    DEV_ANIO_ACTUAL: "100000.00",
  },
};

/** An investment without what names its file and CUI, to compare two files' readings of one row. */
function stripped({ cui: _c, provenance: _p, execution, statusHistory: _s, ...rest }: ProjectDoc) {
  return { ...rest, execution: execution.map((e) => [e.year, e.month, e.accruedCents]) };
}

const day = (text: string) => new Date(`${text}T00:00:00.000Z`);
const accruals = (doc: ProjectDoc) => doc.execution.map((e) => [e.year, e.month, e.accruedCents]);

describe("import:investments", () => {
  it("loads the active investments file as published, each investment as the contract records it", async () => {
    const { summary, report } = await load(DETALLE);
    expect(summary).toMatchObject({
      read: 5,
      inserted: 5,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      duplicates: 0,
      unattributed: 1,
      unattributedCents: 300_000_000,
      asOf: "2025-05-30",
      asOfFrom: "file",
      interrupted: false,
    });
    expect(report).toEqual(["line,CODIGO_UNICO,field,reason"]);

    const water = await project("9100001");
    expect(water).toMatchObject({
      name: "DATOS SINTETICOS: AGUA POTABLE DE PRUEBA 1",
      functionCode: "18",
      programme: "SANEAMIENTO",
      subprogramme: "SANEAMIENTO RURAL",
      executingUnit: "UEI SINTETICA A",
      governmentLevel: "LOCAL",
      districts: ["170102"],
      regions: ["17", "1701", "170102"],
      status: "EXECUTION",
      viableCostCents: 450_000_000,
      updatedCostCents: 480_000_000,
      registeredOn: day("2023-08-14"),
      viableOn: day("2023-11-20"),
      executionStartedOn: day("2024-03-15"),
      closedOn: null,
      accruedBeforeYear: null,
      accruedCents: 120_000_000 + 30_500_050,
    });
    // The year before the process year as a whole (one year only could hold DEVEN_ACUMUL_ANIO_ANT), then the
    // process year's months with an amount.
    expect(accruals(water)).toEqual([
      [2024, null, 120_000_000],
      [2025, 1, 5_000_000],
      [2025, 3, 7_500_050],
      [2025, 4, 12_000_000],
      [2025, 5, 6_000_000],
    ]);
    expect(water.statusHistory.map((c) => [c.status, c.on])).toEqual([
      ["FORMULATION", day("2023-08-14")],
      ["VIABLE", day("2023-11-20")],
      ["EXECUTION", day("2024-03-15")],
    ]);
    expect(water.provenance).toMatchObject({
      kind: "OFFICIAL",
      source: "MEF (Ministerio de Economía y Finanzas), Banco de Inversiones (Invierte.pe), datos abiertos",
      url: "https://fs.datosabiertos.mef.gob.pe/datastorefiles/DETALLE_INVERSIONES.csv",
      asOf: day("2025-05-30"),
    });
    expect(water.provenance.dataset).toMatch(/^DETALLE_INVERSIONES\.csv sha256:[0-9a-f]{64}$/);
    expect(water.execution.every((e) => e.provenance.dataset === water.provenance.dataset)).toBe(true);

    // Several districts, all kept, the first where the figures count; 2021–2024 published as one sum is held
    // apart: in the total, in no year's accruals.
    const school = await project("9100002");
    expect(school).toMatchObject({
      districts: ["211002", "211001"],
      regions: ["21", "2110", "211002", "211001"],
      accruedBeforeYear: { accruedCents: 300_000_000, throughYear: 2024 },
      accruedCents: 300_000_000 + 25_000_000 + 41_000_025,
    });
    expect(accruals(school)).toEqual([
      [2025, 2, 25_000_000],
      [2025, 5, 41_000_025],
    ]);
    expect(school.provenance.note).toContain("S/ 3000000.00 of DEVEN_ACUMUL_ANIO_ANT accrued before 2025");
    // A schedule's start after the as-of day is a plan: approved, not in execution; the UEP when the UEI is empty.
    expect(await project("9100003")).toMatchObject({
      status: "VIABLE",
      executionStartedOn: null,
      executingUnit: "UEP SINTETICA C",
      governmentLevel: "NATIONAL",
      functionCode: "15",
    });
    // A UBIGEO that lost its leading zero; no updated cost; in formulation.
    expect(await project("9100004")).toMatchObject({
      status: "FORMULATION",
      districts: ["010402"],
      updatedCostCents: null,
      viableOn: null,
      statusHistory: [expect.objectContaining({ status: "FORMULATION", on: day("2025-01-22") })],
    });
    // No UBIGEO: the names, matched to INEI's catalogue.
    expect(await project("9100005")).toMatchObject({ districts: ["211002"], functionCode: "12" });

    // As the API answers it.
    const answer = await h.ok<{ investmentProject: Record<string, unknown> }>(
      `query ($cui: ID!) { investmentProject(cui: $cui) { cui function functionCode districts { ubigeo } status
        viableCost updatedCost accruedTotal execution { year month accrued provenance { kind } }
        executionStartedOn provenance { kind url asOf } } }`,
      { cui: "9100001" },
    );
    expect(answer.investmentProject).toMatchObject({
      function: "SANITATION",
      functionCode: "18",
      districts: [{ ubigeo: "170102" }],
      status: "EXECUTION",
      viableCost: "4500000.00",
      updatedCost: "4800000.00",
      accruedTotal: "1505000.50",
      executionStartedOn: "2024-03-15",
      provenance: { kind: "OFFICIAL", asOf: "2025-05-30" },
    });
    expect(answer.investmentProject.execution).toEqual([
      { year: 2024, month: null, accrued: "1200000.00", provenance: { kind: "OFFICIAL" } },
      { year: 2025, month: 1, accrued: "50000.00", provenance: { kind: "OFFICIAL" } },
      { year: 2025, month: 3, accrued: "75000.50", provenance: { kind: "OFFICIAL" } },
      { year: 2025, month: 4, accrued: "120000.00", provenance: { kind: "OFFICIAL" } },
      { year: 2025, month: 5, accrued: "60000.00", provenance: { kind: "OFFICIAL" } },
    ]);

    const schoolAnswer = await h.ok<{ investmentProject: Record<string, unknown> }>(
      `query { investmentProject(cui: "9100002") { accruedTotal accruedBeforeYear { amount throughYear } } }`,
    );
    expect(schoolAnswer.investmentProject).toEqual({
      accruedTotal: "3660000.25",
      accruedBeforeYear: { amount: "3000000.00", throughYear: 2024 },
    });

    const rebuilt = await expectCountersMatchRebuild();
    // The amount no year holds is in no period's figures: nothing counted for the school before 2025.
    const accruedBefore2025 = Object.entries(rebuilt).filter(
      ([id, doc]) =>
        /^21(10(02)?)?\|\d{4}$/.test(id) &&
        Number(id.slice(-4)) < 2025 &&
        (doc as { accrued?: unknown }).accrued,
    );
    expect(accruedBefore2025).toEqual([]);
    // Inambari's 2025: the water project's May, in céntimos, under function 18.
    expect(rebuilt["170102|2025"]).toMatchObject({ accrued: { m05: { f18: 6_000_000 } } });
    // The school counts in its first district only.
    expect(rebuilt["211002|2025"]).toMatchObject({ accrued: { m02: { f22: 25_000_000 } } });
    expect(rebuilt["211001|2025"]).toBeUndefined();
    expect(await h.audit({ operation: "importInvestments" })).toHaveLength(1);
  });

  it("reads a Windows-1252 file with ';' and decimal commas, with accents, as the UTF-8 original", async () => {
    const rows = table(DETALLE);
    const header = rows[0] ?? [];
    const amounts = new Set(
      header.flatMap((h, i) => (/MONTO|COSTO|DEV|PIA|PIM/.test(h) && h !== "DES_MODALIDAD" ? [i] : [])),
    );
    const fn = header.indexOf("FUNCION");
    const cui = header.indexOf("CODIGO_UNICO");
    const text = rows
      .map((row, r) =>
        row
          .map((cell, i) => {
            if (r === 0) return `"${cell}"`;
            if (i === cui) return `"${cell.replace(/^91/, "94")}"`;
            if (i === fn) return `"${cell.replace("EDUCACION", "Educación").replace("ENERGIA", "Energía")}"`;
            return `"${amounts.has(i) ? cell.replace(".", ",") : cell}"`;
          })
          .join(";"),
      )
      .join("\r\n");
    const file = join(dir, "windows.csv");
    writeFileSync(file, Buffer.from(text, "latin1"));
    const { summary } = await load(file);
    expect(summary).toMatchObject({ inserted: 5, rejected: 0 });
    for (const n of ["1", "2", "3", "4", "5"]) {
      expect(stripped(await project(`940000${n}`))).toEqual(stripped(await project(`910000${n}`)));
    }
  });

  it("reads the same table saved as XLSX (numbers as numbers, days as dates) as the published CSV", async () => {
    const [header = [], ...rows] = table(DETALLE);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("DETALLE_INVERSIONES");
    sheet.addRow(header);
    for (const row of rows) {
      sheet.addRow(
        row.map((cell, i) => {
          if (header[i] === "CODIGO_UNICO") return Number(cell.replace(/^91/, "96"));
          if (/^\d{4}-\d{2}-\d{2}/.test(cell)) return new Date(`${cell.slice(0, 10)}T00:00:00.000Z`);
          return /^\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
        }),
      );
    }
    const file = join(dir, "detalle.xlsx");
    await book.xlsx.writeFile(file);
    const { summary } = await load(file);
    expect(summary).toMatchObject({ format: "xlsx", inserted: 5, rejected: 0, asOf: "2025-05-30" });
    for (const n of ["1", "2", "3", "4", "5"]) {
      expect(stripped(await project(`960000${n}`))).toEqual(stripped(await project(`910000${n}`)));
    }
  });

  it("loads the closure and deactivation files: closed and deactivated investments, their accruals and days", async () => {
    const closed = await load(CIERRE);
    expect(closed.summary).toMatchObject({
      read: 2,
      inserted: 2,
      rejected: 0,
      unattributed: 1,
      asOf: "2024-11-30",
    });
    const sewer = await project("9100007");
    expect(sewer).toMatchObject({
      status: "CLOSED",
      executionStartedOn: day("2023-02-01"),
      closedOn: day("2024-11-30"),
      executingUnit: "UEI SINTETICA F",
    });
    // DEVEN_ACUMULADO of an investment whose first and last devengado fall in one year: that year's.
    expect(accruals(sewer)).toEqual([[2023, null, 210_000_000]]);
    expect(sewer.provenance.url).toBe(
      "https://fs.datosabiertos.mef.gob.pe/datastorefiles/CIERRE_INVERSIONES.csv",
    );
    // DEVEN_ACUMULADO over 2020–2022 with no year known: accrued through 2022, in the total, in no year.
    const canal = await project("9100008");
    expect(canal).toMatchObject({
      status: "CLOSED",
      closedOn: day("2023-03-31"),
      functionCode: "10",
      execution: [],
      accruedBeforeYear: { accruedCents: 500_000_000, throughYear: 2022 },
      accruedCents: 500_000_000,
    });

    const deactivated = await load(DESACTIVADAS, { asOf: day("2025-06-01") });
    expect(deactivated.summary).toMatchObject({
      read: 2,
      inserted: 2,
      rejected: 0,
      asOf: "2025-06-01",
      asOfFrom: "option",
    });
    // The file gives no day of deactivation: the as-of day of the first file that shows it, kept afterwards.
    expect(await project("9100009")).toMatchObject({
      status: "DEACTIVATED",
      closedOn: day("2025-06-01"),
      subprogramme: "DESARROLLO DE CAPACIDADES DEPORTIVAS",
      functionCode: "21",
    });
    expect(await project("9100010")).toMatchObject({
      status: "DEACTIVATED",
      subprogramme: null,
      functionCode: "17",
    });
    const later = await load(DESACTIVADAS, { asOf: day("2025-07-01") });
    expect(later.summary).toMatchObject({ unchanged: 2, updated: 0 });
    expect((await project("9100009")).closedOn).toEqual(day("2025-06-01"));
    await expectCountersMatchRebuild();
  });

  it("writes nothing on a rerun of the same file: every investment unchanged, no counter moved", async () => {
    const digest = await h.domainDigest();
    const before = { ...h.commands("investment_projects") };
    const statsBefore = { ...h.commands("investment_stats") };
    const { summary } = await load(DETALLE);
    const after = { ...h.commands("investment_projects") };
    const statsAfter = { ...h.commands("investment_stats") };
    expect(summary).toMatchObject({ read: 5, inserted: 0, updated: 0, unchanged: 5, rejected: 0 });
    expect(await h.domainDigest()).toBe(digest);
    // One read of the batch, one count of interrupted runs' marks; no write.
    expect((after.find ?? 0) - (before.find ?? 0)).toBe(1);
    expect(after.update ?? 0).toBe(before.update ?? 0);
    expect(statsAfter).toEqual(statsBefore);
  });

  it("updates from a newer file only the investments that changed, moving the counters by exactly the change", async () => {
    const before = await counters();
    const newer = variant(DETALLE, "newer-DETALLE_INVERSIONES.csv", NEWER);
    const { summary } = await load(newer);
    expect(summary).toMatchObject({ read: 5, inserted: 0, updated: 2, unchanged: 3, asOf: "2025-06-25" });
    const water = await project("9100001");
    expect(water.updatedCostCents).toBe(490_000_000);
    expect(accruals(water).at(-1)).toEqual([2025, 6, 4_000_000]);
    // Unchanged months keep the file they came from; the new month names the newer one.
    expect(water.execution[1]?.provenance.dataset).toMatch(/^DETALLE_INVERSIONES\.csv /);
    expect(water.execution.at(-1)?.provenance.dataset).toMatch(/^newer-DETALLE_INVERSIONES\.csv /);
    const road = await project("9100003");
    expect(road).toMatchObject({ status: "EXECUTION", executionStartedOn: day("2025-06-10") });
    expect(road.statusHistory.at(-1)).toMatchObject({ status: "EXECUTION", on: day("2025-06-10") });
    // The unchanged keep their provenance (the earlier file says the same).
    expect((await project("9100004")).provenance.dataset).toMatch(/^DETALLE_INVERSIONES\.csv /);

    const after = await expectCountersMatchRebuild();
    const changed = Object.keys(after).filter(
      (id) => JSON.stringify(after[id]) !== JSON.stringify(before[id]),
    );
    // Only where the two investments count: the road's start and June (2025, its totals); the water project's
    // June (2025) and its start's source (2024 and totals), since the investment now names the newer file.
    const road13 = ["13", "1308", "130801", "13|2025", "1308|2025", "130801|2025"];
    const water17 = [
      "17|2025",
      "1701|2025",
      "170102|2025",
      "17|2024",
      "1701|2024",
      "170102|2024",
      "17",
      "1701",
      "170102",
    ];
    expect(changed.sort()).toEqual([...road13, ...water17].sort());
    // (2024 also holds the water project's twins from the Windows-1252 and XLSX files: three of each.)
    expect(after["170102|2024"]).toMatchObject({
      accrued: { y: { f18: 360_000_000 } },
      starts: { d0315: { f18: 3 } },
    });
    expect(after["170102|2025"]).toMatchObject({ accrued: { m06: { f18: 4_000_000 } } });
    expect(after["130801|2025"]).toMatchObject({
      accrued: { m06: { f15: 10_000_000 } },
      starts: { d0610: { f15: 1 } },
    });
  });

  it("refuses rows with a reason, each whole: nothing of a refused row is written, the others load", async () => {
    const bad = variant(DETALLE, "bad.csv", NEWER, [
      { CODIGO_UNICO: "9200001", UBIGEO: "999999" },
      { CODIGO_UNICO: "12345" },
      { CODIGO_UNICO: "9200003", MONTO_VIABLE: "-1500.00" },
      { CODIGO_UNICO: "9200004", FECHA_REGISTRO: "31/02/2024" },
      { CODIGO_UNICO: "9200005", NOMBRE_INVERSION: "DATOS SINTETICOS: UNO" },
      { CODIGO_UNICO: "9200005", NOMBRE_INVERSION: "DATOS SINTETICOS: OTRO" },
      { CODIGO_UNICO: "9200007", SITUACION: "NO VIABLE" },
      { CODIGO_UNICO: "9200008", UBIGEO: "1701" },
      { CODIGO_UNICO: "9200009", DEV_ANIO_ACTUAL: "1.00" },
      { CODIGO_UNICO: "9200010", DEV_DIC_ANIO_VIG: "10.00", DEV_ANIO_ACTUAL: "345010.50" },
      { CODIGO_UNICO: "9200011", FUNCION: "18 EDUCACION" },
      { CODIGO_UNICO: "9200012", UBIGEO: "170102 170102" },
      { CODIGO_UNICO: "9200013" },
      { CODIGO_UNICO: "9200013" },
      {
        CODIGO_UNICO: "9200014",
        UBIGEO: "",
        DEPARTAMENTO: "PUNO",
        PROVINCIA: "SAN ANTONIO DE PUTINA",
        DISTRITO: "Ananea, Putina",
      },
      {
        CODIGO_UNICO: "9200015",
        UBIGEO: "",
        DEPARTAMENTO: "PUNO",
        PROVINCIA: "SAN ANTONIO DE PUTINA",
        DISTRITO: "ANANEA; QUIACA",
      },
    ]);
    const { summary, report } = await load(bad);
    expect(summary).toMatchObject({ read: 21, rejected: 13, duplicates: 1, inserted: 2, unchanged: 5 });
    const lines = report.slice(1);
    const reason = (line: number) => lines.filter((l) => l.startsWith(`${line},`));
    expect(reason(7)).toEqual(["7,9200001,UBIGEO,unknown district UBIGEO 999999"]);
    expect(reason(8)).toEqual(['8,12345,CODIGO_UNICO,"""12345"" is not a CUI: a CUI is seven digits"']);
    expect(reason(9)).toEqual(['9,9200003,MONTO_VIABLE,"must not be negative, got -1500.00"']);
    expect(reason(10)).toEqual(['10,9200004,FECHA_REGISTRO,"""31/02/2024"" is not a day of the calendar"']);
    expect(reason(11)[0]).toContain(
      "CUI 9200005 is also on line 12 with other values: no row of it is loaded",
    );
    expect(reason(12)[0]).toContain("is also on line 11");
    expect(reason(13)[0]).toContain("NO VIABLE: an investment declared not viable");
    expect(reason(14)).toEqual(['14,9200008,UBIGEO,"""1701"" is not a district\'s UBIGEO (six digits)"']);
    expect(reason(15)[0]).toContain('DEV_ANIO_ACTUAL,"S/ 1.00 is not the sum of the months, S/ 345000.50"');
    expect(reason(16)[0]).toContain(
      `DEV_DIC_ANIO_VIG,"an amount for 2025-12, after the file's as-of day 2025-06-25"`,
    );
    expect(reason(17)[0]).toContain("the code and the name of the function disagree");
    expect(reason(18)).toEqual(["18,9200012,UBIGEO,lists district 170102 twice"]);
    expect(reason(22)[0]).toContain(
      'UBIGEO,"is empty, and DISTRITO: unknown district ""QUIACA"" in province SAN ANTONIO DE PUTINA (PUNO)"',
    );
    // A row repeated word for word loads once; several districts by name, in the order given.
    const cuis = (await models().Project.find({ cui: /^92/ }, { cui: 1 }).sort({ cui: 1 }).lean()).map(
      (d) => d.cui,
    );
    expect(cuis).toEqual(["9200013", "9200014"]);
    expect((await project("9200014")).districts).toEqual(["211002", "211001"]);
    await expectCountersMatchRebuild();
  });

  it("converges after a run stopped part-way: Ctrl-C ends after a batch, a killed run's marks are repaired", async () => {
    const renumbered = Object.fromEntries(
      ["1", "2", "3", "4", "5"].map((n) => [`910000${n}`, { CODIGO_UNICO: `950000${n}` }]),
    );
    const file = variant(DETALLE, "stopped.csv", renumbered);
    const controller = new AbortController();
    const stopped = await load(file, {
      batchSize: 2,
      signal: controller.signal,
      afterBatch: () => controller.abort(),
    });
    expect(stopped.summary).toMatchObject({ inserted: 2, interrupted: true, batches: 1 });
    expect(await models().Project.countDocuments({ cui: /^95/ })).toBe(2);
    await expectCountersMatchRebuild();
    expect(await h.audit({ operation: "importInvestments", outcome: "INTERRUPTED" })).toHaveLength(1);

    // A run killed after writing a batch and before moving its counters leaves the batch marked (a declared,
    // indexed field: the model keeps it).
    await models().Project.updateOne({ cui: "9500001" }, { $set: { countersPending: true } });
    expect(await models().Project.countDocuments({ countersPending: true })).toBe(1);
    expect((await models().Project.collection.indexes()).map((index) => index.key)).toContainEqual({
      countersPending: 1,
    });
    await models().Stats.deleteMany({ _id: /^17/ });
    const finished = await load(file, { batchSize: 2 });
    expect(finished.summary).toMatchObject({ inserted: 3, unchanged: 2, interrupted: false });
    expect(await models().Project.countDocuments({ countersPending: { $exists: true } })).toBe(0);
    await expectCountersMatchRebuild();
  });

  it("leaves an investment an editor changed while the import read it, and counts what it wrote", async () => {
    const renumbered = variant(
      DETALLE,
      "meanwhile-95.csv",
      Object.fromEntries(
        ["1", "2", "3", "4", "5"].map((n) => [`910000${n}`, { CODIGO_UNICO: `950000${n}` }]),
      ),
    );
    const file = variant(renumbered, "meanwhile.csv", {
      "9500001": { COSTO_ACTUALIZADO: "5000000.00" },
      "9500002": { COSTO_ACTUALIZADO: "14000000.00" },
    });
    const { summary } = await load(file, {
      // An editor's write to 9500001 after the batch read it.
      beforeWrite: async () => {
        await models().Project.collection.updateOne(
          { cui: "9500001" },
          { $set: { name: "EDITADO", updatedAt: new Date() } },
        );
      },
    });
    expect(summary).toMatchObject({ updated: 2, changedMeanwhile: 1 });
    expect(await project("9500001")).toMatchObject({ name: "EDITADO", updatedCostCents: 480_000_000 });
    expect((await project("9500002")).updatedCostCents).toBe(1_400_000_000);
    expect(await models().Project.countDocuments({ countersPending: { $exists: true } })).toBe(0);
    await expectCountersMatchRebuild();
  });

  it("validates without writing on a dry run, and refuses a file without the layout's columns before reading rows", async () => {
    const digest = await h.domainDigest();
    const fresh = variant(DETALLE, "dry.csv", NEWER, [{ CODIGO_UNICO: "9300001" }]);
    const dry = await load(fresh, { dryRun: true });
    expect(dry.summary).toMatchObject({ dryRun: true, inserted: 1, unchanged: 5 });
    // The first file, older than what the hub now holds, changes nothing it would undo.
    const older = await load(DETALLE, { dryRun: true });
    expect(older.summary).toMatchObject({ unchanged: 3, rejected: 2 });
    expect(older.report[1]).toContain(
      "the hub holds investment 9100001 as of 2025-06-25, later than this file's as-of day 2025-05-30",
    );
    expect(await h.domainDigest()).toBe(digest);

    const [header = [], ...rows] = table(DETALLE);
    const noUbigeo = join(dir, "sin-ubigeo.csv");
    const keep = header.map((_, i) => i).filter((i) => header[i] !== "UBIGEO");
    writeFileSync(
      noUbigeo,
      [header, ...rows].map((r) => keep.map((i) => `"${r[i] ?? ""}"`).join(",")).join("\n"),
    );
    await expect(load(noUbigeo)).rejects.toThrow("the header lacks the required column UBIGEO");
    expect(await h.domainDigest()).toBe(digest);
  });
});

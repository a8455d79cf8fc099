import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  datasetName,
  fileDataset,
  ImportError,
  importExitCode,
  openTabular,
  PlaceMatcher,
  RejectionReport,
  type MalformedRow,
  type TabularRow,
  type TabularSource,
} from "../../packages/kit/src/index.ts";

const COLUMNS = ["ID", "NOMBRE", "CÓDIGO DM", "ESTE"] as const;
let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kit-import-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(content: string | Buffer, ext = "csv"): Promise<string> {
  const path = join(dir, `f${++n}.${ext}`);
  await writeFile(path, content);
  return path;
}

async function all(source: TabularSource): Promise<(TabularRow | MalformedRow)[]> {
  const rows: (TabularRow | MalformedRow)[] = [];
  for await (const row of source.rows()) rows.push(row);
  return rows;
}

async function workbook(sheets: Record<string, unknown[][]>): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  const path = join(dir, `w${++n}.xlsx`);
  await book.xlsx.writeFile(path);
  return path;
}

describe("openTabular", () => {
  it("reads a CSV with a BOM, CRLF and ';' as rows keyed by the importer's names, accents or not", async () => {
    const path = await file(
      '\uFEFFid;Nombre;CODIGO DM;OTRA;ESTE\r\nA-1;"Uno; dos";010;x;450000,5\r\n\r\nA-2;Tres;;y;1\r\n',
    );
    const source = await openTabular(path, { columns: COLUMNS, required: ["ID"] });
    expect(source.separator).toBe(";");
    expect(source.format).toBe("csv");
    expect(await all(source)).toEqual([
      { line: 2, cells: { ID: "A-1", NOMBRE: "Uno; dos", "CÓDIGO DM": "010", ESTE: "450000,5" } },
      { line: 4, cells: { ID: "A-2", NOMBRE: "Tres", "CÓDIGO DM": "", ESTE: "1" } },
    ]);
    expect(source.sha256()).toBe((await fileDataset(path)).sha256);
    expect([...source.present()].sort()).toEqual(["CÓDIGO DM", "ESTE", "ID", "NOMBRE"]);
  });

  it("takes ',' from the header and reports a row with the wrong number of fields", async () => {
    const source = await openTabular(await file("ID,NOMBRE\nA,1\nB,2,3\n"), { columns: COLUMNS });
    expect(source.separator).toBe(",");
    const rows = await all(source);
    expect(rows[1]).toMatchObject({ line: 3, cells: { ID: "B" }, reason: expect.stringMatching(/3 fields/) });
  });

  it("refuses a header without a required column, a column named twice, an empty or non-UTF-8 file", async () => {
    const missing = await openTabular(await file("NOMBRE;ESTE\nx;1\n"), {
      columns: COLUMNS,
      required: ["ID"],
    });
    await expect(all(missing)).rejects.toThrow(/lacks the required column ID/);
    const twice = await openTabular(await file("ID;Id\n1;2\n"), { columns: COLUMNS });
    await expect(all(twice)).rejects.toThrow(/names column ID twice/);
    await expect(openTabular(await file(""), { columns: COLUMNS })).rejects.toBeInstanceOf(ImportError);
    await expect(
      openTabular(await file(Buffer.from([0x49, 0x44, 0x3b, 0xd3, 0x0a])), { columns: COLUMNS }),
    ).rejects.toThrow(/not UTF-8/);
  });

  it("reads an XLSX's first sheet or the one named, with the sheet's row numbers", async () => {
    const path = await workbook({
      Portada: [["Anexo"], [], ["ID", "NOMBRE"], ["P-1", "uno"]],
      Datos: [
        ["Id", "Código DM", "ESTE"],
        ["P-2", "0101", 812345.25],
        [],
        ["P-3", { richText: [{ text: "01" }, { text: "02" }] }, 1],
      ],
    });
    const first = await openTabular(path, { columns: COLUMNS });
    expect(first.format).toBe("xlsx");
    expect(await all(first)).toEqual([{ line: 4, cells: { ID: "P-1", NOMBRE: "uno" } }]);
    const named = await openTabular(path, { columns: COLUMNS, sheet: "Datos" });
    expect(await all(named)).toEqual([
      { line: 2, cells: { ID: "P-2", "CÓDIGO DM": "0101", ESTE: "812345.25" } },
      { line: 4, cells: { ID: "P-3", "CÓDIGO DM": "0102", ESTE: "1" } },
    ]);
    expect(named.sha256()).toMatch(/^[0-9a-f]{64}$/);
    const absent = await openTabular(path, { columns: COLUMNS, sheet: "Otra" });
    await expect(all(absent)).rejects.toThrow(/no sheet "Otra" \(sheets: Portada, Datos\)/);
  });
});

describe("the rest of the scaffolding", () => {
  it("writes a report with a BOM, the code column, quoting and formulas made inert", async () => {
    const path = join(dir, "report.csv");
    const report = await RejectionReport.open(path, { separator: ";", codeColumn: "ID" });
    await report.add({ line: 3, code: "=SUM(A1)", field: "ESTE", reason: "not a number; see" });
    await report.add({ id: "feature-7", field: "geometry", reason: "open ring" });
    await report.close();
    expect(await readFile(path, "utf8")).toBe(
      '\uFEFFline;ID;field;reason\n3;\'=SUM(A1);ESTE;"not a number; see"\nfeature-7;;geometry;open ring\n',
    );
    expect(report.count).toBe(2);
  });

  it("names datasets by file name and digest, matches places with or without accents, and exits 0/2/1", async () => {
    expect(datasetName("/a/b/anexo.xlsx", "ab")).toBe("anexo.xlsx sha256:ab");
    const places = new PlaceMatcher({ department: "REGION", province: "PROVINCIA", district: "DISTRITO" });
    const match = places.match("Junín", "HUANCAYO", "El Tambo");
    expect("district" in match && match.district.ubigeo).toBe("120114");
    expect(places.match("JUNIN", "HUANCAYO", "NINGUNO")).toMatchObject({ field: "DISTRITO" });
    expect(places.match("ATLANTIDA", "X", "Y")).toMatchObject({ field: "REGION" });
    expect(importExitCode({ rejected: 0, interrupted: false })).toBe(0);
    expect(importExitCode({ rejected: 3, interrupted: false })).toBe(2);
    expect(importExitCode({ rejected: 0, interrupted: true })).toBe(1);
  });
});

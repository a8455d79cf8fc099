import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fileDataset,
  ImportError,
  openTabular,
  type MalformedRow,
  type TabularRow,
  type TabularSource,
} from "../../packages/kit/src/index.ts";

const COLUMNS = ["ID", "NOMBRE", "CÓDIGO DM", "ESTE"] as const;
let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kit-tabular-"));
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

  it("numbers rows by the line they start on across quoted line breaks (CRLF or LF) and blank lines, and reports an unclosed quote", async () => {
    const path = await file(
      'ID,NOMBRE\r\nA,"two\r\nlines"\r\n\r\nB,"three\nshort\nlines"\nC,x\nD,"never closed\nE,y\n',
    );
    const source = await openTabular(path, { columns: COLUMNS });
    expect(() => source.sha256()).toThrow(ImportError);
    const rows = await all(source);
    expect(rows.slice(0, 3)).toEqual([
      { line: 2, cells: { ID: "A", NOMBRE: "two\nlines" } },
      { line: 5, cells: { ID: "B", NOMBRE: "three\nshort\nlines" } },
      { line: 8, cells: { ID: "C", NOMBRE: "x" } },
    ]);
    expect(rows[3]).toMatchObject({ line: 9, reason: expect.stringMatching(/never closed/) });
    expect(rows).toHaveLength(4);
    expect(source.bytesRead()).toBe(source.size);
    expect(source.sha256()).toBe((await fileDataset(path)).sha256);
    expect(source.sha256()).toBe((await fileDataset(path)).sha256); // asked again, the same
  });

  it("takes the separator given over the header's, and refuses a header with neither ; nor ,", async () => {
    const given = await openTabular(await file("ID;NOMBRE,ESTE\nA;b,c\n"), {
      columns: COLUMNS,
      separator: ",",
    });
    expect(await all(given)).toEqual([{ line: 2, cells: { ESTE: "c" } }]);
    await expect(openTabular(await file("ID NOMBRE\nA b\n"), { columns: COLUMNS })).rejects.toMatchObject({
      field: "separator",
    });
  });

  it("refuses a header without a required column, a column named twice, or an empty file", async () => {
    const missing = await openTabular(await file("NOMBRE;ESTE\nx;1\n"), {
      columns: COLUMNS,
      required: ["ID"],
    });
    await expect(all(missing)).rejects.toThrow(/lacks the required column ID/);
    const twice = await openTabular(await file("ID;Id\n1;2\n"), { columns: COLUMNS });
    await expect(all(twice)).rejects.toThrow(/names column ID twice/);
    await expect(openTabular(await file(""), { columns: COLUMNS })).rejects.toBeInstanceOf(ImportError);
  });

  it("refuses a header with only part of a group of columns given together, naming the absent one", async () => {
    const options = { columns: [...COLUMNS, "NORTE"], together: [["ESTE", "NORTE"]] };
    const half = await openTabular(await file("ID;ESTE\nA;1\n"), options);
    const refused = await all(half).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ImportError);
    expect(refused).toMatchObject({
      field: "NORTE",
      message: expect.stringMatching(/has ESTE but not NORTE/),
    });
    const neither = await openTabular(await file("ID;NOMBRE\nA;x\n"), options);
    expect(await all(neither)).toEqual([{ line: 2, cells: { ID: "A", NOMBRE: "x" } }]);
  });

  it("reads a Windows-1252 CSV (Excel's on Windows) as the text it holds, accents, ñ and curly quotes", async () => {
    // 0xD1 Ñ, 0xE1 á, 0x93/0x94 “ ” (Windows-1252, not Latin-1), 0xD3 Ó in the header; 0xD1 0x94 (Ñ”) happens
    // to be a valid UTF-8 pair, which must not make the file UTF-8.
    const bytes = Buffer.concat([
      Buffer.from("ID;NOMBRE;C", "latin1"),
      Buffer.from([0xd3]),
      Buffer.from("DIGO DM\r\nA-1;Cam", "latin1"),
      Buffer.from([0xe1, 0x20, 0x93, 0xd1, 0x94]),
      Buffer.from(";01\r\n", "latin1"),
    ]);
    const path = await file(bytes);
    const source = await openTabular(path, { columns: COLUMNS });
    expect(source.encoding).toBe("windows-1252");
    expect(await all(source)).toEqual([
      { line: 2, cells: { ID: "A-1", NOMBRE: "Camá “Ñ”", "CÓDIGO DM": "01" } },
    ]);
    expect(source.sha256()).toBe((await fileDataset(path)).sha256);
  });

  it("reads a UTF-8 file with a stray byte near its start as UTF-8, refusing only the stray byte's row", async () => {
    const path = await file(
      Buffer.concat([Buffer.from("ID;NOMBRE\nA;Peña Ñuñoa\nB;Cam"), Buffer.from([0xe1, 0x0a])]),
    );
    const source = await openTabular(path, { columns: COLUMNS });
    expect(source.encoding).toBe("utf-8");
    expect(await all(source)).toEqual([
      { line: 2, cells: { ID: "A", NOMBRE: "Peña Ñuñoa" } },
      {
        line: 3,
        cells: { ID: "B", NOMBRE: "Cam\uFFFD" },
        field: "NOMBRE",
        reason: expect.stringMatching(/not valid UTF-8/),
      },
    ]);
  });

  it("reads UTF-8 when a character straddles the sniffed 64 KiB, and refuses a later row with a stray byte, naming the column", async () => {
    const header = "ID;NOMBRE\n";
    // A two-byte "ñ" whose first byte is the 65,536th of the file.
    const pad = "x".repeat(64 * 1024 - header.length - "A;".length - 1);
    const stray = Buffer.concat([Buffer.from("C;Cama"), Buffer.from([0xe1]), Buffer.from("\nD;fin\n")]);
    const path = await file(Buffer.concat([Buffer.from(`${header}A;${pad}ñ\nB;Peña\n`), stray]));
    const source = await openTabular(path, { columns: COLUMNS });
    expect(source.encoding).toBe("utf-8");
    const rows = await all(source);
    expect(rows.map((row) => [row.line, "reason" in row ? row.field : row.cells.NOMBRE?.slice(-4)])).toEqual([
      [2, "xxxñ"],
      [3, "Peña"],
      [4, "NOMBRE"],
      [5, "fin"],
    ]);
    expect(rows[2]).toMatchObject({ cells: { ID: "C" }, reason: expect.stringMatching(/not valid UTF-8/) });
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

  it("drains the sheets it does not read, so exceljs never opens a temporary file it already deleted", async () => {
    // exceljs parks sheets that come before the shared strings in temporary files; a sheet left unread used to
    // open its deleted file after the reader moved on: an ENOENT outside any promise, which fails the run.
    const path = await workbook({ A: [["ID"], ["P-1"]], B: [["ID"], ["P-2"]], C: [["ID"], ["P-3"]] });
    const uncaught: unknown[] = [];
    const listener = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", listener);
    try {
      for (let i = 0; i < 30; i++) {
        expect(await all(await openTabular(path, { columns: COLUMNS }))).toEqual([
          { line: 2, cells: { ID: "P-1" } },
        ]);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off("uncaughtException", listener);
    }
    expect(uncaught).toEqual([]);
  });
});

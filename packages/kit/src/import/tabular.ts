import { createHash } from "node:crypto";
import { createReadStream, type ReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { Transform, type TransformCallback } from "node:stream";
import { parse, type CsvError, type InfoRecord, type Options } from "csv-parse";
import ExcelJS from "exceljs";
import { ImportError } from "./import-error.ts";

/** The separators a CSV may use: `;` where spreadsheets use the decimal comma (Peru), `,` otherwise. */
export type Separator = ";" | ",";

/** A data row: its line in the file (a sheet's row number in XLSX; line 1 is usually the header). */
export interface TabularRow {
  line: number;
  /**
   * The row's cells by the importer's own column names (as given in {@link TabularOptions.columns}), trimmed;
   * a known column absent from the header is absent here, an empty cell is `""`.
   */
  cells: Record<string, string>;
}

/**
 * A row that could not be read (an unbalanced quote, more or fewer cells than the header, bytes that are not
 * text in the file's encoding).
 */
export interface MalformedRow {
  line: number;
  /** The column at fault when there is one (a cell that is not valid text); the row as a whole otherwise. */
  field?: string;
  reason: string;
  /** The cells that could be read, by column name (to name the row's code in the report). */
  cells?: Record<string, string>;
}

/** What a tabular importer reads, and how. */
export interface TabularOptions {
  /** Every column the importer knows, as the source names them; matched ignoring case, accents and spaces. */
  columns: readonly string[];
  /** The columns without which a file cannot be read (an {@link ImportError} naming the first missing). */
  required?: readonly string[];
  /** Groups of columns a header gives all together or not at all (`LATITUD`, `LONGITUD`). */
  together?: readonly (readonly string[])[];
  /** A CSV's separator; read from the header line when omitted. */
  separator?: Separator | undefined;
  /** An XLSX's sheet by name; the first sheet when omitted. */
  sheet?: string | undefined;
  /** The name the error messages give the source (`a PAM annex`). */
  describe?: string;
}

/** A CSV or XLSX file opened for reading. */
export interface TabularSource {
  format: "csv" | "xlsx";
  /**
   * How a CSV's bytes are read: UTF-8 (with or without BOM), or Windows-1252 when its first 64 KiB are not
   * UTF-8 (a "CSV" saved by Excel on Windows, Latin-1 included). `utf-8` for XLSX, which is always Unicode.
   */
  encoding: Encoding;
  /** The CSV's separator (`,` for XLSX: the report's). */
  separator: Separator;
  /** The file's size in bytes, for progress. */
  size: number;
  /** Bytes read so far. */
  bytesRead(): number;
  /** SHA-256 of the whole file (hex), once `rows()` has been read to the end. */
  sha256(): string;
  /** The known columns the header has (after the first row has been read). */
  present(): ReadonlySet<string>;
  /** The data rows (the header is read and checked first), streamed. */
  rows(): AsyncGenerator<TabularRow | MalformedRow>;
}

/** The encodings a CSV is read in. */
export type Encoding = "utf-8" | "windows-1252";

const SNIFF_BYTES = 64 * 1024;

/** A column name as a lookup key: upper case, without accents, with single spaces (`Código  DM` → `CODIGO DM`). */
export function columnKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/^\uFEFF/, "")
    .replace(/["']/g, "")
    .replace(/[\s_]+/g, " ")
    .trim()
    .toUpperCase();
}

/**
 * Opens a CSV (UTF-8 with or without BOM, or Windows-1252; CRLF or LF; `;` or `,` read from the header) or an
 * XLSX (the first sheet, or `sheet`, told by its content, not its name; title rows above its header are
 * skipped) and reads it as header-keyed rows with the line each starts on (a quoted cell may span lines).
 * An empty file, a missing sheet, a header without a required column, naming a known column twice or only
 * part of a `together` group is an {@link ImportError} before any row is read.
 */
export async function openTabular(path: string, options: TabularOptions): Promise<TabularSource> {
  let size: number;
  let head: Buffer;
  try {
    size = (await stat(path)).size;
    const handle = await open(path, "r");
    try {
      head = Buffer.alloc(Math.min(SNIFF_BYTES, size));
      await handle.read(head, 0, head.length, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new ImportError(`cannot read ${path}${code ? ` (${code})` : ""}`);
  }
  const what = options.describe ?? "the file";
  if (size === 0) throw new ImportError(`the file is empty: ${what} starts with a header row`);
  const isZip = head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
  if (isZip) return openXlsx(path, size, options);
  if (/\.xlsx$/i.test(path)) throw new ImportError(`${path} is named .xlsx but is not an XLSX workbook`);
  if (/\.xls$/i.test(path)) {
    throw new ImportError(`${path} is an old Excel .xls workbook: save it as .xlsx or CSV UTF-8`);
  }
  const encoding = detectEncoding(head, size);
  const headerLine = firstLine(head, size, encoding);
  const separator = options.separator ?? detectSeparator(headerLine, options);
  return openCsv(path, size, { separator, encoding }, options);
}

/** Finds the known columns in a header, by their lookup keys; unknown columns are ignored. */
function indexHeader(header: readonly string[], options: TabularOptions): Map<string, number> {
  const known = new Map(options.columns.map((name) => [columnKey(name), name]));
  const index = new Map<string, number>();
  header.forEach((raw, position) => {
    const name = known.get(columnKey(raw));
    if (name === undefined) return;
    const earlier = index.get(name);
    if (earlier !== undefined) {
      throw new ImportError(
        `the header names column ${name} twice (columns ${earlier + 1} and ${position + 1})`,
        name,
      );
    }
    index.set(name, position);
  });
  const missing = (options.required ?? []).filter((column) => !index.has(column));
  if (missing.length > 0) {
    throw new ImportError(
      `the header lacks the required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} ` +
        `(found: ${header.map((h) => h.trim()).join(", ")})`,
      missing[0],
    );
  }
  for (const group of options.together ?? []) {
    const given = group.filter((column) => index.has(column));
    const absent = group.find((column) => !index.has(column));
    if (given.length > 0 && absent !== undefined) {
      throw new ImportError(
        `the header has ${given.join(", ")} but not ${absent}: give ${group.length === 2 ? "both or neither" : "all or none"}`,
        absent,
      );
    }
  }
  return index;
}

function keyed(values: readonly string[], index: ReadonlyMap<string, number>): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const [name, position] of index) cells[name] = (values[position] ?? "").trim();
  return cells;
}

/** A row's first cell that is not valid text (U+FFFD: bytes the decoder could not read), by column. */
function undecodable(cells: Record<string, string>): string | undefined {
  return Object.keys(cells).find((name) => cells[name]?.includes("\uFFFD"));
}

const UNDECODABLE = "is not valid UTF-8 text (the file mixes encodings?): save the file as CSV UTF-8 or XLSX";

function openCsv(
  path: string,
  size: number,
  { separator, encoding }: { separator: Separator; encoding: Encoding },
  options: TabularOptions,
): TabularSource {
  const file = new FileRead(path);
  let index: Map<string, number> | undefined;
  return {
    format: "csv",
    encoding,
    separator,
    size,
    bytesRead: () => file.bytes,
    sha256: () => file.sha256(),
    present: () => new Set(index?.keys() ?? []),
    async *rows() {
      const input = file.stream();
      const malformed: MalformedRow[] = [];
      let previousEnd = 0;
      let previousEmpty = 0;
      const parserOptions: Options<{ line: number; values: string[] }, string[]> = {
        delimiter: separator,
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
        // `MINERA "EL SOL" S.A.C.` unquoted is text; strict quoting would lose that row and the ones after it.
        relax_quotes: true,
        skip_records_with_error: true,
        // Called in file order, as each record ends: the record starts after the previous one and the empty
        // lines between them.
        on_record: (record: string[], info: InfoRecord) => {
          const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
          previousEnd = info.lines;
          previousEmpty = info.empty_lines;
          return { line, values: record };
        },
        on_skip: (error: CsvError | undefined) => {
          if (!error) return undefined;
          const line = (error as CsvError & { lines?: number }).lines ?? previousEnd + 1;
          const reason =
            error.code === "CSV_QUOTE_NOT_CLOSED"
              ? `a quote opened in this row is never closed: the file could not be read from here to its end (line ${line})`
              : `not valid CSV: ${error.message}`;
          malformed.push({ line: previousEnd + 1, reason });
          previousEnd = line;
          return undefined;
        },
      };
      // csv-parse types `parse(options)` only for records left as arrays; `on_record` makes them objects.
      const parser = parse(parserOptions as unknown as Options);
      input.on("error", (error) => parser.destroy(error));
      const text = encoding === "utf-8" ? input : input.pipe(new Windows1252ToUtf8());
      text.pipe(new CrlfToLf()).pipe(parser);
      let width = 0;
      try {
        for await (const row of parser as AsyncIterable<{ line: number; values: string[] }>) {
          yield* malformed.splice(0);
          if (!index) {
            index = indexHeader(row.values, options);
            width = row.values.length;
            continue;
          }
          if (row.values.length !== width) {
            yield {
              line: row.line,
              cells: keyed(row.values, index),
              reason: `the row has ${row.values.length} fields where the header has ${width} (a separator inside an unquoted cell?)`,
            };
            continue;
          }
          const cells = keyed(row.values, index);
          const field = undecodable(cells);
          yield field === undefined
            ? { line: row.line, cells }
            : { line: row.line, cells, field, reason: UNDECODABLE };
        }
        yield* malformed.splice(0);
        if (!index) throw new ImportError("the file has no header row");
        file.finish();
      } finally {
        // A consumer that stops early (an interrupted import) must not leave the file open.
        input.destroy();
      }
    },
  };
}

function openXlsx(path: string, size: number, options: TabularOptions): TabularSource {
  const file = new FileRead(path);
  let index: Map<string, number> | undefined;
  return {
    format: "xlsx",
    encoding: "utf-8",
    separator: ",",
    size,
    bytesRead: () => file.bytes,
    sha256: () => file.sha256(),
    present: () => new Set(index?.keys() ?? []),
    async *rows() {
      const input = file.stream();
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
        sharedStrings: "cache",
        hyperlinks: "ignore",
        styles: "cache",
        worksheets: "emit",
        entries: "ignore",
      });
      const seen: string[] = [];
      let done = false;
      try {
        for await (const worksheet of reader) {
          const name = (worksheet as unknown as { name: string }).name;
          seen.push(name);
          if (done || (options.sheet !== undefined && name !== options.sheet)) continue;
          done = true;
          let width = 0;
          for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
            const raw = row.values as unknown[];
            const values: string[] = [];
            for (let column = 1; column < raw.length; column++) values.push(cellText(raw[column]));
            if (values.every((value) => value.trim() === "")) continue;
            if (!index) {
              // Ministries' sheets often open with a title and notes above the header: the header is the first
              // row naming a required column (any known one when none is required), within the first rows.
              if (!looksLikeHeader(values, options) && row.number < HEADER_SEARCH_ROWS) continue;
              index = indexHeader(values, options);
              width = values.length;
              continue;
            }
            if (values.length > width && values.slice(width).some((value) => value.trim() !== "")) {
              yield {
                line: row.number,
                cells: keyed(values, index),
                reason: `the row has cells beyond the header's ${width} columns`,
              };
              continue;
            }
            yield { line: row.number, cells: keyed(values, index) };
          }
        }
      } catch (error) {
        if (error instanceof ImportError) throw error;
        throw new ImportError(`cannot read the workbook ${path}: ${(error as Error).message}`);
      } finally {
        input.destroy();
      }
      if (!done) {
        throw new ImportError(
          options.sheet === undefined
            ? "the workbook has no sheet"
            : `the workbook has no sheet ${JSON.stringify(options.sheet)} (sheets: ${seen.join(", ")})`,
          "sheet",
        );
      }
      if (!index) throw new ImportError("the sheet has no header row");
      file.finish();
    },
  };
}

/** A file read from start to end, its bytes counted (for progress) and hashed as they pass. */
class FileRead {
  readonly #path: string;
  readonly #hash = createHash("sha256");
  #bytes = 0;
  #sha256: string | undefined;
  #finished = false;

  constructor(path: string) {
    this.#path = path;
  }

  /** Bytes read so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The file from its start, counted and hashed as it is read (once per file). */
  stream(): ReadStream {
    const input = createReadStream(this.#path);
    input.on("data", (chunk: Buffer | string) => {
      this.#bytes += chunk.length;
      this.#hash.update(chunk);
    });
    return input;
  }

  /** Marks the file as read to its end, so that its digest is the whole file's. */
  finish(): void {
    this.#finished = true;
  }

  sha256(): string {
    if (!this.#finished) throw new ImportError("the file's digest is known only once it has been read");
    this.#sha256 ??= this.#hash.digest("hex");
    return this.#sha256;
  }
}

/** How far down a sheet the header is looked for (title rows above it are skipped). */
const HEADER_SEARCH_ROWS = 30;

function looksLikeHeader(values: readonly string[], options: TabularOptions): boolean {
  const wanted = new Set((options.required?.length ? options.required : options.columns).map(columnKey));
  return values.some((value) => wanted.has(columnKey(value)));
}

/** A cell's value as text: numbers as JavaScript writes them, dates as ISO days, formulas by their result. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (typeof value === "object") {
    const object = value as {
      richText?: { text: string }[];
      text?: unknown;
      result?: unknown;
      formula?: string;
      error?: string;
    };
    if (object.richText) return object.richText.map((part) => part.text).join("");
    if ("result" in object || object.formula !== undefined) return cellText(object.result);
    if (object.error !== undefined) return String(object.error);
    if (object.text !== undefined) return cellText(object.text);
  }
  return String(value);
}

/**
 * UTF-8 when the file starts with its BOM or its first 64 KiB read as UTF-8 (a multi-byte character cut at
 * the sniffed end included); Windows-1252 otherwise, the encoding of a CSV Excel saves on Windows in Spanish
 * (a superset of Latin-1). A UTF-8 file with a stray byte further on is still UTF-8: its rows that hold the
 * stray byte are refused, naming the column.
 */
function detectEncoding(head: Buffer, size: number): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: head.length < size });
    return "utf-8";
  } catch {
    return "windows-1252";
  }
}

/** The header line of the file, decoded. */
function firstLine(head: Buffer, size: number, encoding: Encoding): string {
  const end = head.indexOf(0x0a);
  if (end < 0 && size > head.length) {
    throw new ImportError(`the first line is longer than ${SNIFF_BYTES} bytes: is this a CSV file?`);
  }
  const text = new TextDecoder(encoding).decode(end < 0 ? head : head.subarray(0, end));
  return text.replace(/^\uFEFF/, "").replace(/\r$/, "");
}

/** The separator that splits the header into more of the known column names (`;` on a tie). */
function detectSeparator(header: string, options: TabularOptions): Separator {
  const known = new Set(options.columns.map(columnKey));
  const score = (separator: Separator): number =>
    header.split(separator).filter((name) => known.has(columnKey(name))).length;
  const semicolon = score(";");
  const comma = score(",");
  if (semicolon === 0 && comma === 0) {
    if (!header.includes(";") && !header.includes(",")) {
      throw new ImportError(
        "cannot tell the separator: the header line has neither ; nor , (pass --separator)",
        "separator",
      );
    }
    // Neither splits into known names: let the column check say which are missing.
    indexHeader(header.split(header.split(";").length >= header.split(",").length ? ";" : ","), options);
  }
  return comma > semicolon ? "," : ";";
}

/** Re-encodes a Windows-1252 byte stream as UTF-8, which the CSV parser reads (one byte is one character). */
class Windows1252ToUtf8 extends Transform {
  readonly #decoder = new TextDecoder("windows-1252");

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    callback(null, Buffer.from(this.#decoder.decode(chunk, { stream: true }), "utf8"));
  }
}

/**
 * Turns CRLF line ends into LF before parsing: csv-parse counts a CRLF inside a quoted cell as two lines,
 * which would shift every later line number in the rejection report.
 */
class CrlfToLf extends Transform {
  #pendingCr = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let text = chunk;
    if (this.#pendingCr) text = Buffer.concat([Buffer.from("\r"), text]);
    this.#pendingCr = text.length > 0 && text[text.length - 1] === 0x0d;
    if (this.#pendingCr) text = text.subarray(0, text.length - 1);
    callback(null, removeCrBeforeLf(text));
  }

  override _flush(callback: TransformCallback): void {
    callback(null, this.#pendingCr ? Buffer.from("\r") : Buffer.alloc(0));
  }
}

function removeCrBeforeLf(buffer: Buffer): Buffer {
  if (!buffer.includes(0x0d)) return buffer;
  const out = Buffer.allocUnsafe(buffer.length);
  let n = 0;
  for (let i = 0; i < buffer.length; i++) {
    const byte = buffer[i] as number;
    if (byte === 0x0d && buffer[i + 1] === 0x0a) continue;
    out[n++] = byte;
  }
  return out.subarray(0, n);
}

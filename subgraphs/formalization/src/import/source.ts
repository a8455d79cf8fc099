import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { Transform, type TransformCallback } from "node:stream";
import { parse, type CsvError, type InfoRecord, type Options } from "csv-parse";
import { indexColumns, OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from "./columns.ts";
import { ImportError } from "./import-error.ts";

/** The separators an extract may use: `;` where spreadsheets use the decimal comma (Peru), `,` otherwise. */
export type Separator = ";" | ",";

/** A row of the file as text, with the line it starts on (line 1 is the header). */
export interface SourceRow {
  line: number;
  values: string[];
}

/** A row the CSV parser could not read (an unbalanced quote, a stray character after one). */
export interface MalformedRow {
  line: number;
  reason: string;
}

/** An extract opened for reading: its separator, size, and its rows as a stream. */
export interface Source {
  separator: Separator;
  /** The file's size in bytes, for progress. */
  size: number;
  /** Bytes read so far. */
  bytesRead(): number;
  /** SHA-256 of the whole file (hex), once `rows()` has been read to the end. */
  sha256(): string;
  /** The header row, then every data row, parsed as they are read (never the whole file in memory). */
  rows(): AsyncGenerator<SourceRow | MalformedRow>;
}

const SNIFF_BYTES = 64 * 1024;
const KNOWN = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);

/**
 * Opens an extract: checks that it starts as UTF-8 (a BOM is allowed), and takes the separator from the
 * option or from the header line (the one of `;` and `,` that splits it into more of REINFO's column names).
 */
export async function openSource(path: string, separator?: Separator): Promise<Source> {
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
  const headerLine = firstLine(head, size);
  const chosen = separator ?? detectSeparator(headerLine);

  let bytes = 0;
  const hash = createHash("sha256");
  let finished = false;
  return {
    separator: chosen,
    size,
    bytesRead: () => bytes,
    sha256: () => {
      if (!finished) throw new ImportError("the file's digest is known only once it has been read");
      return hash.digest("hex");
    },
    async *rows() {
      const input = createReadStream(path);
      input.on("data", (chunk) => {
        bytes += chunk.length;
        hash.update(chunk);
      });
      const malformed: MalformedRow[] = [];
      let previousEnd = 0;
      let previousEmpty = 0;
      const options: Options<SourceRow, string[]> = {
        delimiter: chosen,
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
        // `MINERA "EL SOL" S.A.C.` unquoted is text; strict quoting would lose that row and the ones after it.
        relax_quotes: true,
        skip_records_with_error: true,
        // Called in file order, as each record ends: the record starts after the previous one and the empty
        // lines between them.
        on_record: (record: string[], info: InfoRecord): SourceRow => {
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
      // csv-parse types `parse(options)` only for records left as arrays; `on_record` makes them SourceRows.
      const parser = parse(options as unknown as Options);
      input.on("error", (error) => parser.destroy(error));
      input.pipe(new CrlfToLf()).pipe(parser);
      try {
        for await (const row of parser as AsyncIterable<SourceRow>) {
          yield* malformed.splice(0);
          yield row;
        }
        yield* malformed.splice(0);
        finished = true;
      } finally {
        // A consumer that stops early (an interrupted import) must not leave the file open.
        input.destroy();
      }
    },
  };
}

/** The header line of the file, decoded; an {@link ImportError} when the file is empty or not UTF-8. */
function firstLine(head: Buffer, size: number): string {
  if (size === 0) throw new ImportError("the file is empty: a REINFO extract starts with a header line");
  const end = head.indexOf(0x0a);
  if (end < 0 && size > head.length) {
    throw new ImportError(`the first line is longer than ${SNIFF_BYTES} bytes: is this a CSV file?`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(end < 0 ? head : head.subarray(0, end));
  } catch {
    throw new ImportError(
      "the header line is not UTF-8 (a Windows-1252 / Latin-1 export?): save the file as CSV UTF-8",
    );
  }
  return text.replace(/^\uFEFF/, "").replace(/\r$/, "");
}

/** The separator that splits the header into more of REINFO's column names (`;` on a tie). */
function detectSeparator(header: string): Separator {
  const score = (separator: Separator): number =>
    header.split(separator).filter((name) => KNOWN.has(name.replace(/"/g, "").trim().toUpperCase())).length;
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
    indexColumns(header.split(header.split(";").length >= header.split(",").length ? ";" : ","));
  }
  return comma > semicolon ? "," : ";";
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

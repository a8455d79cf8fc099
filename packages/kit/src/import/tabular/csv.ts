import { Transform, type TransformCallback } from "node:stream";
import { parse, type CsvError, type InfoRecord, type Options } from "csv-parse";
import { ImportError } from "../import-error.ts";
import { FileRead } from "./file-read.ts";
import { columnKey, indexHeader, keyed } from "./header.ts";
import type { Encoding, MalformedRow, Separator, TabularOptions, TabularSource } from "./types.ts";

/** How much of a file's start is read to tell its format, encoding and separator. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * Opens a CSV whose first bytes are `head`: its encoding is told from them, its separator from its header line
 * (unless the options give it), and its rows are read as they are asked for.
 */
export function openCsv(path: string, size: number, head: Buffer, options: TabularOptions): TabularSource {
  const encoding = detectEncoding(head, size);
  const headerLine = firstLine(head, size, encoding);
  const separator = options.separator ?? detectSeparator(headerLine, options);
  return csvSource(path, size, { separator, encoding }, options);
}

/** A row's first cell that is not valid text (U+FFFD: bytes the decoder could not read), by column. */
function undecodable(cells: Record<string, string>): string | undefined {
  return Object.keys(cells).find((name) => cells[name]?.includes("\uFFFD"));
}

const UNDECODABLE = "is not valid UTF-8 text (the file mixes encodings?): save the file as CSV UTF-8 or XLSX";

function csvSource(
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

/**
 * UTF-8 when the file starts with its BOM, or its first 64 KiB read as UTF-8 (a multi-byte character cut at
 * the sniffed end included), or they hold more UTF-8 characters than stray bytes; Windows-1252 otherwise, the
 * encoding of a CSV Excel saves on Windows in Spanish (a superset of Latin-1). In a UTF-8 file, the rows that
 * hold a stray byte are refused, naming the column.
 */
function detectEncoding(head: Buffer, size: number): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  const text = new TextDecoder("utf-8").decode(head, { stream: head.length < size });
  const stray = text.match(/\uFFFD/g)?.length ?? 0;
  // Windows-1252 text forms a valid UTF-8 sequence only by chance (`Ñ”`, `Ó` before a no-break space): counted
  // against its many stray bytes, such chances do not make it UTF-8.
  const characters = text.match(/[^\p{ASCII}\uFFFD]/gu)?.length ?? 0;
  return stray === 0 || characters > stray ? "utf-8" : "windows-1252";
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

import ExcelJS from "exceljs";
import { ImportError } from "../import-error.ts";
import { FileRead } from "./file-read.ts";
import { columnKey, indexHeader, keyed } from "./header.ts";
import type { TabularOptions, TabularSource } from "./types.ts";

/** Opens an XLSX workbook: its first sheet, or the one named, read row by row as it is asked for. */
export function openXlsx(path: string, size: number, options: TabularOptions): TabularSource {
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
          if (done || (options.sheet !== undefined && name !== options.sheet)) {
            // A sheet not read is still drained: exceljs parks a sheet that comes before the shared strings in a
            // temporary file and deletes it once the consumer moves on, so a sheet left unread has a read stream
            // opening a deleted file (an ENOENT thrown outside any promise); draining also lets the digest cover
            // the whole file.
            for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) void row;
            continue;
          }
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

import { open, stat } from "node:fs/promises";
import { ImportError } from "./import-error.ts";
import { openCsv, SNIFF_BYTES } from "./tabular/csv.ts";
import { openXlsx } from "./tabular/xlsx.ts";
import type { TabularOptions, TabularSource } from "./tabular/types.ts";

// The reader's stages live in tabular/: types, header matching, the counted and hashed file, CSV, XLSX.
export { columnKey } from "./tabular/header.ts";
export type {
  Encoding,
  MalformedRow,
  Separator,
  TabularOptions,
  TabularRow,
  TabularSource,
} from "./tabular/types.ts";

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
  return openCsv(path, size, head, options);
}

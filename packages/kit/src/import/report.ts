import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { ImportError } from "./import-error.ts";

/**
 * One refused row, feature or activity, or one of its problems (a row with several problems has one line per
 * problem): where it is in the source (its `line`, or its `id` for sources without lines), the source's own
 * code for it when it has one, the column or property at fault, and why.
 */
export interface Rejection {
  /** The row's first line in the source file (tabular sources). */
  line?: number;
  /** Where the item is in a source without lines (a feature's index or id, an activity's identifier). */
  id?: string;
  /** The item's identifier as the source writes it, or empty when it has none. */
  code?: string;
  /** The column, property or element at fault (`CSV` for a row the parser could not read). */
  field: string;
  reason: string;
}

/** The report's columns and separator. */
export interface ReportOptions {
  /** `,` (default) or `;` (the source's own, so that a spreadsheet opens both the same way). */
  separator?: string;
  /** The first column's name: `line` (default) for tabular sources, `id` for features or activities. */
  locator?: "line" | "id";
  /** The name of the column holding the source's code (e.g. `COD_REINFO`, `ID`); none when omitted. */
  codeColumn?: string;
}

/**
 * The rejection report: a CSV (`line` or `id`, the code column, `field`, `reason`) in UTF-8 with a BOM so that
 * Excel reads the accents. Written as rejections come, so a large report never sits in memory. A cell that
 * starts like a spreadsheet formula is written as text.
 */
export class RejectionReport {
  readonly path: string;
  readonly #separator: string;
  readonly #withCode: boolean;
  readonly #out: WriteStream;
  #count = 0;
  #error: Error | undefined;

  private constructor(path: string, options: ReportOptions, out: WriteStream) {
    this.path = path;
    this.#separator = options.separator ?? ",";
    this.#withCode = options.codeColumn !== undefined;
    this.#out = out;
    out.on("error", (error) => (this.#error = error));
    const header = [
      options.locator ?? "line",
      ...(this.#withCode ? [options.codeColumn] : []),
      "field",
      "reason",
    ];
    out.write(`\uFEFF${header.join(this.#separator)}\n`);
  }

  /** Creates (or empties) the report file; an {@link ImportError} when it cannot be written. */
  static async open(path: string, options: ReportOptions = {}): Promise<RejectionReport> {
    const out = createWriteStream(path);
    try {
      await once(out, "open");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      throw new ImportError(`cannot write the report ${path}${code ? ` (${code})` : ""}`, "report");
    }
    return new RejectionReport(path, options, out);
  }

  /** Lines written so far (problems, not rows). */
  get count(): number {
    return this.#count;
  }

  async add(rejection: Rejection): Promise<void> {
    if (this.#error) throw this.#error;
    const where = rejection.line !== undefined ? String(rejection.line) : (rejection.id ?? "");
    const cells = [
      where,
      ...(this.#withCode ? [rejection.code ?? ""] : []),
      rejection.field,
      rejection.reason,
    ];
    const row = `${cells.map((cell) => this.#quote(cell)).join(this.#separator)}\n`;
    this.#count++;
    if (!this.#out.write(row)) await once(this.#out, "drain");
  }

  async close(): Promise<void> {
    if (this.#error) throw this.#error;
    if (this.#out.writableEnded) return;
    this.#out.end();
    await once(this.#out, "finish");
  }

  #quote(raw: string): string {
    // The report is opened in spreadsheets: a cell copied from the source that starts like a formula is
    // written as text (OWASP's CSV injection advice), so `=HYPERLINK(…)` in a bad code stays inert.
    const cell = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
    return /["\r\n]/.test(cell) || cell.includes(this.#separator) ? `"${cell.replace(/"/g, '""')}"` : cell;
  }
}

/** The report's default path beside the source: `annex.xlsx` → `annex.rejected.csv`. */
export function defaultReportPath(file: string): string {
  return `${file.replace(/\.(csv|xlsx|geojson|json|xml)$/i, "")}.rejected.csv`;
}

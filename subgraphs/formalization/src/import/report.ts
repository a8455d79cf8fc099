import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { ImportError } from "./import-error.ts";
import type { Separator } from "./source.ts";

/** One rejected row, or one of its problems: a row with several problems has one line per problem. */
export interface Rejection {
  /** The row's first line in the source file. */
  line: number;
  /** The row's COD_REINFO as written, or empty when it has none. */
  code: string;
  /** The column at fault (or `CSV` for a row the parser could not read). */
  field: string;
  reason: string;
}

/**
 * The rejection report: a CSV (`line`, `COD_REINFO`, `field`, `reason`) in UTF-8 with a BOM so that Excel
 * reads the accents, with the source file's separator. Written as rejections come, so a large report never
 * sits in memory.
 */
export class RejectionReport {
  readonly path: string;
  readonly #separator: Separator;
  readonly #out: WriteStream;

  #error: Error | undefined;

  private constructor(path: string, separator: Separator, out: WriteStream) {
    this.path = path;
    this.#separator = separator;
    this.#out = out;
    out.on("error", (error) => (this.#error = error));
    out.write(`\uFEFF${["line", "COD_REINFO", "field", "reason"].join(separator)}\n`);
  }

  /** Creates (or empties) the report file; an {@link ImportError} when it cannot be written. */
  static async open(path: string, separator: Separator): Promise<RejectionReport> {
    const out = createWriteStream(path);
    try {
      await once(out, "open");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      throw new ImportError(`cannot write the report ${path}${code ? ` (${code})` : ""}`, "report");
    }
    return new RejectionReport(path, separator, out);
  }

  async add(rejection: Rejection): Promise<void> {
    if (this.#error) throw this.#error;
    const cells = [String(rejection.line), rejection.code, rejection.field, rejection.reason];
    const row = `${cells.map((cell) => this.#quote(cell)).join(this.#separator)}\n`;
    if (!this.#out.write(row)) await once(this.#out, "drain");
  }

  async close(): Promise<void> {
    if (this.#error) throw this.#error;
    this.#out.end();
    await once(this.#out, "finish");
  }

  #quote(raw: string): string {
    // The report is opened in spreadsheets: a cell copied from the source that starts like a formula is
    // written as text (OWASP's CSV injection advice), so `=HYPERLINK(…)` in a bad COD_REINFO stays inert.
    const cell = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
    return /["\r\n]/.test(cell) || cell.includes(this.#separator) ? `"${cell.replace(/"/g, '""')}"` : cell;
  }
}

import { ImportError } from "./import-error.ts";

/** Exit status of an import that loaded everything it read. */
export const EXIT_ALL_IN = 0;
/** Exit status of an import that failed or was interrupted: nothing, or only part of the file, written. */
export const EXIT_FAILED = 1;
/** Exit status of an import that loaded what it could and refused some rows (see the report). */
export const EXIT_SOME_REFUSED = 2;

/** What every import's summary says besides its own counts. */
export interface ImportOutcome {
  /** Rows, features or activities refused (each with one line per problem in the report). */
  rejected: number;
  /** Stopped (a signal, Ctrl-C) before the end of the file. */
  interrupted: boolean;
}

/** 0 all in, 2 some refused, 1 interrupted (a failure is 1 too, but throws instead of returning a summary). */
export function importExitCode(outcome: ImportOutcome): number {
  if (outcome.interrupted) return EXIT_FAILED;
  return outcome.rejected > 0 ? EXIT_SOME_REFUSED : EXIT_ALL_IN;
}

/** The audit entry's outcome for a run: FAILED, INTERRUPTED, ROWS_REJECTED or OK. */
export function importAuditOutcome(outcome: ImportOutcome, failure?: unknown): string {
  if (failure) return "FAILED";
  if (outcome.interrupted) return "INTERRUPTED";
  return outcome.rejected > 0 ? "ROWS_REJECTED" : "OK";
}

/**
 * The summary's one line: `read 10 rows: 8 inserted, 0 updated, 0 unchanged, 2 rejected`, prefixed for a dry
 * run; `counts` in the order given (an import names its own).
 */
export function formatImportSummary(options: {
  dryRun: boolean;
  read: number;
  unit?: string;
  seconds?: number;
  counts: Record<string, number>;
}): string {
  const parts = Object.entries(options.counts).map(([name, n]) => `${n} ${name}`);
  const time = options.seconds === undefined ? "" : ` in ${options.seconds.toFixed(1)}s`;
  return (
    `${options.dryRun ? "dry run (nothing written): " : ""}read ${options.read} ${options.unit ?? "rows"}${time}: ` +
    parts.join(", ")
  );
}

/**
 * What a command says on stderr when its import fails: an {@link ImportError} (a file or option it refused before
 * writing) with nothing written; anything else with the records written before it whole (each is written in one
 * operation), so running the import again finishes it. `records` names them ("liabilities", "areas", …).
 */
export function importFailureText(error: unknown, records: string): string {
  return error instanceof ImportError
    ? `${error.message}\nnothing was written.\n`
    : `import failed: ${String(error)}\n${records} written before the failure are whole; run the import again to finish it.\n`;
}

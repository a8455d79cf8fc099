import { randomUUID } from "node:crypto";
import { userInfo } from "node:os";
import { AuditLog } from "../audit.ts";
import { runCli } from "../cli.ts";
import { openPillar } from "../open-pillar.ts";
import type { PillarDefinition } from "../pillar.ts";
import type { Viewer, ViewerContext } from "../viewer.ts";
import { progressDisplay, type ImportProgress } from "./progress.ts";
import type { Separator } from "./tabular.ts";
import {
  formatImportSummary,
  importExitCode,
  importFailureText,
  EXIT_FAILED,
  type ImportOutcome,
} from "./summary.ts";

/** What every import's summary carries, whatever else it counts. */
export interface ImportSummaryBase extends ImportOutcome {
  dryRun: boolean;
  /** Rows, features or activities read. */
  read: number;
  /** Where the refused ones were written. */
  reportPath: string;
}

/**
 * What a command hands its pillar's import function: who is audited, how to stop, where progress goes. Every
 * import's options extend it (`Partial<ImportRun>`: a test may leave any of them out).
 */
export interface ImportRun {
  /** The audit log and the operator it names: one entry per import that writes (none for a dry run). */
  audit: { log: AuditLog; viewer: Viewer; requestId: string };
  /** Aborted by Ctrl-C: the import stops after the batch being written; what is written stays whole. */
  signal: AbortSignal;
  /** Called after each batch with how far the file has been read. */
  onProgress: (progress: ImportProgress) => void;
}

/** One import command: the parts that differ between pillars; {@link runImport} does the rest. */
export interface ImportCommand<M, C extends ViewerContext, S extends ImportSummaryBase> {
  pillar: PillarDefinition<M, C>;
  /** The process's name in logs (`import-pam`). */
  process: string;
  /** Starts the progress bar (`PAM`, `REINFO`). */
  label: string;
  /** What the written records are, for the failure message (`liabilities`). */
  records: string;
  /** What the file holds (`rows`, the default; `features`, `activities`). */
  unit?: string;
  /** Runs the pillar's import on its models. */
  run(models: M, run: ImportRun): Promise<S>;
  /** The summary's counts, in the order printed (`inserted`, `updated`, …). */
  counts(summary: S): Record<string, number>;
  /** What follows the counts on their line (`; 3 region counters rebuilt`); nothing by default. */
  countsSuffix?(summary: S): string;
  /** Lines printed after the counts and before the report's path (`dataset: …`). */
  details?(summary: S): string[];
  /** A failure the command explains itself (an invalid IATI file lists the validator's messages). */
  failureText?(error: unknown): string | undefined;
}

/**
 * The viewer an import is audited as: the pillar's own agency editor, named after the operating-system user who
 * ran it (`import:maria`), since an import runs on the pillar's host, not through the gateway.
 */
export function importViewer(pillar: string): Viewer {
  return { id: `import:${userInfo().username}`, role: "AGENCY_EDITOR", pillar, donor: null, grants: [] };
}

/**
 * Runs an import command as every Tinkuy importer runs: opens the pillar's database as its service would,
 * audits the run as the pillar's editor under a fresh request id, shows progress on stderr (a bar on a terminal, a
 * line per tenth of the file otherwise), stops after the current batch on Ctrl-C (a second Ctrl-C exits at once;
 * every record is still whole), prints the summary on stdout (counts, dataset, report, audit id) and exits 0 (all
 * in), 2 (some refused) or 1 (failed or interrupted, with what was written and how to finish).
 */
export async function runImport<M, C extends ViewerContext, S extends ImportSummaryBase>(
  command: ImportCommand<M, C, S>,
): Promise<void> {
  const requestId = `import-${randomUUID()}`;
  const progress = progressDisplay(command.label);
  const controller = new AbortController();
  process.once("SIGINT", () => {
    controller.abort();
    process.once("SIGINT", () => process.exit(130));
  });

  await runCli(async () => {
    const { server, connection, keys, logger, close } = await openPillar(command.pillar, {
      process: command.process,
      logLevel: "warn",
    });
    let summary: S;
    const started = performance.now();
    try {
      summary = await command.run(server.models, {
        audit: {
          log: new AuditLog(connection, logger, keys.auditKey),
          viewer: importViewer(command.pillar.name),
          requestId,
        },
        signal: controller.signal,
        onProgress: (p) => progress.update(p),
      });
    } catch (error) {
      progress.stop();
      process.stderr.write(command.failureText?.(error) ?? importFailureText(error, command.records));
      return EXIT_FAILED;
    } finally {
      progress.stop();
      await close();
    }
    const lines = [
      formatImportSummary({
        dryRun: summary.dryRun,
        read: summary.read,
        ...(command.unit === undefined ? {} : { unit: command.unit }),
        seconds: (performance.now() - started) / 1000,
        counts: command.counts(summary),
      }) + (command.countsSuffix?.(summary) ?? ""),
      ...(command.details?.(summary) ?? []),
      `report: ${summary.reportPath}`,
      ...(summary.dryRun ? [] : [`audit: ${requestId}`]),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    if (summary.interrupted) {
      process.stderr.write(
        `interrupted: the ${command.unit ?? "rows"} above are written, the rest are not; run the import again.\n`,
      );
    }
    return importExitCode(summary);
  });
}

/** The part of a parsed command line the helpers below read. */
interface ImportCli {
  positionals: string[];
  usageError(message: string): never;
}

/** The command line's one file (`what` names it in the refusal: "one GeoJSON file"). */
export function onlyFile(cli: ImportCli, what: string): string {
  const [first, ...extra] = cli.positionals;
  return first !== undefined && extra.length === 0 ? first : cli.usageError(`give exactly ${what}`);
}

/** An `--as-of DAY` option: a past day as YYYY-MM-DD, midnight UTC; undefined when not given. */
export function pastDayOption(cli: ImportCli, option: string, text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const day = new Date(`${text}T00:00:00.000Z`);
  // Date() rolls 2025-02-30 over to 2 March: the day must read back as written.
  const valid = !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
  if (!valid || day > new Date()) {
    cli.usageError(`--${option} must be a past day as YYYY-MM-DD, got ${JSON.stringify(text)}`);
  }
  return day;
}

/** A `--separator` option: a CSV's `;` or `,`; undefined (read from the header line) when not given. */
export function separatorOption(cli: ImportCli, text: string | undefined): Separator | undefined {
  if (text === undefined || text === ";" || text === ",") return text;
  return cli.usageError(`--separator must be ';' or ',', got ${JSON.stringify(text)}`);
}

import { basename } from "node:path";
import { openTabular, type ImportRun, type Separator, type TabularSource } from "@tinkuy/kit";
import type { Models } from "../models.ts";
import { extractDataset } from "../provenance.ts";
import { reconcileRegionStats } from "../region-stats.ts";
import { reconcileLedger } from "../status-ledger.ts";
import { applyBatch } from "./apply.ts";
import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS, TOGETHER_COLUMNS } from "./columns.ts";
import { fileSha256 } from "./file-digest.ts";
import { ImportError } from "./import-error.ts";
import { PlaceMatcher } from "./places.ts";
import { RejectionReport } from "./report.ts";
import { RowReader, type ImportedRow } from "./row.ts";

export type { Separator } from "@tinkuy/kit";

/** Rows written per database round trip. */
export const DEFAULT_BATCH_SIZE = 1_000;

/** What to import, and how. */
export interface ImportOptions extends Partial<ImportRun> {
  /** The REINFO extract: a CSV (UTF-8 with or without BOM, or Windows-1252) or an XLSX workbook. */
  file: string;
  /** Where to write the rejected rows (created or emptied on every run, dry runs included). */
  reportPath: string;
  /** A CSV's `;` or `,`; taken from the header line when omitted. */
  separator?: Separator | undefined;
  /** An XLSX's sheet by name; the first sheet when omitted. */
  sheet?: string | undefined;
  /** Validate, count and report, without writing to the database. */
  dryRun?: boolean;
  batchSize?: number;
  /** Who the status history entries name as having recorded them (e.g. `import:minem-reinfo`). */
  recordedBy: string;
  /** The import's clock: the `createdAt`/`updatedAt` it writes, the latest year and date it accepts. */
  now?: Date;
  /** Called after each batch is written (its number, from 1): where tests interrupt an import. */
  afterBatch?: (batch: number) => void | Promise<void>;
}

/** What an import did (a dry run: what it would do). */
export interface ImportSummary {
  /** Data rows read (the header excluded). */
  read: number;
  inserted: number;
  updated: number;
  /** Of the updated records, those whose status changed. */
  statusChanges: number;
  unchanged: number;
  /** Rows rejected (each with one line per problem in the report). */
  rejected: number;
  batches: number;
  /** Regions whose counters the import corrected at the end. */
  regionsCorrected: number;
  /** Stopped by the signal before the end of the file. */
  interrupted: boolean;
  /** The extract's format, and how its bytes were read (Windows-1252: a CSV Excel saved on Windows). */
  format: TabularSource["format"];
  encoding: TabularSource["encoding"];
  /** The CSV's separator, which the report uses too (`,` for an XLSX). */
  separator: Separator;
  /** SHA-256 of the file, when it was read to the end. */
  sha256: string | null;
  reportPath: string;
  dryRun: boolean;
}

/**
 * Imports a REINFO extract into the registry: streams the file (the kit's CSV or XLSX reader, one batch of
 * rows in memory at a time), validates each row, writes the rejected ones to the report with their line and reason while the
 * valid ones load, upserts by COD_REINFO in batches (see `applyBatch`), then brings the region counters and
 * the ledger of status transitions (as-of figures) in line with the registry. Records missing from the
 * extract are left as they are: an extract may be partial (one department, one status), so absence is no
 * evidence of anything. A problem with the whole file (no such file, a missing column) is an
 * {@link ImportError} thrown before anything is written.
 */
export async function importReinfo(models: Models, options: ImportOptions): Promise<ImportSummary> {
  const now = options.now ?? new Date();
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const source = await openTabular(options.file, {
    columns: [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS],
    required: REQUIRED_COLUMNS,
    together: TOGETHER_COLUMNS,
    separator: options.separator,
    sheet: options.sheet,
    describe: "a REINFO extract",
  });
  // Every record written names the file, so its digest is taken first, in a streamed pass of its own.
  const dataset = extractDataset(basename(options.file), await fileSha256(options.file));
  const report = await RejectionReport.open(options.reportPath, source.separator);
  const summary: ImportSummary = {
    read: 0,
    inserted: 0,
    updated: 0,
    statusChanges: 0,
    unchanged: 0,
    rejected: 0,
    batches: 0,
    regionsCorrected: 0,
    interrupted: false,
    format: source.format,
    encoding: source.encoding,
    separator: source.separator,
    sha256: null,
    reportPath: report.path,
    dryRun,
  };
  let failure: unknown;
  try {
    await run(models, options, { now, dryRun, batchSize, source, report, summary, dataset });
    if (!dryRun) {
      summary.regionsCorrected = await reconcileRegionStats(models);
      await reconcileLedger(models);
    }
  } catch (error) {
    failure = error;
    // Batches already written moved records between regions: bring the counters in line now rather than at
    // the next run (if the database itself failed, this fails too, and the next run repairs them).
    if (!dryRun && summary.batches > 0) {
      summary.regionsCorrected = await reconcileRegionStats(models).catch(() => 0);
      await reconcileLedger(models).catch(() => 0);
    }
    throw error;
  } finally {
    await report.close();
    if (options.audit && !dryRun && !(failure instanceof ImportError && summary.batches === 0)) {
      await options.audit.log.record({
        viewer: options.audit.viewer,
        requestId: options.audit.requestId,
        operation: "importReinfo",
        args: { file: basename(options.file), sha256: summary.sha256 },
        outcome: failure
          ? "FAILED"
          : summary.interrupted
            ? "INTERRUPTED"
            : summary.rejected > 0
              ? "ROWS_REJECTED"
              : "OK",
        ...(failure instanceof ImportError && failure.field ? { field: failure.field } : {}),
        counts: {
          read: summary.read,
          inserted: summary.inserted,
          updated: summary.updated,
          statusChanges: summary.statusChanges,
          unchanged: summary.unchanged,
          rejected: summary.rejected,
          regionsCorrected: summary.regionsCorrected,
        },
      });
    }
  }
  return summary;
}

interface Run {
  now: Date;
  dryRun: boolean;
  batchSize: number;
  source: TabularSource;
  report: RejectionReport;
  summary: ImportSummary;
  /** The extract's dataset name (file name and SHA-256), in every written record's provenance. */
  dataset: string;
}

async function run(models: Models, options: ImportOptions, state: Run): Promise<void> {
  const { source, report, summary } = state;
  const firstLine = new Map<string, number>();
  const reader = new RowReader(new PlaceMatcher(), state.now);
  let batch: ImportedRow[] = [];

  const flush = async (): Promise<void> => {
    const outcome = await applyBatch(models, batch, {
      recordedBy: options.recordedBy,
      dataset: state.dataset,
      now: state.now,
      dryRun: state.dryRun,
    });
    batch = [];
    summary.batches++;
    summary.inserted += outcome.inserted;
    summary.updated += outcome.updated;
    summary.statusChanges += outcome.statusChanges;
    summary.unchanged += outcome.unchanged;
    summary.rejected += outcome.rejections.length;
    for (const rejection of outcome.rejections) await report.add(rejection);
    options.onProgress?.({ bytes: source.bytesRead(), totalBytes: source.size, rows: summary.read });
    await options.afterBatch?.(summary.batches);
  };

  for await (const row of source.rows()) {
    summary.read++;
    if ("reason" in row) {
      summary.rejected++;
      const code = row.cells?.COD_REINFO ?? "";
      await report.add({ line: row.line, code, field: row.field ?? "CSV", reason: row.reason });
      continue;
    }
    const code = row.cells.COD_REINFO ?? "";
    const seen = code ? firstLine.get(code) : undefined;
    if (seen !== undefined) {
      summary.rejected++;
      await report.add({
        line: row.line,
        code,
        field: "COD_REINFO",
        reason: `duplicate COD_REINFO: first on line ${seen} (only the first occurrence is imported)`,
      });
      continue;
    }
    if (code) firstLine.set(code, row.line);
    const parsed = reader.read(row.cells, row.line);
    if (Array.isArray(parsed)) {
      summary.rejected++;
      for (const problem of parsed) await report.add({ line: row.line, code, ...problem });
      continue;
    }
    batch.push(parsed);
    if (batch.length >= state.batchSize) {
      await flush();
      if (options.signal?.aborted) {
        summary.interrupted = true;
        return;
      }
    }
  }
  if (batch.length > 0) await flush();
  summary.sha256 = source.sha256();
}

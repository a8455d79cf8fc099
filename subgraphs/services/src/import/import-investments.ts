import { createHash } from "node:crypto";
import { basename } from "node:path";
import {
  datasetName,
  fileSha256,
  importAuditOutcome,
  ImportError,
  openTabular,
  provenance,
  RejectionReport,
  type ImportRun,
  type ProvenanceDoc,
  type Rejection,
  type Separator,
  type TabularSource,
} from "@tinkuy/kit";
import type { AnyBulkWriteOperation } from "mongoose";
import { applyProjectChanges, rebuildServicesStats, type CountedProject } from "../counters.ts";
import type { Models, ProjectDoc } from "../models.ts";
import { readCui, readDay } from "./cells.ts";
import { ALL_COLUMNS, Columns, DATED_FIELDS } from "./columns.ts";
import { isoDay, readInvestmentRow, type InvestmentRow } from "./investment-row.ts";
import { mergeInvestment, sameInvestment } from "./merge.ts";

/** Who publishes the files, for every imported investment's provenance. */
export const MEF_SOURCE =
  "MEF (Ministerio de Economía y Finanzas), Banco de Inversiones (Invierte.pe), datos abiertos";

/** The host MEF publishes the investment bank's files on. */
export const MEF_FILES = "https://fs.datosabiertos.mef.gob.pe/datastorefiles/";

/** The three files MEF publishes, and what each holds (the provenance's note). */
export const MEF_FILE_NAMES: Readonly<Record<string, string>> = {
  DETALLE_INVERSIONES: "active investments",
  CIERRE_INVERSIONES: "closed investments",
  INVERSIONES_DESACTIVADAS: "deactivated investments",
};

/** Investments written per database round trip. */
export const DEFAULT_BATCH_SIZE = 500;

export interface ImportInvestmentsOptions extends Partial<ImportRun> {
  file: string;
  reportPath: string;
  /** The day the file describes; the latest day the file records when omitted. */
  asOf?: Date | undefined;
  separator?: Separator | undefined;
  sheet?: string | undefined;
  dryRun?: boolean;
  /** Who writes (`import:<user>`), kept in each new investment's `registeredBy` and status changes. */
  recordedBy: string;
  batchSize?: number;
  now?: Date;
  /** Called after each batch is written (its number, from 1): where tests interrupt an import. */
  afterBatch?: (batch: number) => void | Promise<void>;
  /** Called between a batch's read and its write: where tests change an investment as an editor would. */
  beforeWrite?: () => void | Promise<void>;
}

export interface InvestmentsSummary {
  dryRun: boolean;
  /** Data rows read. */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows refused (each with one report line per problem). */
  rejected: number;
  /** Rows repeating an earlier row of the same CUI word for word: loaded once. */
  duplicates: number;
  /** Investments with accruals of earlier years that no single year can hold (kept out of `execution`). */
  unattributed: number;
  /** Their amount, in céntimos. */
  unattributedCents: number;
  /** Batches written. */
  batches: number;
  /** Investments an editor changed while the import read them: left as they are, for the next run. */
  changedMeanwhile: number;
  interrupted: boolean;
  format: "csv" | "xlsx";
  sha256: string;
  dataset: string;
  /** The as-of day, and where it came from. */
  asOf: string;
  asOfFrom: "option" | "file" | "today";
  reportPath: string;
}

interface Pending {
  line: number;
  row: InvestmentRow;
}

type Stored = ProjectDoc & { updatedAt?: Date };

/**
 * Imports one of MEF's investment-bank files (DETALLE_INVERSIONES, CIERRE_INVERSIONES or
 * INVERSIONES_DESACTIVADAS, as published; CSV or XLSX) into the investments, by CUI. A first streamed pass finds
 * the file's columns, its as-of day (unless given) and the CUIs it repeats; the second reads each row whole
 * (README.md beside this file: the columns and every rule), reports the refused ones, merges the rest with what
 * the hub holds and writes the investments that change, a batch at a time, moving the region counters by what
 * changed (`applyProjectChanges`). A rerun of the same file writes nothing. One audit entry per run that writes.
 */
export async function importInvestments(
  models: Models,
  options: ImportInvestmentsOptions,
): Promise<InvestmentsSummary> {
  const now = options.now ?? new Date();
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const open = (): Promise<TabularSource> =>
    openTabular(options.file, {
      columns: ALL_COLUMNS,
      separator: options.separator,
      sheet: options.sheet,
      describe:
        "an investment-bank file (DETALLE_INVERSIONES, CIERRE_INVERSIONES or INVERSIONES_DESACTIVADAS)",
    });
  const sha256 = await fileSha256(options.file);
  const dataset = datasetName(options.file, sha256);

  // First pass: the header's columns, the latest day recorded, and each CUI's rows (a fingerprint each).
  const first = await open();
  let columns: Columns | undefined;
  let latest: Date | null = null;
  const byCui = new Map<string, { line: number; print: string }[]>();
  for await (const row of first.rows()) {
    columns ??= new Columns(first.present());
    if ("reason" in row) continue;
    for (const field of DATED_FIELDS) {
      const read = readDay(columns.get(row.cells, field));
      if ("value" in read && (!latest || read.value > latest)) latest = read.value;
    }
    const cui = readCui(columns.get(row.cells, "cui"));
    if ("value" in cui) {
      const print = createHash("sha256")
        .update(JSON.stringify(Object.entries(row.cells).sort()))
        .digest("hex");
      byCui.set(cui.value, [...(byCui.get(cui.value) ?? []), { line: row.line, print }]);
    }
  }
  columns ??= new Columns(first.present());
  const missing = columns.missing();
  if (missing.length > 0) {
    throw new ImportError(
      `the header lacks the required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}: ` +
        "is this one of MEF's investment-bank files?",
      missing[0],
    );
  }
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const asOfFrom = options.asOf ? "option" : latest ? "file" : "today";
  const asOf = options.asOf ?? (latest && latest < today ? latest : today);
  const origin = fileProvenance(options.file, dataset, asOf);

  const source = await open();
  const report = await RejectionReport.open(options.reportPath, {
    separator: source.separator,
    codeColumn: "CODIGO_UNICO",
  });
  const summary: InvestmentsSummary = {
    dryRun,
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    duplicates: 0,
    unattributed: 0,
    unattributedCents: 0,
    batches: 0,
    changedMeanwhile: 0,
    interrupted: false,
    format: source.format,
    sha256,
    dataset,
    asOf: isoDay(asOf),
    asOfFrom,
    reportPath: report.path,
  };
  const context = { provenance: origin, asOf, recordedBy: options.recordedBy };
  let failure: unknown;
  try {
    if (!dryRun) await recoverPendingCounters(models);
    let batch: Pending[] = [];
    const refuse = async (rejections: Rejection[]): Promise<void> => {
      summary.rejected++;
      for (const rejection of rejections) await report.add(rejection);
    };
    const flush = async (): Promise<void> => {
      const problems = await writeBatch(models, batch, context, summary, dryRun, options.beforeWrite);
      for (const problem of problems) await refuse([problem]);
      batch = [];
      summary.batches++;
      options.onProgress?.({ bytes: source.bytesRead(), totalBytes: source.size, rows: summary.read });
      await options.afterBatch?.(summary.batches);
    };
    for await (const row of source.rows()) {
      summary.read++;
      const code = columns.get(row.cells ?? {}, "cui");
      if ("reason" in row) {
        await refuse([{ line: row.line, code, field: row.field ?? "CSV", reason: row.reason }]);
        continue;
      }
      const cui = readCui(code);
      const same = "value" in cui ? (byCui.get(cui.value) ?? []) : [];
      if (same.length > 1) {
        const firstRow = same[0] as { line: number; print: string };
        if (same.some((other) => other.print !== firstRow.print)) {
          const others = same.filter((other) => other.line !== row.line).map((other) => other.line);
          await refuse([
            {
              line: row.line,
              code,
              field: columns.label("cui"),
              reason: `CUI ${code} is also on line ${others.join(", ")} with other values: no row of it is loaded`,
            },
          ]);
          continue;
        }
        if (firstRow.line !== row.line) {
          summary.duplicates++;
          continue;
        }
      }
      const read = readInvestmentRow(row.cells, columns, asOf);
      if (Array.isArray(read)) {
        await refuse(read.map((problem) => ({ line: row.line, code, ...problem })));
        continue;
      }
      batch.push({ line: row.line, row: read });
      if (batch.length >= batchSize) {
        await flush();
        if (options.signal?.aborted) {
          summary.interrupted = true;
          break;
        }
      }
    }
    if (!summary.interrupted && batch.length > 0) await flush();
    if (!dryRun && summary.changedMeanwhile > 0) await recoverPendingCounters(models);
  } catch (error) {
    failure = error;
    if (!dryRun && summary.batches > 0) await recoverPendingCounters(models).catch(() => 0);
    throw error;
  } finally {
    await report.close();
    if (options.audit && !dryRun) {
      await options.audit.log.record({
        viewer: options.audit.viewer,
        requestId: options.audit.requestId,
        operation: "importInvestments",
        args: { file: basename(options.file), sha256, asOf: summary.asOf },
        outcome: importAuditOutcome(summary, failure),
        counts: {
          read: summary.read,
          inserted: summary.inserted,
          updated: summary.updated,
          unchanged: summary.unchanged,
          rejected: summary.rejected,
          duplicates: summary.duplicates,
          unattributed: summary.unattributed,
        },
      });
    }
  }
  return summary;
}

/**
 * The provenance of a file's investments: `OFFICIAL`, MEF as the source, the file's URL on MEF's host when its
 * name is one of the three published files, the dataset (name and SHA-256), the as-of day.
 */
export function fileProvenance(file: string, dataset: string, asOf: Date): ProvenanceDoc {
  const stem = basename(file)
    .replace(/\.(csv|xlsx)$/i, "")
    .toUpperCase();
  const published = Object.hasOwn(MEF_FILE_NAMES, stem);
  return provenance({
    kind: "OFFICIAL",
    dataset,
    source: MEF_SOURCE,
    url: published ? `${MEF_FILES}${stem}.csv` : null,
    asOf,
    note: published
      ? `Invierte.pe open data, ${MEF_FILE_NAMES[stem] ?? ""} (${stem})`
      : "Invierte.pe open data (a file in the layout MEF publishes)",
  });
}

/**
 * Merges a batch with the stored investments, writes those that change in one command (each whole, marked
 * `countersPending` and conditional on the stored one being as read), moves the counters by the batch's net
 * change in one more, and unmarks them. Returns the rows a merge refused (their problems).
 */
async function writeBatch(
  models: Models,
  batch: readonly Pending[],
  context: { provenance: ProvenanceDoc; asOf: Date; recordedBy: string },
  summary: InvestmentsSummary,
  dryRun: boolean,
  beforeWrite?: () => void | Promise<void>,
): Promise<Rejection[]> {
  const stored = new Map(
    (
      (await models.Project.collection
        .find({ cui: { $in: batch.map((p) => p.row.cui) } }, { projection: { _id: 0 } })
        .toArray()) as unknown as Stored[]
    ).map((doc) => [doc.cui, doc]),
  );
  const problems: Rejection[] = [];
  const writes: AnyBulkWriteOperation[] = [];
  const changes: { before: CountedProject | null; after: CountedProject }[] = [];
  const written: string[] = [];
  let inserts = 0;
  const now = new Date();
  for (const { line, row } of batch) {
    const before = stored.get(row.cui) ?? null;
    const merged = mergeInvestment(before, row, context);
    if (Array.isArray(merged)) {
      problems.push(...merged.map((problem) => ({ line, code: row.cui, ...problem })));
      continue;
    }
    if (
      before &&
      sameInvestment(before, merged.doc) &&
      unattributedPart(before) === unattributedPart(merged.doc)
    ) {
      if (merged.unattributedCents > 0) {
        summary.unattributed++;
        summary.unattributedCents += merged.unattributedCents;
      }
      summary.unchanged++;
      continue;
    }
    if (before && before.provenance.asOf > context.asOf) {
      // An older file never undoes what a newer one (or an editor, later) set.
      problems.push({
        line,
        code: row.cui,
        field: "CSV",
        reason:
          `the hub holds investment ${row.cui} as of ${isoDay(before.provenance.asOf)}, later than this file's ` +
          `as-of day ${isoDay(context.asOf)}: an older file does not change it (give --as-of if the file is newer)`,
      });
      continue;
    }
    if (merged.unattributedCents > 0) {
      summary.unattributed++;
      summary.unattributedCents += merged.unattributedCents;
    }
    if (before) summary.updated++;
    else summary.inserted++;
    changes.push({ before, after: merged.doc });
    written.push(row.cui);
    if (!before) inserts++;
    writes.push({
      updateOne: {
        filter: before?.updatedAt ? { cui: row.cui, updatedAt: before.updatedAt } : { cui: row.cui },
        update: {
          $set: { ...merged.doc, countersPending: true, updatedAt: now },
          $setOnInsert: { createdAt: now },
        },
        upsert: !before,
      },
    });
  }
  if (dryRun || writes.length === 0) return problems;
  await beforeWrite?.();
  const result = await models.Project.collection.bulkWrite(writes as never, { ordered: false });
  // Updates not applied (an editor changed the investment since the batch read it: theirs stands, the next run
  // applies the file), and inserts that met an investment an editor registered meanwhile (overwritten, but the
  // counters cannot tell from what): the counters are rebuilt at the end from the marks instead of moved here.
  const missed =
    writes.length - (result.upsertedCount + result.matchedCount) + (inserts - result.upsertedCount);
  if (missed > 0) {
    summary.changedMeanwhile += missed;
    return problems;
  }
  await applyProjectChanges(models, changes);
  await models.Project.collection.updateMany({ cui: { $in: written } }, { $unset: { countersPending: "" } });
  return problems;
}

/** What a record's provenance note says of accruals no year can hold ("" when nothing). */
function unattributedPart(doc: ProjectDoc): string {
  const note = doc.provenance.note ?? "";
  const at = note.indexOf("; S/ ");
  return at < 0 ? "" : note.slice(at);
}

/**
 * After a run that stopped between writing investments and moving their counters (marked `countersPending`),
 * rebuilds every counter from the investments and unmarks them. Returns how many were marked.
 */
export async function recoverPendingCounters(models: Models): Promise<number> {
  const pending = await models.Project.collection.countDocuments({ countersPending: true });
  if (pending === 0) return 0;
  await rebuildServicesStats(models);
  await models.Project.collection.updateMany({ countersPending: true }, { $unset: { countersPending: "" } });
  return pending;
}

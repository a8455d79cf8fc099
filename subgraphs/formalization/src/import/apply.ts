import { mongo, type Types } from "mongoose";
import type { Models, RecordDoc, StatusEntry } from "../models.ts";
import { extractProvenance } from "../provenance.ts";
import type { Rejection } from "./report.ts";
import type { ImportedFields, ImportedRow } from "./row.ts";

/** A record as stored, with the fields the import reads besides the domain ones. */
type StoredRecord = RecordDoc & { _id: Types.ObjectId; updatedAt?: Date | null };

/** What one batch did (or, in a dry run, would do). */
export interface BatchOutcome {
  inserted: number;
  updated: number;
  /** Of the updated records, those whose status changed (a history entry was appended). */
  statusChanges: number;
  unchanged: number;
  rejections: Rejection[];
}

/** Who recorded the import's history entries, the extract's dataset name, and when the import ran. */
export interface BatchContext {
  recordedBy: string;
  /** `<file name> sha256:<hex>`: the dataset of every record the batch writes (OFFICIAL, MINEM). */
  dataset: string;
  now: Date;
  dryRun: boolean;
}

/** The legal basis of an imported status: the extract publishes none, so the entry names its source. */
export const IMPORT_LEGAL_BASIS = "Extracto del REINFO (MINEM); el extracto no indica la base legal";
const NEW_REASON = "Estado publicado en el extracto del REINFO";
const CHANGE_REASON = "Cambio de estado publicado en el extracto del REINFO";

/** Optional columns that a new record gets as null when the extract leaves them out. */
const OPTIONAL_DEFAULTS = {
  NOMBRE_REP: null,
  NOMBRE_DM: null,
  TIPO_ACT: null,
  LATITUD_G84: null,
  LONGITUD_G84: null,
};

/**
 * Upserts one batch of valid rows by COD_REINFO with two database commands at most: one find of the batch's
 * codes, one bulkWrite. Each record is written whole by one single-document operation (an insert, or a
 * replace conditional on the record not having changed since it was read), so an interruption never leaves a
 * half-written record and a rerun converges. A record whose fields all equal the row's is not written
 * (`unchanged`). A status change appends a history entry dated with FECHA_ACTUALIZACION, not the import time;
 * a row older than the record's last change that would change it is rejected, so an old extract never
 * overwrites newer data. A written record takes the extract's provenance; an unchanged one keeps its own.
 */
export async function applyBatch(
  models: Models,
  rows: readonly ImportedRow[],
  context: BatchContext,
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { inserted: 0, updated: 0, statusChanges: 0, unchanged: 0, rejections: [] };
  if (rows.length === 0) return outcome;
  const stored = await models.Record.collection
    .find({ COD_REINFO: { $in: rows.map((row) => row.fields.COD_REINFO) } })
    .toArray();
  const byCode = new Map(stored.map((doc) => [doc.COD_REINFO as string, doc as unknown as StoredRecord]));

  const ops: mongo.AnyBulkWriteOperation[] = [];
  /** The row behind each operation, by position, to name it if the write fails. */
  const opRows: { row: ImportedRow; statusChanged: boolean }[] = [];
  for (const row of rows) {
    const existing = byCode.get(row.fields.COD_REINFO);
    if (!existing) {
      ops.push({ insertOne: { document: newRecord(row, context) } });
      opRows.push({ row, statusChanged: false });
      continue;
    }
    if (!differs(existing, row.fields)) {
      outcome.unchanged++;
      continue;
    }
    const lastChange = latestChange(existing);
    if (lastChange && row.sourceDate < lastChange) {
      outcome.rejections.push({
        line: row.line,
        code: row.fields.COD_REINFO,
        field: "FECHA_ACTUALIZACION",
        reason:
          `the stored record changed on ${lastChange.toISOString()}, after this row's date ` +
          `${row.sourceDate.toISOString()}: an older extract does not overwrite newer data`,
      });
      continue;
    }
    const statusChanged = existing.ESTADO !== row.fields.ESTADO;
    const { _id, ...rest } = existing;
    const replacement = {
      ...rest,
      ...row.fields,
      FECHA_ACTUALIZACION: row.sourceDate,
      history: statusChanged ? [...existing.history, entry(row, CHANGE_REASON, context)] : existing.history,
      // The newer extract is now where the record's fields come from.
      provenance: extractProvenance(context.dataset, row.sourceDate),
      updatedAt: context.now,
    };
    ops.push({
      replaceOne: { filter: { _id, updatedAt: existing.updatedAt ?? null }, replacement },
    });
    opRows.push({ row, statusChanged });
  }
  if (ops.length === 0) return outcome;

  const failed = new Set<number>();
  if (!context.dryRun) {
    try {
      await models.Record.collection.bulkWrite(ops, { ordered: false });
    } catch (error) {
      if (!(error instanceof mongo.MongoBulkWriteError)) throw error;
      for (const writeError of [error.writeErrors].flat()) {
        // Only a duplicate code is the row's fault (someone registered it meanwhile); anything else is fatal.
        if (writeError.code !== 11000) throw error;
        failed.add(writeError.index);
        const row = opRows[writeError.index]?.row;
        if (row) outcome.rejections.push(raced(row, "was registered by another writer during the import"));
      }
    }
    await findLostReplaces(models, ops, opRows, failed, context, outcome);
  }
  opRows.forEach(({ row, statusChanged }, index) => {
    if (failed.has(index)) return;
    if (byCode.has(row.fields.COD_REINFO)) {
      outcome.updated++;
      if (statusChanged) outcome.statusChanges++;
    } else {
      outcome.inserted++;
    }
  });
  return outcome;
}

/**
 * Finds the conditional replaces that matched nothing because another writer (a mutation through the hub)
 * changed the record between the batch's read and its write: those rows are rejected, to be applied by a rerun.
 */
async function findLostReplaces(
  models: Models,
  ops: mongo.AnyBulkWriteOperation[],
  opRows: { row: ImportedRow }[],
  failed: Set<number>,
  context: BatchContext,
  outcome: BatchOutcome,
): Promise<void> {
  const replaces = ops.flatMap((op, index) =>
    "replaceOne" in op && !failed.has(index)
      ? [{ id: op.replaceOne.filter._id as Types.ObjectId, index }]
      : [],
  );
  if (replaces.length === 0) return;
  const now = await models.Record.collection
    .find({ _id: { $in: replaces.map((r) => r.id) } }, { projection: { updatedAt: 1 } })
    .toArray();
  const written = new Set(
    now
      .filter((doc) => (doc.updatedAt as Date | undefined)?.getTime() === context.now.getTime())
      .map((doc) => String(doc._id)),
  );
  for (const { id, index } of replaces) {
    if (written.has(String(id))) continue;
    failed.add(index);
    const row = opRows[index]?.row;
    if (row) outcome.rejections.push(raced(row, "was changed by another writer during the import"));
  }
}

function raced(row: ImportedRow, what: string): Rejection {
  return {
    line: row.line,
    code: row.fields.COD_REINFO,
    field: "COD_REINFO",
    reason: `the record ${what}; run the import again to apply this row`,
  };
}

/** Whether any field the row sets differs from the stored record (a missing stored value reads as null). */
function differs(stored: StoredRecord, fields: ImportedFields): boolean {
  return (Object.keys(fields) as (keyof ImportedFields)[]).some(
    (key) => (stored[key] ?? null) !== (fields[key] ?? null),
  );
}

/** When the record last changed: its last history entry or FECHA_ACTUALIZACION, whichever is later. */
function latestChange(record: StoredRecord): Date | undefined {
  const dates = [record.history.at(-1)?.date, record.FECHA_ACTUALIZACION].filter(
    (date): date is Date => date instanceof Date,
  );
  return dates.length === 0 ? undefined : new Date(Math.max(...dates.map((d) => d.getTime())));
}

function entry(row: ImportedRow, reason: string, context: BatchContext): StatusEntry {
  return {
    status: row.fields.ESTADO,
    date: row.sourceDate,
    reason,
    legalBasis: IMPORT_LEGAL_BASIS,
    recordedBy: context.recordedBy,
    provenance: extractProvenance(context.dataset, row.sourceDate),
  };
}

function newRecord(
  row: ImportedRow,
  context: BatchContext,
): RecordDoc & { createdAt: Date; updatedAt: Date } {
  return {
    ...OPTIONAL_DEFAULTS,
    ...row.fields,
    FECHA_ACTUALIZACION: row.sourceDate,
    history: [entry(row, NEW_REASON, context)],
    provenance: extractProvenance(context.dataset, row.sourceDate),
    createdAt: context.now,
    updatedAt: context.now,
  };
}

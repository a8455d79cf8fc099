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
import type { mongo } from "mongoose";
import type { LiabilityDoc, Models } from "../models.ts";
import { rebuildRegionStats } from "../region-stats.ts";
import {
  PAM_COLUMNS,
  PAM_REQUIRED,
  PamRowReader,
  parseAnnexNumber,
  type PamFields,
  type PamRow,
} from "./pam-row.ts";

/** Who publishes the inventory, for every imported liability's provenance. */
export const PAM_PUBLISHER =
  "MINEM (Ministerio de Energía y Minas), Inventario de Pasivos Ambientales Mineros";
export const PAM_URL =
  "https://www.gob.pe/institucion/minem/colecciones/24670-inventario-de-pasivos-ambientales-mineros";

/** Rows written per database round trip. */
export const DEFAULT_BATCH_SIZE = 500;

/**
 * Row numbers at and above this are no annex's: a liability whose row the annex gives to another is moved here
 * (one place each, from a counter), so that row numbers stay unique while an import runs.
 */
export const PARKED_ROWS = 1_000_000_000;
const PARK_SEQUENCE = "pam-parked-row";

export interface PamImportOptions extends Partial<ImportRun> {
  file: string;
  reportPath: string;
  /** The resolution approving the annex, e.g. `RM 338-2025-MINEM/DM`: stored on each liability and in the note. */
  resolution?: string | undefined;
  /** The day the annex describes (its resolution's date); the import's day when omitted. */
  asOf?: Date | undefined;
  separator?: Separator | undefined;
  sheet?: string | undefined;
  dryRun?: boolean;
  batchSize?: number;
  now?: Date;
  /** Called after each batch is written (its number, from 1): where tests interrupt an import. */
  afterBatch?: (batch: number) => void | Promise<void>;
}

export interface PamImportSummary {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Liabilities from an earlier annex that this one no longer lists, marked so now. */
  noLongerListed: number;
  batches: number;
  regionsCorrected: number;
  interrupted: boolean;
  format: "csv" | "xlsx";
  sha256: string | null;
  dataset: string;
  reportPath: string;
  dryRun: boolean;
}

/** The fields an import sets, compared to tell an unchanged liability. */
const FIELDS: readonly (keyof PamFields)[] = [
  "N",
  "ID",
  "EUM",
  "TIPO",
  "SUBTIPO",
  "CUENCA",
  "REGION",
  "PROVINCIA",
  "DISTRITO",
  "ID_DEPA",
  "ID_PROV",
  "ID_DIST",
  "ESTE",
  "NORTE",
  "ZONA",
  "CODIGO_DM",
  "NOMBRE_DM",
  "TITULAR",
  "GENERADOR",
  "RESPONSABLE",
  "ESTUDIO_AMBIENTAL",
];

/**
 * Imports MINEM's PAM inventory annex (CSV or XLSX) into the liabilities. A first streamed pass reads the IDs
 * and row numbers only (an ID or N twice in the file refuses every row that has it: the file contradicts
 * itself; and it says which stored liabilities this annex no longer lists); the second validates each row,
 * reports the refused ones and upserts the rest by ID in batches, each liability written whole. At the end of a
 * whole run, OFFICIAL liabilities the annex does not list are marked no longer in the inventory (never deleted)
 * and the region counters are rebuilt. A problem with the whole file is an {@link ImportError} before writing.
 */
export async function importPam(models: Models, options: PamImportOptions): Promise<PamImportSummary> {
  const now = options.now ?? new Date();
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const open = (): Promise<TabularSource> =>
    openTabular(options.file, {
      columns: PAM_COLUMNS,
      required: PAM_REQUIRED,
      separator: options.separator,
      sheet: options.sheet,
      describe: "a PAM annex",
    });
  const sha256 = await fileSha256(options.file);
  const dataset = datasetName(options.file, sha256);
  const asOf = dayOf(options.asOf ?? now);
  const resolution = options.resolution?.trim() || null;
  const origin: ProvenanceDoc = provenance({
    kind: "OFFICIAL",
    dataset,
    source: PAM_PUBLISHER,
    url: PAM_URL,
    asOf,
    note: resolution
      ? `Anexo de la ${resolution}: inventario de pasivos ambientales mineros`
      : "Anexo del inventario de pasivos ambientales mineros (la importación no indicó la resolución)",
  });

  // First pass: IDs and row numbers only.
  const first = await open();
  const idLines = new Map<string, number[]>();
  const rowLines = new Map<number, number[]>();
  for await (const row of first.rows()) {
    const id = (row.cells?.ID ?? "").trim();
    if (id) idLines.set(id, [...(idLines.get(id) ?? []), row.line]);
    const n = parseAnnexNumber(row.cells?.N ?? "");
    if (n !== undefined && Number.isSafeInteger(n) && n > 0)
      rowLines.set(n, [...(rowLines.get(n) ?? []), row.line]);
  }

  const source = await open();
  const report = await RejectionReport.open(options.reportPath, {
    separator: source.separator,
    locator: "line",
    codeColumn: "ID",
  });
  const summary: PamImportSummary = {
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    noLongerListed: 0,
    batches: 0,
    regionsCorrected: 0,
    interrupted: false,
    format: source.format,
    sha256: null,
    dataset,
    reportPath: report.path,
    dryRun,
  };
  const context: Context = { models, dryRun, now, origin, resolution, asOf, dataset, fileIds: idLines };
  let failure: unknown;
  try {
    const reader = new PamRowReader();
    let batch: PamRow[] = [];
    const flush = async (): Promise<void> => {
      const outcome = await applyBatch(context, batch);
      batch = [];
      summary.batches++;
      summary.inserted += outcome.inserted;
      summary.updated += outcome.updated;
      summary.unchanged += outcome.unchanged;
      summary.noLongerListed += outcome.noLongerListed;
      options.onProgress?.({ bytes: source.bytesRead(), totalBytes: source.size, rows: summary.read });
      await options.afterBatch?.(summary.batches);
    };
    const refuse = async (rejections: Rejection[]): Promise<void> => {
      summary.rejected++;
      for (const rejection of rejections) await report.add(rejection);
    };
    for await (const row of source.rows()) {
      summary.read++;
      const code = (row.cells?.ID ?? "").trim();
      if ("reason" in row) {
        await refuse([{ line: row.line, code, field: row.field ?? "CSV", reason: row.reason }]);
        continue;
      }
      const sameId = code ? (idLines.get(code) ?? []) : [];
      if (sameId.length > 1) {
        const others = sameId.filter((line) => line !== row.line).join(", ");
        await refuse([
          {
            line: row.line,
            code,
            field: "ID",
            reason: `ID ${code} is also on line ${others}: no row of it is loaded`,
          },
        ]);
        continue;
      }
      const n = parseAnnexNumber(row.cells.N ?? "");
      const sameRow = n === undefined ? [] : (rowLines.get(n) ?? []);
      if (sameRow.length > 1) {
        const others = sameRow.filter((line) => line !== row.line).join(", ");
        await refuse([
          {
            line: row.line,
            code,
            field: "N",
            reason: `N ${n} is also on line ${others}: no row of it is loaded`,
          },
        ]);
        continue;
      }
      const parsed = reader.read(row.cells, row.line);
      if (Array.isArray(parsed)) {
        await refuse(parsed.map((problem) => ({ line: row.line, code, ...problem })));
        continue;
      }
      batch.push(parsed);
      if (batch.length >= batchSize) {
        await flush();
        if (options.signal?.aborted) {
          summary.interrupted = true;
          break;
        }
      }
    }
    if (!summary.interrupted) {
      if (batch.length > 0) await flush();
      summary.sha256 = source.sha256();
      summary.noLongerListed += await markUnlisted(context);
    }
    if (!dryRun) summary.regionsCorrected = await rebuildRegionStats(models);
  } catch (error) {
    failure = error;
    if (!dryRun && summary.batches > 0)
      summary.regionsCorrected = await rebuildRegionStats(models).catch(() => 0);
    throw error;
  } finally {
    await report.close();
    if (options.audit && !dryRun && !(failure instanceof ImportError && summary.batches === 0)) {
      await options.audit.log.record({
        viewer: options.audit.viewer,
        requestId: options.audit.requestId,
        operation: "importPam",
        args: { file: basename(options.file), sha256, resolution },
        outcome: importAuditOutcome(summary, failure),
        ...(failure instanceof ImportError && failure.field ? { field: failure.field } : {}),
        counts: {
          read: summary.read,
          inserted: summary.inserted,
          updated: summary.updated,
          unchanged: summary.unchanged,
          rejected: summary.rejected,
          noLongerListed: summary.noLongerListed,
          regionsCorrected: summary.regionsCorrected,
        },
      });
    }
  }
  return summary;
}

interface Context {
  models: Models;
  dryRun: boolean;
  now: Date;
  origin: ProvenanceDoc;
  resolution: string | null;
  asOf: Date;
  dataset: string;
  /** Every ID the file has, refused rows included: a refused row is still in the annex. */
  fileIds: ReadonlyMap<string, number[]>;
}

type Stored = LiabilityDoc & { _id: unknown };

/**
 * Upserts one batch by ID. Row numbers are unique: a stored liability holding a row number the batch gives to
 * another is first moved to a parked row (and, when the file does not list it, marked no longer listed), so each
 * write succeeds and every liability is written whole by one single-document operation; a rerun converges.
 */
async function applyBatch(
  context: Context,
  rows: readonly PamRow[],
): Promise<{ inserted: number; updated: number; unchanged: number; noLongerListed: number }> {
  const { models } = context;
  const outcome = { inserted: 0, updated: 0, unchanged: 0, noLongerListed: 0 };
  const stored = (await models.Liability.collection
    .find({ ID: { $in: rows.map((row) => row.fields.ID) } })
    .toArray()) as unknown as Stored[];
  const byId = new Map(stored.map((doc) => [doc.ID, doc]));

  const writes: PamRow[] = [];
  for (const row of rows) {
    const existing = byId.get(row.fields.ID);
    if (!existing) outcome.inserted++;
    else if (differs(existing, row.fields, context.resolution)) outcome.updated++;
    else {
      outcome.unchanged++;
      continue;
    }
    writes.push(row);
  }
  if (context.dryRun || writes.length === 0) return outcome;

  // Free the row numbers this batch takes from liabilities that hold them under another ID.
  const holders = (await models.Liability.collection
    .find(
      { N: { $in: writes.map((row) => row.fields.N) } },
      { projection: { ID: 1, N: 1, removedFromInventory: 1 } },
    )
    .toArray()) as unknown as Pick<Stored, "ID" | "N" | "removedFromInventory">[];
  const wanted = new Map(writes.map((row) => [row.fields.N, row.fields.ID]));
  const displaced = holders.filter((holder) => wanted.get(holder.N) !== holder.ID);
  if (displaced.length > 0) {
    const counter = await models.Sequence.collection.findOneAndUpdate(
      { _id: PARK_SEQUENCE as never },
      { $inc: { value: displaced.length } },
      { upsert: true, returnDocument: "after" },
    );
    let place = PARKED_ROWS + ((counter?.value as number) ?? displaced.length) - displaced.length;
    const parks: mongo.AnyBulkWriteOperation[] = displaced.map((holder) => {
      const set: Record<string, unknown> = { N: place++ };
      if (!context.fileIds.has(holder.ID) && !holder.removedFromInventory) {
        set.removedFromInventory = removal(context, holder.N);
        outcome.noLongerListed++;
      }
      return { updateOne: { filter: { ID: holder.ID, N: holder.N }, update: { $set: set } } };
    });
    await models.Liability.collection.bulkWrite(parks, { ordered: false });
  }

  const ops: mongo.AnyBulkWriteOperation[] = writes.map((row) => {
    const existing = byId.get(row.fields.ID);
    const set: Record<string, unknown> = {
      ...row.fields,
      inventoryResolution: context.resolution ?? existing?.inventoryResolution ?? "not named at import",
      provenance: context.origin,
      removedFromInventory: null,
      updatedAt: context.now,
    };
    // A responsible party's RUC belongs to the name it was found for: a new name drops it.
    if (existing && (existing.RESPONSABLE ?? null) !== row.fields.RESPONSABLE) set.responsibleRuc = null;
    return {
      updateOne: {
        filter: { ID: row.fields.ID },
        update: {
          $set: set,
          $setOnInsert: { riskHistory: [], riskLevel: null, responsibleRuc: null, createdAt: context.now },
        },
        upsert: true,
      },
    };
  });
  await models.Liability.collection.bulkWrite(ops, { ordered: true });
  return outcome;
}

function differs(existing: Stored, fields: PamFields, resolution: string | null): boolean {
  if (existing.removedFromInventory) return true;
  if (resolution !== null && existing.inventoryResolution !== resolution) return true;
  return FIELDS.some((name) => (existing[name] ?? null) !== fields[name]);
}

function removal(context: Context, lastRow: number): LiabilityDoc["removedFromInventory"] {
  return { since: context.asOf, resolution: context.resolution, dataset: context.dataset, lastRow };
}

/**
 * Marks the liabilities an earlier annex listed (OFFICIAL) that this one does not: never deleted, kept with the
 * day, resolution and file of the annex that dropped them. Demo liabilities are no annex's and are left alone.
 */
async function markUnlisted(context: Context): Promise<number> {
  const { models } = context;
  const unlisted = (await models.Liability.collection
    .find(
      {
        "provenance.kind": "OFFICIAL",
        removedFromInventory: null,
        ID: { $nin: [...context.fileIds.keys()] },
      },
      { projection: { ID: 1, N: 1 } },
    )
    .toArray()) as unknown as Pick<Stored, "ID" | "N">[];
  if (context.dryRun || unlisted.length === 0) return unlisted.length;
  await models.Liability.collection.bulkWrite(
    unlisted.map((liability) => ({
      updateOne: {
        filter: { ID: liability.ID, removedFromInventory: null },
        update: { $set: { removedFromInventory: removal(context, liability.N), updatedAt: context.now } },
      },
    })),
    { ordered: false },
  );
  return unlisted.length;
}

function dayOf(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

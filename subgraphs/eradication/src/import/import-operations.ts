import { basename } from "node:path";
import type { AnyBulkWriteOperation } from "mongoose";
import {
  datasetName,
  importAuditOutcome,
  ImportError,
  openTabular,
  PlaceMatcher,
  provenance,
  RejectionReport,
  type ImportRun,
  type Rejection,
  type TabularRow,
} from "@tinkuy/kit";
import { recordOperationInput } from "../inputs.ts";
import type { Models, OperationDoc } from "../models.ts";
import { ERADICATION_AGENCY } from "../provenance.ts";
import { migrateImportKeys } from "../migrate-import-keys.ts";
import { applyNettedChange, recoverPendingCounts } from "../region-stats.ts";
import { StatsChange } from "../stats-change.ts";
import { keyedId } from "../writes/keyed-id.ts";
import {
  ACTION_TERMS,
  AGENCY_TERMS,
  ALL_COLUMNS,
  COLUMNS,
  ITEM_TERMS,
  REQUIRED_COLUMNS,
  SOURCE_KIND_TERMS,
  term,
  termsOf,
  TYPE_TERMS,
  UNIT_TERMS,
  type Column,
} from "./template.ts";

/** What a run did. */
export interface OperationsSummary {
  dryRun: boolean;
  /** Data rows read. */
  read: number;
  /** Operations (groups of rows sharing a REFERENCIA) found, and what became of them. */
  operations: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Operations refused (all their rows); the report has one line per problem. */
  rejected: number;
  /**
   * Region counters (one region's month: department, province or district) the run changed or created: only
   * where the operations it wrote are and were (0 when it wrote nothing). A run that finds an earlier one's
   * operations without their counters (it stopped in between) rebuilds them all first and counts those too.
   */
  regionCounters: number;
  reportPath: string;
  sha256: string;
  dataset: string;
  interrupted: boolean;
}

export interface ImportOperationsOptions extends Partial<ImportRun> {
  file: string;
  reportPath: string;
  dryRun: boolean;
  /** Who wrote the records (`import:<user>`), kept in `recordedBy` for staff. */
  recordedBy: string;
}

/**
 * The identifier of an imported operation: `EO-<year>-` and ten base-32 characters of a hash of the agency's
 * reference, under a kind of its own so that no client's idempotency key gives the same one.
 */
export function importedOperationId(date: Date, reference: string): string {
  return keyedId("EO", "imported-operation", date, reference);
}

/** The fields that make an operation what it is: compared to tell an update from an unchanged row. */
const COMPARED = [
  "name",
  "date",
  "district",
  "latitude",
  "longitude",
  "agencies",
  "type",
  "legalBasis",
  "targetRucs",
  "results",
  "arrests",
  "source",
] as const;

const BATCH = 200;

/**
 * Reads an operations file (CSV or XLSX, docs/templates/operaciones.md) and upserts each operation by the
 * agency's REFERENCIA: every rule `recordEnforcementOperation` applies, an operation refused whole when any of
 * its rows is wrong or its rows disagree on the operation's own columns; provenance OFFICIAL with the file's
 * dataset; the counters of the regions and months its operations are and were in moved with each batch (see
 * {@link writeBatch}); one audit entry per run that writes.
 */
export async function importOperations(
  models: Models,
  options: ImportOperationsOptions,
): Promise<OperationsSummary> {
  const source = await openTabular(options.file, {
    columns: ALL_COLUMNS,
    required: REQUIRED_COLUMNS,
    describe: "an operations file (docs/templates/operaciones.md)",
  });
  const report = await RejectionReport.open(options.reportPath, {
    separator: source.separator,
    codeColumn: COLUMNS.reference,
  });
  const summary: OperationsSummary = {
    dryRun: options.dryRun,
    read: 0,
    operations: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    regionCounters: 0,
    reportPath: options.reportPath,
    sha256: "",
    dataset: "",
    interrupted: false,
  };
  let failure: unknown;
  try {
    // Weekly reports are small: the rows are read streamed and grouped by REFERENCIA, then each operation is
    // validated whole (its rows may be anywhere in the file).
    const groups = new Map<string, TabularRow[]>();
    const problems: Rejection[] = [];
    let rowCount = 0;
    for await (const row of source.rows()) {
      rowCount++;
      summary.read = rowCount;
      if (!("cells" in row) || !isRow(row)) {
        problems.push({
          line: row.line,
          code: row.cells?.[COLUMNS.reference] ?? "",
          field: row.field ?? "CSV",
          reason: row.reason,
        });
        continue;
      }
      const reference = row.cells[COLUMNS.reference] ?? "";
      if (reference === "") {
        problems.push({ line: row.line, code: "", field: COLUMNS.reference, reason: "must not be empty" });
        continue;
      }
      const group = groups.get(reference);
      if (group) group.push(row);
      else groups.set(reference, [row]);
      if (rowCount % 100 === 0) {
        options.onProgress?.({ bytes: source.bytesRead(), totalBytes: source.size, rows: rowCount });
      }
    }
    options.onProgress?.({ bytes: source.size, totalBytes: source.size, rows: rowCount });
    summary.sha256 = source.sha256();
    summary.dataset = datasetName(options.file, summary.sha256);
    for (const problem of problems) await report.add(problem);
    summary.rejected += problems.length;

    if (!options.dryRun) {
      await migrateImportKeys(models);
      summary.regionCounters += await recoverPendingCounts(models);
    }
    const docs: OperationDoc[] = [];
    const recordedAt = new Date();
    for (const [reference, rows] of groups) {
      summary.operations++;
      const built = buildOperation(reference, rows, {
        dataset: summary.dataset,
        recordedBy: options.recordedBy,
        recordedAt,
      });
      if ("problems" in built) {
        summary.rejected++;
        for (const problem of built.problems) await report.add(problem);
      } else docs.push(built.doc);
    }

    for (let start = 0; start < docs.length; start += BATCH) {
      if (options.signal?.aborted) {
        summary.interrupted = true;
        break;
      }
      await writeBatch(models, docs.slice(start, start + BATCH), summary, options.dryRun);
    }
    return summary;
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    await report.close();
    if (options.audit && !options.dryRun && !(failure instanceof ImportError)) {
      await options.audit.log.record({
        viewer: options.audit.viewer,
        requestId: options.audit.requestId,
        operation: "importOperations",
        args: { file: basename(options.file), sha256: summary.sha256 },
        outcome: importAuditOutcome(summary, failure),
        counts: {
          read: summary.read,
          operations: summary.operations,
          inserted: summary.inserted,
          updated: summary.updated,
          unchanged: summary.unchanged,
          rejected: summary.rejected,
          regionCounters: summary.regionCounters,
        },
      });
    }
  }
}

function isRow(row: TabularRow | { line: number; reason: string }): row is TabularRow {
  return "cells" in row && !("reason" in row);
}

/**
 * Upserts one batch by `importReference` and moves the counters by what changed, with the API's own counter
 * updates ({@link StatsChange}, as `recordEnforcementOperation` moves them): an inserted operation counted where
 * it is, an updated one uncounted where it was (its stored district, month, items and dataset) and counted where
 * it is, netted so that regions and months it stays in are not written. The operations are written marked
 * `countersPending` (with where they were counted before) and unmarked once the counters have moved, so a run
 * that stops in between leaves marks the next run repairs before it writes (`recoverPendingCounts`).
 */
async function writeBatch(
  models: Models,
  docs: OperationDoc[],
  summary: OperationsSummary,
  dryRun: boolean,
): Promise<void> {
  const references = docs.map((doc) => doc.importReference as string);
  const existing = new Map(
    (await models.Operation.find({ importReference: { $in: references } }).lean<OperationDoc[]>()).map(
      (doc) => [doc.importReference, doc],
    ),
  );
  const writes: AnyBulkWriteOperation<OperationDoc>[] = [];
  const written: string[] = [];
  const change = new StatsChange();
  for (const doc of docs) {
    const before = existing.get(doc.importReference);
    if (before && sameOperation(before, doc)) {
      summary.unchanged++;
      continue;
    }
    if (before) summary.updated++;
    else summary.inserted++;
    if (before) change.add(before, -1);
    change.add(doc, 1);
    written.push(doc.importReference as string);
    // The identifier is kept from the first import: a corrected date does not move the operation.
    const { id, ...fields } = doc;
    writes.push({
      updateOne: {
        filter: { importReference: doc.importReference ?? "" },
        update: {
          $set: {
            ...fields,
            countersPending: { from: before ? { district: before.district, date: before.date } : null },
          },
          $setOnInsert: { id },
        },
        upsert: true,
      },
    });
  }
  if (dryRun || writes.length === 0) return;
  await models.Operation.bulkWrite(writes, { ordered: false });
  summary.regionCounters += await applyNettedChange(models, change);
  await models.Operation.updateMany(
    { importReference: { $in: written } },
    { $unset: { countersPending: "" } },
  );
}

function sameOperation(a: OperationDoc, b: OperationDoc): boolean {
  const pick = (doc: OperationDoc) =>
    JSON.stringify(
      COMPARED.map((field) => {
        const value = doc[field] as unknown;
        if (field === "results") {
          return (doc.results ?? []).map((r) => [r.item, r.action, r.quantity, r.unit, r.cents]);
        }
        if (field === "source") return [doc.source.kind, doc.source.reference, doc.source.url ?? null];
        return value instanceof Date ? value.toISOString() : (value ?? null);
      }),
    );
  return pick(a) === pick(b) && a.provenance.dataset === b.provenance.dataset;
}

/** The operation's own columns: every row of one REFERENCIA must give them the same (or leave them empty). */
const OPERATION_COLUMNS: readonly Column[] = [
  COLUMNS.date,
  COLUMNS.name,
  COLUMNS.agencies,
  COLUMNS.type,
  COLUMNS.legalBasis,
  COLUMNS.ubigeo,
  COLUMNS.department,
  COLUMNS.province,
  COLUMNS.district,
  COLUMNS.latitude,
  COLUMNS.longitude,
  COLUMNS.arrests,
  COLUMNS.targetRucs,
  COLUMNS.sourceKind,
  COLUMNS.sourceReference,
  COLUMNS.url,
];

const places = new PlaceMatcher({
  department: COLUMNS.department,
  province: COLUMNS.province,
  district: COLUMNS.district,
});

/** The zod path of an input field, as the template's column. */
function columnOf(path: readonly PropertyKey[]): string {
  const [first, index, inner] = path;
  switch (typeof first === "string" ? first : "") {
    case "results":
      return (
        {
          item: COLUMNS.item,
          action: COLUMNS.action,
          quantity: COLUMNS.quantity,
          unit: COLUMNS.unit,
          value: COLUMNS.value,
        }[String(inner)] ?? COLUMNS.item
      );
    case "source":
      return index === "url" ? COLUMNS.url : index === "kind" ? COLUMNS.sourceKind : COLUMNS.sourceReference;
    case "date":
      return COLUMNS.date;
    case "ubigeo":
      return COLUMNS.ubigeo;
    case "agencies":
      return COLUMNS.agencies;
    case "type":
      return COLUMNS.type;
    case "legalBasis":
      return COLUMNS.legalBasis;
    case "targetRucs":
      return COLUMNS.targetRucs;
    case "arrests":
      return COLUMNS.arrests;
    case "latitude":
      return COLUMNS.latitude;
    case "longitude":
      return COLUMNS.longitude;
    case "name":
      return COLUMNS.name;
    default:
      return String(first ?? "");
  }
}

/** A result line's row: its line, for a problem found by the input's rules on `results[i]`. */
function buildOperation(
  reference: string,
  rows: TabularRow[],
  context: { dataset: string; recordedBy: string; recordedAt: Date },
): { doc: OperationDoc } | { problems: Rejection[] } {
  const first = rows[0] as TabularRow;
  const problems: Rejection[] = [];
  const refuse = (line: number, field: string, reason: string) =>
    problems.push({ line, code: reference, field, reason });
  const cell = (row: TabularRow, column: Column) => row.cells[column] ?? "";

  // The operation's columns, from the first row that fills each; a later row that says otherwise contradicts it.
  const value = new Map<Column, string>();
  for (const column of OPERATION_COLUMNS) {
    for (const row of rows) {
      const v = cell(row, column);
      if (v === "") continue;
      const seen = value.get(column);
      if (seen === undefined) value.set(column, v);
      else if (seen !== v) {
        refuse(
          row.line,
          column,
          `the operation's rows disagree: ${JSON.stringify(seen)} and ${JSON.stringify(v)}`,
        );
      }
    }
  }
  const get = (column: Column) => value.get(column) ?? "";

  const date = parseDate(get(COLUMNS.date));
  if (date === null) refuse(first.line, COLUMNS.date, "must be a date, AAAA-MM-DD or DD/MM/AAAA");

  const agencies: string[] = [];
  for (const part of get(COLUMNS.agencies).split(/[/,;]/)) {
    if (part.trim() === "") continue;
    const agency = AGENCY_TERMS[term(part)];
    if (agency) agencies.push(agency);
    else
      refuse(
        first.line,
        COLUMNS.agencies,
        `unknown agency ${JSON.stringify(part.trim())}: one of ${termsOf(AGENCY_TERMS)}`,
      );
  }
  const type = lookup(TYPE_TERMS, get(COLUMNS.type), first.line, COLUMNS.type, refuse);

  let ubigeo = get(COLUMNS.ubigeo);
  if (ubigeo === "") {
    const [dep, prov, dist] = [get(COLUMNS.department), get(COLUMNS.province), get(COLUMNS.district)];
    if (dep === "" && prov === "" && dist === "") {
      refuse(first.line, COLUMNS.ubigeo, "give the UBIGEO or DEPARTAMENTO, PROVINCIA and DISTRITO");
    } else {
      const match = places.match(dep, prov, dist);
      if ("district" in match) ubigeo = match.district.ubigeo;
      else refuse(first.line, match.field, match.reason);
    }
  }
  const latitude = optionalNumber(get(COLUMNS.latitude), first.line, COLUMNS.latitude, refuse);
  const longitude = optionalNumber(get(COLUMNS.longitude), first.line, COLUMNS.longitude, refuse);
  const arrests = wholeNumber(get(COLUMNS.arrests), first.line, COLUMNS.arrests, refuse);
  const sourceKind =
    get(COLUMNS.sourceKind) === ""
      ? "OFFICIAL_RECORD"
      : lookup(SOURCE_KIND_TERMS, get(COLUMNS.sourceKind), first.line, COLUMNS.sourceKind, refuse);

  const results: unknown[] = [];
  const resultLines: number[] = [];
  for (const row of rows) {
    const item = cell(row, COLUMNS.item);
    if (item === "") {
      for (const column of [COLUMNS.action, COLUMNS.quantity, COLUMNS.unit, COLUMNS.value]) {
        if (cell(row, column) !== "") refuse(row.line, COLUMNS.item, `empty, but ${column} is filled`);
      }
      continue;
    }
    const quantity = parseDecimal(cell(row, COLUMNS.quantity));
    if (quantity === null) refuse(row.line, COLUMNS.quantity, "must be a number");
    const soles = cell(row, COLUMNS.value).replace(/^S\/\s*/i, "");
    results.push({
      item: lookup(ITEM_TERMS, item, row.line, COLUMNS.item, refuse),
      action: lookup(ACTION_TERMS, cell(row, COLUMNS.action), row.line, COLUMNS.action, refuse),
      quantity: quantity ?? 0,
      unit: lookup(UNIT_TERMS, cell(row, COLUMNS.unit), row.line, COLUMNS.unit, refuse),
      value: /^\d+,\d{1,2}$/.test(soles) ? soles.replace(",", ".") : soles,
    });
    resultLines.push(row.line);
  }
  if (problems.length > 0) return { problems };

  const parsed = recordOperationInput.safeParse({
    name: get(COLUMNS.name) || null,
    date,
    ubigeo,
    latitude,
    longitude,
    agencies,
    type,
    legalBasis: get(COLUMNS.legalBasis),
    targetRucs: get(COLUMNS.targetRucs)
      .split(/[/,;\s]+/)
      .filter((ruc) => ruc !== ""),
    results,
    arrests,
    source: { kind: sourceKind, reference: get(COLUMNS.sourceReference), url: get(COLUMNS.url) || null },
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const line =
        issue.path[0] === "results" ? (resultLines[Number(issue.path[1])] ?? first.line) : first.line;
      refuse(line, columnOf(issue.path), issue.message);
    }
    return { problems };
  }
  const input = parsed.data;
  const lines = input.results.map((line) => ({
    item: line.item,
    action: line.action,
    quantity: line.quantity,
    unit: line.unit,
    cents: line.value,
  }));
  return {
    doc: {
      id: importedOperationId(input.date, reference),
      name: input.name ?? null,
      date: input.date,
      department: input.ubigeo.slice(0, 2),
      province: input.ubigeo.slice(0, 4),
      district: input.ubigeo,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      agencies: input.agencies,
      type: input.type,
      legalBasis: input.legalBasis,
      targetRucs: input.targetRucs,
      results: lines,
      totalCents: lines.reduce((sum, line) => sum + line.cents, 0),
      arrests: input.arrests,
      source: { kind: input.source.kind, reference: input.source.reference, url: input.source.url ?? null },
      recordedBy: context.recordedBy,
      recordedAt: context.recordedAt,
      // An agency's file is its official report: OFFICIAL, the file as the dataset, as of the operation's day.
      provenance: provenance({
        kind: "OFFICIAL",
        dataset: context.dataset,
        source: input.source.reference,
        url: input.source.url ?? null,
        asOf: input.date,
        note: `operation ${reference} of an agency's report, loaded by ${ERADICATION_AGENCY}`,
      }),
      importReference: reference,
    },
  };
}

function lookup<T extends string>(
  terms: Readonly<Record<string, T>>,
  raw: string,
  line: number,
  column: Column,
  refuse: (line: number, field: string, reason: string) => void,
): T | undefined {
  if (raw === "") {
    refuse(line, column, "must not be empty");
    return undefined;
  }
  const found = terms[term(raw)];
  if (!found) refuse(line, column, `unknown value ${JSON.stringify(raw)}: one of ${termsOf(terms)}`);
  return found;
}

/** `12.5` or `12,5` (the decimal comma); no thousands separators. */
function parseDecimal(raw: string): number | null {
  const text = /^-?\d+,\d+$/.test(raw) ? raw.replace(",", ".") : raw;
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

function optionalNumber(
  raw: string,
  line: number,
  column: Column,
  refuse: (line: number, field: string, reason: string) => void,
): number | null {
  if (raw === "") return null;
  const n = parseDecimal(raw);
  if (n === null) refuse(line, column, "must be a number");
  return n;
}

function wholeNumber(
  raw: string,
  line: number,
  column: Column,
  refuse: (line: number, field: string, reason: string) => void,
): number {
  if (raw === "") return 0;
  if (!/^\d+$/.test(raw)) {
    refuse(line, column, "must be a whole number from 0");
    return 0;
  }
  return Number(raw);
}

/** `2025-09-26` (or an XLSX date's ISO form) or `26/09/2025`: a calendar date at midnight UTC. */
export function parseDate(raw: string): Date | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})(T[\d:.]+Z?)?$/.exec(raw);
  let [y, mo, d] = m ? [m[1], m[2], m[3]] : [];
  if (!m) {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
    if (!m) return null;
    [d, mo, y] = [m[1], m[2], m[3]];
  }
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d) ? date : null;
}

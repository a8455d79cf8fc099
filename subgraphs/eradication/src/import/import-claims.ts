import { basename } from "node:path";
import type { AnyBulkWriteOperation } from "mongoose";
import {
  datasetName,
  ImportError,
  importAuditOutcome,
  openTabular,
  provenance,
  RejectionReport,
  type Rejection,
  type TabularRow,
} from "@tinkuy/kit";
import { todayInLima } from "../inputs.ts";
import { migrateImportKeys } from "../migrate-import-keys.ts";
import type { Models, ReportedFigureDoc } from "../models.ts";
import { recordReportedFigureInput } from "../reported-figure-inputs.ts";
import { keyedId } from "../writes/keyed-id.ts";
import type { ImportOperationsOptions, OperationsSummary } from "./import-operations.ts";
import { parseDate } from "./import-operations.ts";
import { term, termsOf } from "./template.ts";

/**
 * The claims template (docs/templates/operaciones.md, "Cifras declaradas"): one row per figure an authority
 * stated (`ReportedFigure`), kept beside the itemized operations, never added to them.
 */
export const CLAIM_COLUMNS = {
  reference: "REFERENCIA",
  claim: "DECLARACION",
  measure: "MEDIDA",
  qualifier: "CALIFICADOR",
  value: "VALOR",
  from: "DESDE",
  to: "HASTA",
  ubigeo: "UBIGEO",
  reportedBy: "DECLARANTE",
  reportedOn: "FECHA DECLARACION",
  url: "URL",
  note: "NOTA",
} as const;
type ClaimColumn = (typeof CLAIM_COLUMNS)[keyof typeof CLAIM_COLUMNS];

const REQUIRED: readonly ClaimColumn[] = [
  CLAIM_COLUMNS.reference,
  CLAIM_COLUMNS.claim,
  CLAIM_COLUMNS.measure,
  CLAIM_COLUMNS.value,
  CLAIM_COLUMNS.from,
  CLAIM_COLUMNS.to,
  CLAIM_COLUMNS.reportedBy,
  CLAIM_COLUMNS.reportedOn,
];

export const MEASURE_TERMS = {
  OPERACIONES: "OPERATIONS",
  VALOR: "VALUE",
  "VALOR DESTRUIDO": "VALUE_DESTROYED",
  "VALOR INCAUTADO": "VALUE_SEIZED",
  DETENIDOS: "ARRESTS",
} as const;

export const QUALIFIER_TERMS = {
  EXACTO: "EXACT",
  "MAS DE": "MORE_THAN",
  "MENOS DE": "LESS_THAN",
  APROXIMADAMENTE: "ABOUT",
} as const;

const FIELD_COLUMN: Record<string, ClaimColumn> = {
  claim: CLAIM_COLUMNS.claim,
  measure: CLAIM_COLUMNS.measure,
  qualifier: CLAIM_COLUMNS.qualifier,
  value: CLAIM_COLUMNS.value,
  from: CLAIM_COLUMNS.from,
  to: CLAIM_COLUMNS.to,
  ubigeo: CLAIM_COLUMNS.ubigeo,
  reportedBy: CLAIM_COLUMNS.reportedBy,
  reportedOn: CLAIM_COLUMNS.reportedOn,
  url: CLAIM_COLUMNS.url,
  note: CLAIM_COLUMNS.note,
};

/** Compared to tell an updated claim from an unchanged one (its verification is the hub's, never the file's). */
const COMPARED = [
  "claim",
  "measure",
  "qualifier",
  "hundredths",
  "from",
  "to",
  "region",
  "reportedBy",
  "reportedOn",
  "url",
] as const;

/**
 * Reads a claims file and upserts each claim by its REFERENCIA, under every rule `recordReportedFigure`
 * applies; a REFERENCIA twice in one file refuses both rows. A claim keeps its verification across imports.
 * Provenance REPORTED (a claim is what its claimant said), the file's dataset, as of the day it was made.
 */
export async function importClaims(
  models: Models,
  options: ImportOperationsOptions,
): Promise<OperationsSummary> {
  const source = await openTabular(options.file, {
    columns: Object.values(CLAIM_COLUMNS),
    required: REQUIRED,
    describe: "a claims file (docs/templates/operaciones.md)",
  });
  const report = await RejectionReport.open(options.reportPath, {
    separator: source.separator,
    codeColumn: CLAIM_COLUMNS.reference,
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
    const rows: TabularRow[] = [];
    const seen = new Map<string, number>();
    for await (const row of source.rows()) {
      summary.read++;
      if ("reason" in row) {
        summary.rejected++;
        await report.add({
          line: row.line,
          code: row.cells?.[CLAIM_COLUMNS.reference] ?? "",
          field: row.field ?? "CSV",
          reason: row.reason,
        });
        continue;
      }
      rows.push(row);
      const ref = row.cells[CLAIM_COLUMNS.reference] ?? "";
      seen.set(ref, (seen.get(ref) ?? 0) + 1);
    }
    options.onProgress?.({ bytes: source.size, totalBytes: source.size, rows: summary.read });
    summary.sha256 = source.sha256();
    summary.dataset = datasetName(options.file, summary.sha256);
    const recordedAt = new Date();
    const docs: ReportedFigureDoc[] = [];
    for (const row of rows) {
      summary.operations++;
      const problems = [] as Rejection[];
      const ref = row.cells[CLAIM_COLUMNS.reference] ?? "";
      const refuse = (field: string, reason: string) =>
        problems.push({ line: row.line, code: ref, field, reason });
      const cell = (c: ClaimColumn) => row.cells[c] ?? "";
      if (ref === "") refuse(CLAIM_COLUMNS.reference, "must not be empty");
      else if ((seen.get(ref) ?? 0) > 1)
        refuse(CLAIM_COLUMNS.reference, "appears more than once in the file");
      const measure = (MEASURE_TERMS as Record<string, string>)[term(cell(CLAIM_COLUMNS.measure))];
      if (!measure)
        refuse(
          CLAIM_COLUMNS.measure,
          `unknown value ${JSON.stringify(cell(CLAIM_COLUMNS.measure))}: one of ${termsOf(MEASURE_TERMS)}`,
        );
      const qualifierText = cell(CLAIM_COLUMNS.qualifier);
      const qualifier =
        qualifierText === "" ? null : (QUALIFIER_TERMS as Record<string, string>)[term(qualifierText)];
      if (qualifier === undefined)
        refuse(
          CLAIM_COLUMNS.qualifier,
          `unknown value ${JSON.stringify(qualifierText)}: one of ${termsOf(QUALIFIER_TERMS)}`,
        );
      const dates = [CLAIM_COLUMNS.from, CLAIM_COLUMNS.to, CLAIM_COLUMNS.reportedOn].map((c) => {
        const date = parseDate(cell(c));
        if (date === null) refuse(c, "must be a date, AAAA-MM-DD or DD/MM/AAAA");
        return date;
      });
      if (problems.length === 0) {
        const raw = cell(CLAIM_COLUMNS.value).replace(/^S\/\s*/i, "");
        const parsed = recordReportedFigureInput.safeParse({
          claim: cell(CLAIM_COLUMNS.claim),
          measure,
          qualifier,
          value: /^\d+,\d{1,2}$/.test(raw) ? raw.replace(",", ".") : raw,
          from: dates[0],
          to: dates[1],
          ubigeo: cell(CLAIM_COLUMNS.ubigeo) || null,
          reportedBy: cell(CLAIM_COLUMNS.reportedBy),
          reportedOn: dates[2],
          url: cell(CLAIM_COLUMNS.url) || null,
          note: cell(CLAIM_COLUMNS.note) || null,
        });
        if (parsed.success) {
          const input = parsed.data;
          const region = input.ubigeo;
          docs.push({
            // A kind of its own: no client's idempotency key gives an imported claim's identifier.
            id: keyedId("RF", "imported-reported-figure", input.reportedOn, ref),
            claim: input.claim,
            measure: input.measure,
            qualifier: input.qualifier,
            hundredths: input.value,
            from: input.from,
            to: input.to,
            region,
            department: region ? region.slice(0, 2) : null,
            province: region && region.length >= 4 ? region.slice(0, 4) : null,
            reportedBy: input.reportedBy,
            reportedOn: input.reportedOn,
            url: input.url,
            verification: "UNVERIFIED",
            verificationNote: null,
            verifiedOn: todayInLima(recordedAt),
            verificationHistory: [],
            recordedBy: options.recordedBy,
            recordedAt,
            provenance: provenance({
              kind: "REPORTED",
              dataset: summary.dataset,
              source: input.reportedBy,
              url: input.url,
              asOf: input.reportedOn,
              note: `claim ${ref} of an agency's file${input.note ? `; ${input.note}` : ""}`,
            }),
            importReference: ref,
          });
        } else {
          for (const issue of parsed.error.issues) {
            refuse(FIELD_COLUMN[String(issue.path[0])] ?? String(issue.path[0] ?? ""), issue.message);
          }
        }
      }
      if (problems.length > 0) {
        summary.rejected++;
        for (const problem of problems) await report.add(problem);
      }
    }
    if (options.signal?.aborted) summary.interrupted = true;
    else await writeClaims(models, docs, summary, options.dryRun);
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
        operation: "importReportedFigures",
        args: { file: basename(options.file), sha256: summary.sha256 },
        outcome: importAuditOutcome(summary, failure),
        counts: {
          read: summary.read,
          inserted: summary.inserted,
          updated: summary.updated,
          unchanged: summary.unchanged,
          rejected: summary.rejected,
        },
      });
    }
  }
}

async function writeClaims(
  models: Models,
  docs: ReportedFigureDoc[],
  summary: OperationsSummary,
  dryRun: boolean,
): Promise<void> {
  if (!dryRun) await migrateImportKeys(models);
  const existing = new Map(
    (
      await models.ReportedFigure.find({
        importReference: { $in: docs.map((d) => d.importReference ?? "") },
      }).lean<ReportedFigureDoc[]>()
    ).map((doc) => [doc.importReference, doc]),
  );
  const writes: AnyBulkWriteOperation<ReportedFigureDoc>[] = [];
  const pick = (doc: ReportedFigureDoc) =>
    JSON.stringify(COMPARED.map((f) => (doc[f] instanceof Date ? doc[f].toISOString() : (doc[f] ?? null))));
  for (const doc of docs) {
    const before = existing.get(doc.importReference);
    if (before && pick(before) === pick(doc) && before.provenance.dataset === doc.provenance.dataset) {
      summary.unchanged++;
      continue;
    }
    if (before) summary.updated++;
    else summary.inserted++;
    const { id, verification, verificationNote, verifiedOn, verificationHistory, ...fields } = doc;
    writes.push({
      updateOne: {
        filter: { importReference: doc.importReference ?? "" },
        update: {
          $set: fields,
          $setOnInsert: { id, verification, verificationNote, verifiedOn, verificationHistory },
        },
        upsert: true,
      },
    });
  }
  if (!dryRun && writes.length > 0) await models.ReportedFigure.bulkWrite(writes, { ordered: false });
}

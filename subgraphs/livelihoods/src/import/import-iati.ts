import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import {
  canonicalJson,
  datasetName,
  fileSha256,
  importAuditOutcome,
  ImportError,
  RejectionReport,
  type ImportRun,
} from "@tinkuy/kit";
import { ORG_ROLE } from "../iati.ts";
import type { Models, ProjectDoc } from "../models.ts";
import { rebuildRegionMoney } from "../region-stats.ts";
import { mapActivity, type ImportedProject } from "./activity.ts";
import { districtAt as defaultLookup, type DistrictLookup } from "./district.ts";
import { InvalidIatiFile } from "./import-error.ts";
import { validateIati } from "./validate.ts";
import { readActivities } from "./xml.ts";

/** What to import, and how. */
export interface IatiImportOptions extends Partial<ImportRun> {
  /** The donor's IATI 2.03 activity file. */
  file: string;
  /** Where refused and skipped activities go (created or emptied on every run, dry runs included). */
  reportPath: string;
  /** Validate, count and report, without writing to the database. */
  dryRun?: boolean;
  /** Who the status histories and transactions name as having recorded them (e.g. `import:iati`). */
  recordedBy: string;
  /** The import's clock: the `createdAt`/`updatedAt` and `recordedAt` it writes. */
  now?: Date;
  /** The point-to-district lookup (the kit's, by INEI's boundaries). */
  districtAt?: DistrictLookup;
  /** The largest file read, in bytes ({@link MAX_IATI_FILE_BYTES} by default). */
  maxFileBytes?: number;
  /** Called after each activity is written (its number, from 1): where tests interrupt an import. */
  afterWrite?: (written: number) => void | Promise<void>;
}

/** What an import did (a dry run: what it would do). */
export interface IatiImportSummary {
  /** `iati-activity` elements read. */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Activities refused (each with one line per problem in the report). */
  rejected: number;
  /** Activities not in Peru, listed in the report. */
  skipped: number;
  /** Region money counters after the rebuild that reconciles them with the projects. */
  regionCounters: number;
  interrupted: boolean;
  sha256: string;
  reportPath: string;
  dryRun: boolean;
}

/** The fields an activity's import writes, compared to tell an unchanged project (timestamps aside). */
function content(project: Pick<ProjectDoc, keyof ImportedProject>): string {
  const plain = JSON.parse(
    JSON.stringify({
      ...project,
      transactions: project.transactions.map(({ recordedAt: _at, ...rest }) => rest),
    }),
  ) as unknown;
  return canonicalJson(plain);
}

const FIELDS: (keyof ImportedProject)[] = [
  "iatiIdentifier",
  "reportingOrg",
  "title",
  "description",
  "activityStatus",
  "activityDates",
  "participatingOrgs",
  "sectors",
  "locations",
  "regionCodes",
  "defaultCurrency",
  "budgets",
  "transactions",
  "results",
  "statusHistory",
  "provenance",
];

/**
 * The largest activity file read. The XSD validation that must pass before anything is written reads a document
 * whole (xmllint has no streaming validation in its WebAssembly build), so this importer cannot stream as the
 * tabular and GeoJSON ones do; it bounds the file instead, at the size IATI's own tools take (about 60 MB; the
 * Standard's guidance since a 2014 Steering Committee paper is 40 MB: IATI/IATI-Standard-SSOT#731). Publishers
 * split larger files by recipient country, which is how the largest are published.
 */
export const MAX_IATI_FILE_BYTES = 60 * 2 ** 20;

/**
 * Imports a donor's IATI 2.03 activity file into the livelihood projects: the file is validated against the
 * official XSD first (an invalid file is an {@link InvalidIatiFile}, nothing written), parsed with
 * fast-xml-parser, and each activity in Peru mapped and held to the registration's rules (`mapActivity`); one
 * refused activity, or one not in Peru (skipped), is a line in the report while the others load. An identifier
 * twice in the file refuses every occurrence: the file contradicts itself. Projects are upserted by IATI
 * identifier (their beneficiaries, enrollments and write log kept), the funding organisations recorded as
 * donors, and the region money counters rebuilt from the projects at the end.
 */
export async function importIati(models: Models, options: IatiImportOptions): Promise<IatiImportSummary> {
  const now = options.now ?? new Date();
  const dryRun = options.dryRun ?? false;
  let xml: string;
  let size: number;
  try {
    size = (await stat(options.file)).size;
    const limit = options.maxFileBytes ?? MAX_IATI_FILE_BYTES;
    if (size > limit) {
      throw new ImportError(
        `${basename(options.file)} is ${(size / 2 ** 20).toFixed(0)} MiB: IATI's own tools take activity files of ` +
          `at most ${(limit / 2 ** 20).toFixed(0)} MiB; split it by country or by activities (e.g. iatisplit) and import each part`,
        "file",
      );
    }
    xml = await readFile(options.file, "utf8");
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new ImportError(`cannot read ${options.file}${code ? ` (${code})` : ""}`, "file");
  }
  const sha256 = await fileSha256(options.file);
  const errors = await validateIati(basename(options.file), xml);
  if (errors.length > 0) {
    throw new InvalidIatiFile(
      `${basename(options.file)} is not a valid IATI 2.03 activity file (${errors.length} schema errors): nothing imported`,
      errors,
    );
  }
  const file = readActivities(xml);
  if (file.version !== undefined && !file.version.startsWith("2.")) {
    throw new ImportError(
      `IATI version ${file.version}: the importer reads version 2 files (2.03)`,
      "version",
    );
  }
  const report = await RejectionReport.open(options.reportPath, { codeColumn: "iati-identifier" });
  const summary: IatiImportSummary = {
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    skipped: 0,
    regionCounters: 0,
    interrupted: false,
    sha256,
    reportPath: report.path,
    dryRun,
  };
  const context = {
    fileDataset: datasetName(options.file, sha256),
    generated: file.generated,
    recordedBy: options.recordedBy,
    districtAt: options.districtAt ?? defaultLookup,
    now,
  };
  const identifierOf = (i: number) =>
    (file.activities[i]?.node["iati-identifier"] as { "#text"?: string }[] | undefined)?.[0]?.[
      "#text"
    ]?.trim() ?? "";
  const lines = new Map<string, number[]>();
  file.activities.forEach((activity, i) => {
    const id = identifierOf(i);
    lines.set(id, [...(lines.get(id) ?? []), activity.line]);
  });

  let written = 0;
  let failure: unknown;
  try {
    const progress = (done: number) =>
      options.onProgress?.({
        bytes: Math.round((size * done) / Math.max(1, file.activities.length)),
        totalBytes: size,
        rows: done,
      });
    for (const [i, activity] of file.activities.entries()) {
      if (i > 0) progress(i);
      summary.read++;
      const identifier = identifierOf(i);
      const at = { line: activity.line, code: identifier };
      const twice = lines.get(identifier) ?? [];
      if (identifier && twice.length > 1) {
        summary.rejected++;
        await report.add({
          ...at,
          field: "iati-identifier",
          reason: `the identifier appears ${twice.length} times in the file (lines ${twice.join(", ")}): none is imported`,
        });
        continue;
      }
      const mapped = mapActivity(activity.node, context);
      if (mapped.kind === "skipped") {
        summary.skipped++;
        await report.add({ ...at, field: "recipient-country", reason: mapped.reason });
        continue;
      }
      if (mapped.kind === "refused") {
        summary.rejected++;
        for (const problem of mapped.problems) await report.add({ ...at, ...problem });
        continue;
      }
      const outcome = await upsert(models, mapped.project, now, dryRun);
      summary[outcome]++;
      if (outcome !== "unchanged" && !dryRun) {
        await recordDonors(models, mapped.project);
        written++;
        await options.afterWrite?.(written);
      }
      if (options.signal?.aborted && i + 1 < file.activities.length) {
        summary.interrupted = true;
        break;
      }
    }
    if (!summary.interrupted) progress(summary.read);
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    await report.close();
    if (!dryRun) summary.regionCounters = await rebuildRegionMoney(models).catch(() => 0);
    if (options.audit && !dryRun) {
      await options.audit.log.record({
        viewer: options.audit.viewer,
        requestId: options.audit.requestId,
        operation: "importIati",
        args: { file: basename(options.file), sha256 },
        outcome: importAuditOutcome(summary, failure),
        counts: {
          read: summary.read,
          inserted: summary.inserted,
          updated: summary.updated,
          unchanged: summary.unchanged,
          rejected: summary.rejected,
          skipped: summary.skipped,
          regionCounters: summary.regionCounters,
        },
      });
    }
  }
  return summary;
}

/** Inserts the project, or replaces an existing one's IATI fields; `unchanged` when they are the same. */
async function upsert(
  models: Models,
  project: ImportedProject,
  now: Date,
  dryRun: boolean,
): Promise<"inserted" | "updated" | "unchanged"> {
  const existing = await models.Project.collection.findOne({ iatiIdentifier: project.iatiIdentifier });
  if (existing) {
    // The file replaces what it describes; the transactions editors recorded through the API (ENTERED) are
    // the hub's own and stay, after the file's.
    const entered = ((existing.transactions ?? []) as ProjectDoc["transactions"]).filter(
      (transaction) => transaction.provenance?.kind === "ENTERED",
    );
    const merged: ImportedProject = { ...project, transactions: [...project.transactions, ...entered] };
    const stored = Object.fromEntries(FIELDS.map((f) => [f, existing[f]])) as unknown as ImportedProject;
    if (content(stored) === content(merged)) return "unchanged";
    if (!dryRun) {
      // Only at the revision it was read at (every API write moves it), so an editor's concurrent write is never lost:
      // a project that changed meanwhile is read again by the next run.
      const written = await models.Project.collection.updateOne(
        { iatiIdentifier: project.iatiIdentifier, revision: existing.revision },
        { $set: { ...merged, updatedAt: now }, $inc: { revision: 1 } },
      );
      if (written.matchedCount === 0)
        throw new ImportError(
          `project ${project.iatiIdentifier} changed while it was imported; run the import again`,
          "iati-identifier",
        );
    }
    return "updated";
  }
  if (!dryRun) {
    const doc: ProjectDoc = {
      ...project,
      beneficiaries: { total: 0, women: 0, formerMiners: 0, reportedOn: null },
      writes: [],
      revision: 0,
      createdAt: now,
      updatedAt: now,
    };
    await models.Project.collection.insertOne({ ...doc });
  }
  return "inserted";
}

/** The project's funding organisations in the donor registry (existing ones stay as they are). */
async function recordDonors(models: Models, project: ImportedProject): Promise<void> {
  const ops = project.participatingOrgs
    .filter((org) => org.role === ORG_ROLE.FUNDING && org.ref)
    .map((org) => ({
      updateOne: {
        filter: { _id: org.ref as string },
        update: { $setOnInsert: { name: org.narrative, type: org.type, provenance: project.provenance } },
        upsert: true,
      },
    }));
  if (ops.length > 0) await models.Donor.bulkWrite(ops, { ordered: false });
}

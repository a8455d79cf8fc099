import { rewriteStoredNotes } from "@tinkuy/kit";
import type { AnyBulkWriteOperation } from "mongoose";
import type { CaseloadEntry, Models, OfficeDoc, OperationDoc } from "./models.ts";
import { demoProvenance, editorProvenance, EDITOR_CLAIM_NOTES } from "./provenance.ts";

const MISSING = { provenance: { $exists: false } };
/** Who the seed recorded its operations and reports as (`seed:pcm-interdiction-reports` before, `seed:tinkuy-demo` now). */
const SEEDED = /^seed:/;
/** How the seed's references to the press reports it reproduces end (", según la prensa", ", según TV Perú"). */
const REPORTED = /, según /;
const BATCH = 5_000;

/**
 * Gives provenance to records stored before it existed, inferring it from what they hold; records that have one
 * are left alone, so running it again changes nothing. Runs at start, before the counters are ensured.
 *
 * - an operation recorded by `seed:…`: `SYNTHETIC`, modelled on the reported operations when it has a name or
 *   its reference cites the press ("…, según la prensa"), on PCM's totals otherwise (what the seed writes today); any other `recordedBy` is an editor's id: `ENTERED`
 *   by the pillar's agency, as of the day of `recordedAt`, with the cited source's address as its `url`;
 * - outposts and offices: `SYNTHETIC` (only the seed ever wrote them; no mutation creates one);
 * - a caseload report by `seed:…`: `SYNTHETIC`; by anyone else: `ENTERED` as of its `reportedOn` (old reports
 *   kept no write time; the report day is the closest date they hold).
 *
 * This pillar has no import, so no old record can be `OFFICIAL` or `PUBLISHED`.
 *
 * Then the notes that name the editor who entered a record (provenance is public; staff read who in
 * `recordedBy` and the audit log) are rewritten to name the agency's role: an operation's and a caseload
 * report's `entered through the API by <editor id>`, a claim's `entered by <editor id> (<agency>) through the
 * API`. Only notes still in that form are read and written.
 */
export async function migrateProvenance(models: Models): Promise<void> {
  await Promise.all([migrateOperations(models), migrateOutposts(models), migrateOffices(models)]);
  await Promise.all([
    rewriteStoredNotes(models.Operation.collection),
    rewriteStoredNotes(models.Office.collection, ["history"]),
    rewriteStoredNotes(models.ReportedFigure.collection, [], EDITOR_CLAIM_NOTES),
  ]);
}

async function migrateOperations(models: Models): Promise<void> {
  await models.Operation.collection.updateMany(
    {
      ...MISSING,
      recordedBy: { $regex: SEEDED },
      $or: [{ name: { $type: "string" } }, { "source.reference": { $regex: REPORTED } }],
    },
    { $set: { provenance: demoProvenance("namedOperation") } },
  );
  await models.Operation.collection.updateMany(
    { ...MISSING, recordedBy: { $regex: SEEDED } },
    { $set: { provenance: demoProvenance("operation") } },
  );
  const entered = await models.Operation.find(MISSING, { _id: 1, recordedBy: 1, recordedAt: 1, source: 1 })
    .lean<(Pick<OperationDoc, "recordedBy" | "recordedAt" | "source"> & { _id: unknown })[]>()
    .exec();
  const updates: AnyBulkWriteOperation<OperationDoc>[] = entered.map((operation) => ({
    updateOne: {
      filter: { _id: operation._id, ...MISSING },
      update: {
        $set: {
          provenance: editorProvenance(operation.recordedAt, operation.source.url ?? null),
        },
      },
    },
  }));
  for (let i = 0; i < updates.length; i += BATCH) {
    await models.Operation.bulkWrite(updates.slice(i, i + BATCH), { ordered: false });
  }
}

async function migrateOutposts(models: Models): Promise<void> {
  await models.Outpost.collection.updateMany(MISSING, { $set: { provenance: demoProvenance("outpost") } });
}

function reportProvenance(entry: CaseloadEntry): CaseloadEntry {
  if (entry.provenance) return entry;
  return {
    ...entry,
    provenance: SEEDED.test(entry.recordedBy) ? demoProvenance("office") : editorProvenance(entry.reportedOn),
  };
}

async function migrateOffices(models: Models): Promise<void> {
  await models.Office.collection.updateMany(MISSING, { $set: { provenance: demoProvenance("office") } });
  // Offices are few (one per department seat and a handful more): read them all, rewrite the histories that
  // have a report without provenance.
  const offices = await models.Office.find({}, { _id: 1, history: 1 })
    .lean<(Pick<OfficeDoc, "history"> & { _id: unknown })[]>()
    .exec();
  const updates = offices
    .filter((office) => office.history.some((entry) => !entry.provenance))
    .map((office) => ({
      updateOne: {
        filter: { _id: office._id },
        update: { $set: { history: office.history.map(reportProvenance) } },
      },
    }));
  if (updates.length > 0) await models.Office.bulkWrite(updates, { ordered: false });
}

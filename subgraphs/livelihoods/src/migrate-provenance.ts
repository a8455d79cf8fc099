import { rewriteStoredNotes, syntheticProvenance, type ProvenanceDoc } from "@tinkuy/kit";
import type { mongo } from "mongoose";
import { ORG_ROLE } from "./iati.ts";
import type { DonorDoc, EnrollmentDoc, Models, ProjectDoc, TransactionDoc } from "./models.ts";
import { DEMO_DATASET, LEGACY_DEMO_AS_OF, editorProvenance, SEED_AUTHOR_PREFIX } from "./provenance.ts";
import { rebuildRegionMoney } from "./region-stats.ts";

/** Documents rewritten per bulkWrite. */
const BATCH = 500;

/**
 * What the migration changed: records that gained provenance, notes that named an editor rewritten, and whether
 * the counters were rebuilt.
 */
export interface ProvenanceMigration {
  projects: number;
  transactions: number;
  enrollments: number;
  donors: number;
  notes: number;
  countersRebuilt: boolean;
}

/** A record an earlier seed wrote: a demo record, as of the day that seed described. */
function seededProvenance(modelledOn: string): ProvenanceDoc {
  return syntheticProvenance({
    dataset: DEMO_DATASET,
    asOf: LEGACY_DEMO_AS_OF,
    modelledOn: `${modelledOn} (provenance inferred from the record's seed author)`,
  });
}

const SEEDED_PROJECT = seededProvenance(
  "donors' alternative-livelihood and alternative-development activities in Peru, as their IATI activity files " +
    "publish them (IATI Registry)",
);
const SEEDED_TRANSACTION = seededProvenance(
  "IATI 2.03 commitments and disbursements as donors publish them in their activity files (IATI Registry)",
);
const SEEDED_ENROLLMENT = seededProvenance(
  "the miners REINFO excluded or suspended who enter alternative-livelihood programmes",
);
const SEEDED_DONOR = seededProvenance("a real funder's IATI organisation identifier (org-id.guide)");

/** Who wrote an entry, and when: a seed's entry is demo data, anyone else's was entered through the API. */
function inferred(recordedBy: string | undefined, at: Date, seeded: ProvenanceDoc): ProvenanceDoc {
  if (recordedBy === undefined || recordedBy.startsWith(SEED_AUTHOR_PREFIX)) return seeded;
  return editorProvenance(at);
}

/** A project's provenance from its first status entry: who registered it, and when it was stored. */
function projectProvenance(project: ProjectDoc): ProvenanceDoc {
  const first = project.statusHistory[0];
  return inferred(first?.recordedBy, project.createdAt ?? first?.date, SEEDED_PROJECT);
}

function transactionProvenance(transaction: TransactionDoc): ProvenanceDoc {
  return inferred(transaction.recordedBy, transaction.recordedAt, SEEDED_TRANSACTION);
}

/** Updates by `_id`, sent through the driver (the records are old-shaped: no schema applies to them). */
type Operations = mongo.AnyBulkWriteOperation[];

/**
 * `$set` on the document of `_id` (a project's ObjectId, an enrollment's or donor's string), only while it is
 * as read (`also`): a write that lands in between is not overwritten, and the next start picks the record up.
 */
function setById(
  id: string | mongo.ObjectId,
  set: mongo.Document,
  also: mongo.Document = {},
): mongo.AnyBulkWriteOperation {
  const filter = { ...also, _id: id } as mongo.Filter<mongo.Document>;
  return { updateOne: { filter, update: { $set: set } } };
}

/** Sends the pending updates as one bulkWrite and empties the list. */
async function flush(collection: mongo.Collection, ops: Operations): Promise<void> {
  if (ops.length > 0) await collection.bulkWrite(ops.splice(0), { ordered: false });
}

/**
 * Projects without provenance, and transactions without it (the array rewritten only at the revision read, so a
 * transaction recorded meanwhile by another instance is never lost).
 */
async function migrateProjects(models: Models, out: ProvenanceMigration): Promise<void> {
  const ops: Operations = [];
  const cursor = models.Project.collection.find<ProjectDoc & { _id: mongo.ObjectId }>({
    $or: [
      { provenance: { $exists: false } },
      { transactions: { $elemMatch: { provenance: { $exists: false } } } },
    ],
  });
  for await (const project of cursor) {
    const set: Partial<ProjectDoc> = {};
    if (!project.provenance) {
      set.provenance = projectProvenance(project);
      out.projects++;
    }
    if (project.transactions.some((t) => !t.provenance)) {
      set.transactions = project.transactions.map((t) => {
        if (t.provenance) return t;
        out.transactions++;
        return { ...t, provenance: transactionProvenance(t) };
      });
    }
    ops.push(setById(project._id, set, { revision: project.revision ?? null }));
    if (ops.length >= BATCH) await flush(models.Project.collection, ops);
  }
  await flush(models.Project.collection, ops);
}

/** Enrollments from their first history entry: who enrolled the miner, as of the day enrolled. */
async function migrateEnrollments(models: Models, out: ProvenanceMigration): Promise<void> {
  const ops: Operations = [];
  const cursor = models.Enrollment.collection.find<EnrollmentDoc>({ provenance: { $exists: false } });
  for await (const enrollment of cursor) {
    const first = enrollment.history[0];
    const provenance = inferred(first?.recordedBy, first?.date ?? enrollment.enrolledOn, SEEDED_ENROLLMENT);
    ops.push(setById(enrollment._id, { provenance }));
    out.enrollments++;
    if (ops.length >= BATCH) await flush(models.Enrollment.collection, ops);
  }
  await flush(models.Enrollment.collection, ops);
}

/**
 * Donors from the projects that fund them: a donor named by a seeded project is demo data; one named only by
 * entered projects was recorded with the earliest of them, on its editor's word. A donor no project names is
 * demo data when the database holds seeded projects (the seed writes the whole registry), else entered by an
 * unknown editor on the day of the migration.
 */
async function migrateDonors(models: Models, out: ProvenanceMigration): Promise<void> {
  const donors = await models.Donor.collection.find<DonorDoc>({ provenance: { $exists: false } }).toArray();
  if (donors.length === 0) return;
  const refs = donors.map((donor) => donor._id);
  const funded = await models.Project.collection
    .find<Pick<ProjectDoc, "participatingOrgs" | "provenance" | "createdAt">>(
      { participatingOrgs: { $elemMatch: { role: ORG_ROLE.FUNDING, ref: { $in: refs } } } },
      { projection: { participatingOrgs: 1, provenance: 1, createdAt: 1 } },
    )
    .sort({ createdAt: 1 })
    .toArray();
  const seededHub = await models.Project.collection.countDocuments(
    { "provenance.kind": "SYNTHETIC" },
    { limit: 1 },
  );
  const byRef = new Map<string, ProvenanceDoc>();
  for (const project of funded) {
    for (const org of project.participatingOrgs) {
      if (org.role !== ORG_ROLE.FUNDING || !org.ref) continue;
      const seen = byRef.get(org.ref);
      if (project.provenance.kind === "SYNTHETIC") byRef.set(org.ref, SEEDED_DONOR);
      else if (!seen) byRef.set(org.ref, project.provenance);
    }
  }
  const unnamed = seededHub > 0 ? SEEDED_DONOR : editorProvenance(new Date());
  const ops = donors.map((donor) => setById(donor._id, { provenance: byRef.get(donor._id) ?? unnamed }));
  out.donors = ops.length;
  await flush(models.Donor.collection, ops);
}

/**
 * Gives provenance to what earlier versions stored without it, inferring it from what the records hold: an
 * entry signed `seed:…` is demo data (`SYNTHETIC`), any other author an editor writing through the API
 * (`ENTERED` by the owning agency). Then rewrites the notes earlier versions stored naming the editor who entered
 * a record (`entered through the API by <editor id>`; provenance is public, and staff read who in `recordedBy`
 * and the audit log) to name the agency's role, and rebuilds the region counters when any lacks its `sources`
 * (notes change no counter). Runs at start, before the counters are ensured; a second run finds nothing to do
 * and writes nothing.
 */
export async function migrateProvenance(models: Models): Promise<ProvenanceMigration> {
  const out: ProvenanceMigration = {
    projects: 0,
    transactions: 0,
    enrollments: 0,
    donors: 0,
    notes: 0,
    countersRebuilt: false,
  };
  await migrateProjects(models, out);
  await migrateEnrollments(models, out);
  await migrateDonors(models, out);
  for (const n of await Promise.all([
    rewriteStoredNotes(models.Project.collection, ["transactions"]),
    rewriteStoredNotes(models.Enrollment.collection),
    rewriteStoredNotes(models.Donor.collection),
  ]))
    out.notes += n;
  if (
    await models.RegionMoney.collection.findOne({ sources: { $exists: false } }, { projection: { _id: 1 } })
  ) {
    await rebuildRegionMoney(models);
    out.countersRebuilt = true;
  }
  return out;
}

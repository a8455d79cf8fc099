import { provenance, rewriteStoredNotes, type ProvenanceDoc } from "@tinkuy/kit";
import type { Models } from "./models.ts";
import {
  DEMO_RESOLUTION,
  RECOVERY_AGENCY,
  demoProvenance,
  editorProvenance,
  type DemoKind,
} from "./provenance.ts";
import { rebuildRegionStats } from "./region-stats.ts";

/** Who publishes the liability inventory an import reads. */
const INVENTORY_PUBLISHER = "MINEM (DGAAM)";

const MISSING = { $exists: false };

/**
 * What the migration changed: records given provenance, by collection; notes that named an editor, rewritten;
 * and whether the counters were rebuilt.
 */
export interface ProvenanceMigration {
  areas: number;
  liabilities: number;
  projects: number;
  measurements: number;
  notes: number;
  countersRebuilt: boolean;
}

function day(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/**
 * The `createdAt` every earlier version's seed stamped on all it wrote (its fixed "today", 20 November 2026):
 * the only mark an earlier seed left on a liability that had no risk assessment (liabilities had no writer field).
 */
export const EARLIER_SEED_STAMP = new Date("2026-11-20T00:00:00.000Z");

/** Who, by the migration's reading, wrote a liability that names no writer: neither the seed nor an import. */
export const UNMARKED_LIABILITY_WRITER = "a process outside the hub (no seed or import mark)";

/**
 * A record's provenance inferred from who wrote it: the seed (`seed:…`) → SYNTHETIC, as today's seed describes
 * that kind of record (`DEMO_AS_OF`); an import (`import:…`) → OFFICIAL, the import's name as dataset; anyone else → ENTERED by this
 * pillar's agency, by that writer, as of the day it was written.
 */
function inferred(
  writer: unknown,
  at: Date,
  demo: DemoKind,
  publisher: string = RECOVERY_AGENCY,
): ProvenanceDoc {
  const who = typeof writer === "string" && writer.length > 0 ? writer : "an unrecorded editor";
  if (who.startsWith("seed:")) return demoProvenance(demo);
  if (who.startsWith("import:")) {
    return provenance({
      kind: "OFFICIAL",
      dataset: who.slice("import:".length) || null,
      source: publisher,
      asOf: day(at),
      note: `provenance inferred from the record's writer (${who}) by the start-up migration`,
    });
  }
  return editorProvenance(at);
}

function writtenOn(doc: Record<string, unknown>, fallback: Date): Date {
  const created = (doc as { createdAt?: unknown }).createdAt;
  return created instanceof Date ? created : fallback;
}

/**
 * Gives provenance to records stored by versions that had none, inferring it from what they hold (see
 * `inferred`), then rebuilds the region counters if any lacks `sources` or any record changed. Touches only
 * what lacks provenance, so a second run changes nothing. Liabilities (see `liabilityWriter`): earlier versions
 * had no importer and no mutation that creates one, and no writer field on a liability; one is the seed's
 * (SYNTHETIC, its resolution replaced by what it is modelled on) when a risk entry says so or it carries the
 * seed's stamp, an import's when a risk entry says so, and otherwise ENTERED: loaded from outside the hub, by
 * whoever ran the database, never demo data. Then the notes earlier versions stored naming the editor who
 * entered a record (`entered through the API by <editor id>`; provenance is public, and staff read who in
 * `recordedBy` and the audit log) are rewritten to name the agency's role, in every collection and in the risk
 * assessments and progress reports stored inside liabilities and projects; notes change no counter.
 */
export async function migrateProvenance(models: Models): Promise<ProvenanceMigration> {
  const [areas, liabilities, projects, measurements] = await Promise.all([
    migrateAreas(models),
    migrateLiabilities(models),
    migrateProjects(models),
    migrateMeasurements(models),
  ]);
  const notes = (
    await Promise.all([
      rewriteStoredNotes(models.Area.collection),
      rewriteStoredNotes(models.Liability.collection, ["riskHistory"]),
      rewriteStoredNotes(models.Project.collection, ["progress"]),
      rewriteStoredNotes(models.Measurement.collection),
    ])
  ).reduce((sum, n) => sum + n, 0);
  const stale =
    areas + liabilities + projects + measurements > 0 ||
    (await models.RegionStats.collection.findOne({ sources: MISSING }, { projection: { _id: 1 } })) !== null;
  // With no counters at all, `ensureRegionStats` builds them next.
  const countersRebuilt = stale && (await models.RegionStats.collection.estimatedDocumentCount()) > 0;
  if (countersRebuilt) await rebuildRegionStats(models);
  return { areas, liabilities, projects, measurements, notes, countersRebuilt };
}

type Collection = Models["Area"]["collection"];

/** Applies the updates in one command; returns how many records they touch. */
async function write(collection: Collection, ops: Parameters<Collection["bulkWrite"]>[0]): Promise<number> {
  if (ops.length > 0) await collection.bulkWrite(ops, { ordered: false });
  return ops.length;
}

async function migrateAreas(models: Models): Promise<number> {
  const old = await models.Area.collection.find({ provenance: MISSING }).toArray();
  return write(
    models.Area.collection,
    old.map((area) => {
      // A legacy-mining project's own area was seeded after the PAM inventory, and cited its resolution.
      const legacy = area.cause === "OTHER" && area.source === "MINEM";
      const at = writtenOn(area, area.detectedOn as Date);
      const p = inferred(area.registeredBy, at, legacy ? "liability" : "area");
      const $set: Record<string, unknown> = { provenance: p };
      if (p.kind === "SYNTHETIC" && legacy && area.sourceReference === "RM 338-2025-MINEM/DM")
        $set.sourceReference = DEMO_RESOLUTION;
      return { updateOne: { filter: { _id: area._id }, update: { $set } } };
    }),
  );
}

async function migrateLiabilities(models: Models): Promise<number> {
  const old = await models.Liability.collection
    .find({ $or: [{ provenance: MISSING }, { riskHistory: { $elemMatch: { provenance: MISSING } } }] })
    .toArray();
  return write(
    models.Liability.collection,
    old.map((liability) => {
      const history = (liability.riskHistory ?? []) as Record<string, unknown>[];
      const $set: Record<string, unknown> = {
        riskHistory: history.map((entry) =>
          entry.provenance
            ? entry
            : {
                ...entry,
                provenance: inferred(entry.recordedBy, entry.assessedOn as Date, "risk", INVENTORY_PUBLISHER),
              },
        ),
      };
      if (!liability.provenance) {
        const writer = liabilityWriter(liability);
        // An import is as of the day it loaded the row; a row from outside the hub, as of the day it was
        // stored, or today when it was stored without a date.
        const at = writtenOn(liability, day(new Date()));
        const p =
          writer === UNMARKED_LIABILITY_WRITER
            ? provenance({
                kind: "ENTERED",
                source: RECOVERY_AGENCY,
                asOf: day(at),
                note:
                  "stored by an earlier version of the hub without a record of who wrote it (neither the demo " +
                  "seed nor an import); provenance inferred by the start-up migration",
              })
            : inferred(writer, at, "liability", INVENTORY_PUBLISHER);
        $set.provenance = p;
        if (p.kind === "SYNTHETIC") $set.inventoryResolution = DEMO_RESOLUTION;
      }
      return { updateOne: { filter: { _id: liability._id }, update: { $set } } };
    }),
  );
}

/**
 * Who wrote a liability stored without provenance, from the only marks earlier versions left: a risk entry
 * recorded by an import (`import:…`) or by the seed (`seed:…`), or the seed's `createdAt` stamp. Neither (an
 * outside script loaded it) answers `UNMARKED_LIABILITY_WRITER`.
 */
function liabilityWriter(liability: Record<string, unknown>): string {
  const writers = ((liability.riskHistory ?? []) as Record<string, unknown>[])
    .map((entry) => entry.recordedBy)
    .filter((writer): writer is string => typeof writer === "string");
  const importer = writers.find((writer) => writer.startsWith("import:"));
  if (importer) return importer;
  const seed = writers.find((writer) => writer.startsWith("seed:"));
  if (seed) return seed;
  const created = liability.createdAt;
  if (created instanceof Date && created.getTime() === EARLIER_SEED_STAMP.getTime()) return "seed:recovery";
  return UNMARKED_LIABILITY_WRITER;
}

async function migrateProjects(models: Models): Promise<number> {
  const old = await models.Project.collection
    .find({ $or: [{ provenance: MISSING }, { progress: { $elemMatch: { provenance: MISSING } } }] })
    .toArray();
  return write(
    models.Project.collection,
    old.map((project) => {
      // The seed's legacy-mining projects are AMSAC's and remediate liabilities; the others restore the Amazon.
      const legacy =
        ((project.liabilityIds ?? []) as unknown[]).length > 0 ||
        String(project.implementingAgency).includes("AMSAC");
      const demo: DemoKind = legacy ? "liabilityProject" : "amazonProject";
      const at = writtenOn(project, project.startDate as Date);
      const own =
        (project.provenance as ProvenanceDoc | undefined) ?? inferred(project.registeredBy, at, demo);
      const progress = ((project.progress ?? []) as Record<string, unknown>[]).map((entry) =>
        entry.provenance
          ? entry
          : {
              ...entry,
              provenance: inferred(entry.recordedBy, entry.date as Date, demo),
            },
      );
      return {
        updateOne: { filter: { _id: project._id }, update: { $set: { provenance: own, progress } } },
      };
    }),
  );
}

async function migrateMeasurements(models: Models): Promise<number> {
  const old = await models.Measurement.collection.find({ provenance: MISSING }).toArray();
  return write(
    models.Measurement.collection,
    old.map((measurement) => ({
      updateOne: {
        filter: { _id: measurement._id },
        update: {
          $set: {
            provenance: inferred(
              measurement.recordedBy,
              writtenOn(measurement, measurement.measuredOn as Date),
              "measurement",
            ),
          },
        },
      },
    })),
  );
}

import { provenance, type ProvenanceDoc } from "@tinkuy/kit";
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

/** What the migration changed: records given provenance, by collection, and whether the counters were rebuilt. */
export interface ProvenanceMigration {
  areas: number;
  liabilities: number;
  projects: number;
  measurements: number;
  countersRebuilt: boolean;
}

function day(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/**
 * A record's provenance inferred from who wrote it: the seed (`seed:…`) → SYNTHETIC, as of the day it was
 * written; an import (`import:…`) → OFFICIAL, the import's name as dataset; anyone else → ENTERED by this
 * pillar's agency, by that writer, as of the day it was written.
 */
function inferred(
  writer: unknown,
  at: Date,
  demo: DemoKind,
  publisher: string = RECOVERY_AGENCY,
): ProvenanceDoc {
  const who = typeof writer === "string" && writer.length > 0 ? writer : "an unrecorded editor";
  if (who.startsWith("seed:")) return demoProvenance(demo, day(at));
  if (who.startsWith("import:")) {
    return provenance({
      kind: "OFFICIAL",
      dataset: who.slice("import:".length) || null,
      source: publisher,
      asOf: day(at),
      note: `provenance inferred from the record's writer (${who}) by the start-up migration`,
    });
  }
  return editorProvenance(who, at);
}

function writtenOn(doc: Record<string, unknown>, fallback: Date): Date {
  const created = (doc as { createdAt?: unknown }).createdAt;
  return created instanceof Date ? created : fallback;
}

/**
 * Gives provenance to records stored by versions that had none, inferring it from what they hold (see
 * `inferred`), then rebuilds the region counters if any lacks `sources` or any record changed. Touches only
 * what lacks provenance, so a second run changes nothing. Liabilities: earlier versions had no importer and no
 * mutation that creates one, so a liability without provenance came from the seed (SYNTHETIC, its resolution
 * replaced by what it is modelled on) unless a risk entry says it was imported.
 */
export async function migrateProvenance(models: Models): Promise<ProvenanceMigration> {
  const [areas, liabilities, projects, measurements] = await Promise.all([
    migrateAreas(models),
    migrateLiabilities(models),
    migrateProjects(models),
    migrateMeasurements(models),
  ]);
  const stale =
    areas + liabilities + projects + measurements > 0 ||
    (await models.RegionStats.collection.findOne({ sources: MISSING }, { projection: { _id: 1 } })) !== null;
  // With no counters at all, `ensureRegionStats` builds them next.
  const countersRebuilt = stale && (await models.RegionStats.collection.estimatedDocumentCount()) > 0;
  if (countersRebuilt) await rebuildRegionStats(models);
  return { areas, liabilities, projects, measurements, countersRebuilt };
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
      const at = writtenOn(liability, new Date(0));
      const history = (liability.riskHistory ?? []) as Record<string, unknown>[];
      const importer = history.find(
        (entry) => typeof entry.recordedBy === "string" && entry.recordedBy.startsWith("import:"),
      )?.recordedBy;
      const $set: Record<string, unknown> = {
        riskHistory: history.map((entry) =>
          entry.provenance
            ? entry
            : {
                ...entry,
                // The seed stamped its assessments with the seed's date, as it did the liability.
                provenance: inferred(
                  entry.recordedBy,
                  String(entry.recordedBy).startsWith("seed:") ? at : (entry.assessedOn as Date),
                  "risk",
                  INVENTORY_PUBLISHER,
                ),
              },
        ),
      };
      if (!liability.provenance) {
        const p = inferred(importer ?? "seed:recovery", at, "liability", INVENTORY_PUBLISHER);
        $set.provenance = p;
        if (p.kind === "SYNTHETIC") $set.inventoryResolution = DEMO_RESOLUTION;
      }
      return { updateOne: { filter: { _id: liability._id }, update: { $set } } };
    }),
  );
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
              // The seed stamped its reports with the seed's date, as it did the project.
              provenance: inferred(
                entry.recordedBy,
                String(entry.recordedBy).startsWith("seed:") ? at : (entry.date as Date),
                demo,
              ),
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

import { rewriteStoredNotes, type ProvenanceDoc } from "@tinkuy/kit";
import type { mongo } from "mongoose";
import type { Models, StatusEntry } from "./models.ts";
import { dayOf, demoProvenance, editorProvenance, extractProvenance } from "./provenance.ts";
import { rebuildRegionStats } from "./region-stats.ts";

const BATCH = 1_000;

/** What an import before provenance left unrecorded, said on the records it gives provenance to. */
export const UNRECORDED_EXTRACT =
  "imported before the hub recorded provenance: the extract's file and SHA-256 were not kept";

/** A history entry as an earlier version stored it: without provenance. */
type OldEntry = Omit<StatusEntry, "provenance"> & { provenance?: ProvenanceDoc };

/** The fields of an old record the migration reads. */
interface OldRecord {
  _id: mongo.ObjectId;
  history?: OldEntry[];
  FECHA_ACTUALIZACION?: Date | null;
  createdAt?: Date | null;
}

/**
 * What an old record says of where it came from. The last history entry written by a process names it: a
 * seed's (`seed:…`) makes it SYNTHETIC, an import's (`import:…`) OFFICIAL as of the extract's date that entry
 * (or, when the import wrote the last change, FECHA_ACTUALIZACION) carries. With neither, an editor registered
 * it: ENTERED by whoever recorded its first entry, on that day.
 */
export function inferProvenance(record: OldRecord): ProvenanceDoc {
  const history = record.history ?? [];
  const index = history.findLastIndex(
    (e) => e.recordedBy.startsWith("seed:") || e.recordedBy.startsWith("import:"),
  );
  const origin = history[index];
  if (origin?.recordedBy.startsWith("seed:")) return demoProvenance();
  if (origin) {
    const last = index === history.length - 1;
    const asOf = (last ? record.FECHA_ACTUALIZACION : null) ?? origin.date;
    return extractProvenance(null, dayOf(asOf), UNRECORDED_EXTRACT);
  }
  const first = history[0];
  const at = first?.date ?? record.createdAt ?? record.FECHA_ACTUALIZACION ?? new Date(0);
  return editorProvenance(at);
}

/**
 * What an old history entry says of where it came from: a seed's is SYNTHETIC, an import's OFFICIAL as of its
 * date (the extract's FECHA_ACTUALIZACION), anyone else's ENTERED by that editor on that day.
 */
export function inferEntryProvenance(entry: OldEntry): ProvenanceDoc {
  if (entry.recordedBy.startsWith("seed:")) return demoProvenance();
  if (entry.recordedBy.startsWith("import:")) return extractProvenance(null, entry.date, UNRECORDED_EXTRACT);
  return editorProvenance(entry.date);
}

/**
 * Gives provenance to the records (and their history entries) an earlier version stored without it, rewrites
 * the notes earlier versions stored naming the editor who entered a record or change (`entered through the API
 * by <editor id>`: provenance is public) to name the agency's role, and rebuilds the region counters when any
 * lacks `sources`. Runs at start, before the counters are ensured; idempotent (each update applies only to a
 * record still without provenance or still holding such a note, and counters with `sources` are left alone).
 * Returns how many records it gave provenance to.
 */
export async function migrateProvenance(models: Models): Promise<number> {
  const missing = { provenance: { $exists: false } };
  const cursor = models.Record.collection.find(missing, {
    projection: { history: 1, FECHA_ACTUALIZACION: 1, createdAt: 1 },
  });
  let migrated = 0;
  let ops: mongo.AnyBulkWriteOperation[] = [];
  const flush = async (): Promise<void> => {
    if (ops.length === 0) return;
    const result = await models.Record.collection.bulkWrite(ops, { ordered: false });
    migrated += result.modifiedCount;
    ops = [];
  };
  for await (const doc of cursor) {
    const record = doc as unknown as OldRecord;
    ops.push({
      updateOne: {
        filter: { _id: record._id, ...missing },
        update: {
          $set: {
            provenance: inferProvenance(record),
            history: (record.history ?? []).map((e) => ({
              ...e,
              provenance: e.provenance ?? inferEntryProvenance(e),
            })),
          },
        },
      },
    });
    if (ops.length >= BATCH) await flush();
  }
  await flush();
  await rewriteStoredNotes(models.Record.collection, ["history"]);
  if (migrated > 0 || (await models.RegionStats.exists({ sources: { $exists: false } }))) {
    await rebuildRegionStats(models);
  }
  return migrated;
}

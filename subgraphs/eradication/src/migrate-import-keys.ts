import type { Collection } from "mongoose";
import type { Models } from "./models.ts";

const BATCH = 5_000;

/**
 * Moves the agency's references of operations and claims loaded before imports had a field of their own out of
 * the clients' idempotency keys: an imported record kept `import:<REFERENCIA>` (`import:claim:<REFERENCIA>` for
 * a claim) as its `idempotencyKey`, where a client's key could have replayed or blocked it. It now keeps the
 * reference as `importReference` and no idempotency key. An imported record is told from a client's by having
 * no `requestHash` (every mutation stores one; the import never did). Identifiers do not change. Records already
 * moved are not matched, so running it again changes nothing. Runs at start and before each import.
 */
export async function migrateImportKeys(models: Models): Promise<void> {
  await Promise.all([
    moveKeys(models.Operation.collection, "import:"),
    moveKeys(models.ReportedFigure.collection, "import:claim:"),
  ]);
}

async function moveKeys(collection: Collection, prefix: string): Promise<void> {
  const legacy = await collection
    .find(
      { idempotencyKey: { $regex: `^${prefix}` }, requestHash: { $exists: false } },
      { projection: { _id: 1, idempotencyKey: 1 } },
    )
    .toArray();
  const updates = legacy.map((doc) => ({
    updateOne: {
      filter: { _id: doc._id, idempotencyKey: doc.idempotencyKey as string },
      update: {
        $set: { importReference: (doc.idempotencyKey as string).slice(prefix.length) },
        $unset: { idempotencyKey: "" },
      },
    },
  }));
  for (let i = 0; i < updates.length; i += BATCH) {
    await collection.bulkWrite(updates.slice(i, i + BATCH), { ordered: false });
  }
}

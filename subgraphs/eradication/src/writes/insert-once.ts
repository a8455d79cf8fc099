import { conflict, isDuplicateKey, replayed } from "@tinkuy/kit";
import type { Model } from "mongoose";

/** A record a create-mutation writes: it keeps its idempotency key (unique, sparse) and its input's fingerprint. */
interface Keyed {
  idempotencyKey?: string;
  requestHash?: string;
}

/**
 * Inserts a record once per idempotency key: a retry fails the insert on the unique key and gets the first
 * record back (CONFLICT if its input differs, or if the key's identifier is taken by a record without it).
 * `inserted` says whether this call wrote it, so the caller moves its counters only then.
 */
export async function insertOnce<T extends Keyed>(
  model: Model<T>,
  doc: T,
  key: string,
  hash: string,
): Promise<{ record: T; inserted: boolean }> {
  try {
    // The driver adds `_id` to what it inserts: give it a copy, keep `doc` as the API sees it.
    await model.collection.insertOne({ ...doc });
    return { record: doc, inserted: true };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const first = await model.findOne({ idempotencyKey: key }).lean<T>();
    if (!first) {
      throw conflict("idempotencyKey", `the idempotency key ${key} gives a taken identifier; choose another`);
    }
    return { record: replayed(first, first.requestHash, hash, key), inserted: false };
  }
}

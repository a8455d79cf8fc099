import type { Engine } from "./engine.ts";
import type { Transaction } from "./transaction.ts";

/**
 * Applies a transaction's writes to the collections as one atomic change (one journal record, one version
 * time) and marks it committed. Unique indexes are checked again against the committed state: a violation
 * (a write outside the transaction took the key meanwhile) undoes what was applied, aborts the transaction and
 * throws the E11000 error. Synchronous, so no other command sees part of it. Durability is the caller's: await
 * `engine.commit()` before acknowledging.
 */
export function commitTransaction(engine: Engine, transaction: Transaction): void {
  transaction.state = "committing";
  try {
    engine.atomically((undo) => {
      for (const writes of transaction.writes.namespaces()) {
        const collection = engine.ensureCollection(writes.db, writes.coll).collection;
        for (const [key, pending] of writes.docs) {
          const before = collection.getByKey(key);
          if (pending.doc === null) {
            if (before && collection.remove(pending.id)) undo(() => collection.restorePut(before));
          } else if (before) {
            collection.replace(pending.doc);
            undo(() => collection.restorePut(before));
          } else {
            collection.insert(pending.doc);
            const id = pending.id;
            undo(() => collection.remove(id));
          }
        }
      }
    });
  } catch (error) {
    engine.sessions.abort(transaction, "its commit failed");
    throw error;
  }
  engine.sessions.finish(transaction);
}

import type { Document } from "bson";
import { collectionName, optionalBoolean, optionalDocument, optionalDocuments } from "./args.ts";
import { readableCollection, writableCollection } from "./collection-for.ts";
import { effectiveCollation } from "./collation-option.ts";
import { firstFieldCollection, type CommandHandler } from "./command.ts";
import { checkUpdateSort } from "./update-sort.ts";
import { asCommandError, MongoCommandError } from "../engine/errors.ts";
import { abortsBatch } from "../engine/transaction-errors.ts";
import { isPlainObject } from "../engine/paths.ts";
import { refuseView } from "../engine/views.ts";
import { deleteDocuments, insertDocument, updateDocuments } from "../engine/write.ts";
import { evaluateLet } from "../engine/let-variables.ts";
import { MAX_WRITE_BATCH_SIZE } from "../wire/protocol.ts";

function statements(command: Document, field: string): Document[] {
  const list = optionalDocuments(command, field);
  if (!list)
    throw new MongoCommandError("FailedToParse", `BSON field '${field}' is missing but a required field`);
  if (list.length === 0 || list.length > MAX_WRITE_BATCH_SIZE) {
    throw new MongoCommandError(
      "InvalidLength",
      `Write batch sizes must be between 1 and ${MAX_WRITE_BATCH_SIZE}. Got ${list.length} operations.`,
    );
  }
  return list;
}

/**
 * Runs each statement in turn; a failure becomes a `writeErrors` entry and, when the batch is ordered (the
 * default), stops the batch. The reply is `ok: 1` even with write errors, as MongoDB's is.
 */
function runBatch<T>(items: T[], ordered: boolean, run: (item: T, index: number) => void): Document[] {
  const writeErrors: Document[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      run(items[i] as T, i);
    } catch (error) {
      if (abortsBatch(error)) throw error; // a write conflict fails the whole command, as in MongoDB
      writeErrors.push(asCommandError(error).toWriteError(i));
      if (ordered) break;
    }
  }
  return writeErrors;
}

/** A pipeline update's constants (`c`) beside the command's `let` variables; `c` wins a name both define. */
function withConstants(
  variables: Document | undefined,
  constants: Document | undefined,
): Document | undefined {
  return constants ? { ...variables, ...constants } : variables;
}

/** `insert`: documents inline or as a kind-1 sequence; `_id` generated when missing. */
export const insert: CommandHandler = {
  collection: firstFieldCollection,
  async run(command, context) {
    const { engine, db } = context;
    const name = collectionName(command, "insert");
    refuseView(engine, db, name);
    const documents = statements(command, "documents");
    const ordered = optionalBoolean(command, "ordered") ?? true;
    const collection = writableCollection(context, name);
    const bypass = optionalBoolean(command, "bypassDocumentValidation") ?? false;
    let n = 0;
    const writeErrors = runBatch(documents, ordered, (doc) => {
      insertDocument(collection, doc, bypass);
      n++;
    });
    await engine.commit();
    return writeErrors.length > 0 ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
  },
};

/** `update`: statements `{q, u, upsert, multi, arrayFilters}`; counts matched, modified and upserted. */
export const update: CommandHandler = {
  collection: firstFieldCollection,
  async run(command, context) {
    const { engine, db } = context;
    const name = collectionName(command, "update");
    refuseView(engine, db, name);
    const updates = statements(command, "updates");
    checkUpdateSort(updates);
    const ordered = optionalBoolean(command, "ordered") ?? true;
    const variables = evaluateLet(optionalDocument(command, "let"));
    let n = 0;
    let nModified = 0;
    const upserted: Document[] = [];
    const writeErrors = runBatch(updates, ordered, (statement, index) => {
      if (!isPlainObject(statement.q)) throw new MongoCommandError("TypeMismatch", "q must be an object");
      const upsert = optionalBoolean(statement, "upsert") ?? false;
      const existing = readableCollection(context, name);
      const collation = effectiveCollation(statement, existing);
      const collection = existing ?? (upsert ? writableCollection(context, name) : undefined);
      if (!collection) return;
      const outcome = updateDocuments(collection, {
        q: statement.q,
        u: statement.u as Document | Document[],
        upsert,
        multi: optionalBoolean(statement, "multi") ?? false,
        arrayFilters: optionalDocuments(statement, "arrayFilters"),
        sort: optionalDocument(statement, "sort"),
        bypassValidation: optionalBoolean(command, "bypassDocumentValidation"),
        variables: withConstants(variables, evaluateLet(optionalDocument(statement, "c"))),
        collation,
      });
      if (outcome.upsertedId !== undefined) {
        upserted.push({ index, _id: outcome.upsertedId });
        n++;
      } else {
        n += outcome.matched;
        nModified += outcome.modified;
      }
    });
    await engine.commit();
    const reply: Document = { n, nModified };
    if (upserted.length > 0) reply.upserted = upserted;
    if (writeErrors.length > 0) reply.writeErrors = writeErrors;
    reply.ok = 1;
    return reply;
  },
};

/** `delete`: statements `{q, limit}` where limit 0 deletes all matches and 1 deletes one. */
export const remove: CommandHandler = {
  collection: firstFieldCollection,
  async run(command, context) {
    const { engine, db } = context;
    const name = collectionName(command, "delete");
    refuseView(engine, db, name);
    const deletes = statements(command, "deletes");
    const ordered = optionalBoolean(command, "ordered") ?? true;
    const variables = evaluateLet(optionalDocument(command, "let"));
    let n = 0;
    const writeErrors = runBatch(deletes, ordered, (statement) => {
      if (!isPlainObject(statement.q)) throw new MongoCommandError("TypeMismatch", "q must be an object");
      const limit = statement.limit as unknown;
      if (limit !== 0 && limit !== 1) {
        throw new MongoCommandError("FailedToParse", "The limit field in delete objects must be 0 or 1.");
      }
      const collection = readableCollection(context, name);
      const collation = effectiveCollation(statement, collection);
      n += deleteDocuments(collection, statement.q, limit, variables, collation);
    });
    await engine.commit();
    return writeErrors.length > 0 ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
  },
};

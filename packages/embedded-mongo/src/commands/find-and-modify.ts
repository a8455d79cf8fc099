import type { Document } from "bson";
import { collectionName, optionalBoolean, optionalDocument, optionalDocuments } from "./args.ts";
import { readableCollection, writableCollection } from "./collection-for.ts";
import { effectiveCollation } from "./collation-option.ts";
import { firstFieldCollection, type CommandHandler } from "./command.ts";
import { clone } from "../engine/clone.ts";
import { MongoCommandError } from "../engine/errors.ts";
import { compileProjection, findDocuments } from "../engine/find.ts";
import { refuseView } from "../engine/views.ts";
import { updateDocuments } from "../engine/write.ts";
import { evaluateLet } from "../engine/let-variables.ts";

/**
 * `findAndModify` (findOneAndUpdate/Replace/Delete): one document chosen by query and sort, updated or removed
 * atomically, returned as it was before or (`new: true`) after. Errors, duplicate keys included, are reported
 * at the top level with `code`, `keyPattern` and `keyValue`.
 */
export const findAndModify: CommandHandler = {
  collection: firstFieldCollection,
  async run(command, context) {
    const { engine, db } = context;
    const name = collectionName(command, "findAndModify");
    refuseView(engine, db, name);
    const collation = effectiveCollation(command, engine.collection(db, name));
    const query = optionalDocument(command, "query") ?? {};
    const sort = optionalDocument(command, "sort");
    const remove = optionalBoolean(command, "remove") ?? false;
    const returnNew = optionalBoolean(command, "new") ?? false;
    const upsert = optionalBoolean(command, "upsert") ?? false;
    const variables = evaluateLet(optionalDocument(command, "let"));
    const fields = optionalDocument(command, "fields");
    const updateSpec = command.update as Document | Document[] | undefined;
    if (remove && updateSpec !== undefined) {
      throw new MongoCommandError("FailedToParse", "Cannot specify both an update and remove=true");
    }
    if (!remove && updateSpec === undefined) {
      throw new MongoCommandError("FailedToParse", "Either an update or remove=true must be specified");
    }
    if (remove && (upsert || returnNew)) {
      throw new MongoCommandError("FailedToParse", "Cannot specify both upsert=true and remove=true");
    }
    const project = compileProjection(fields, query, variables, collation);
    const shape = (doc: Document | undefined): Document | null => {
      if (!doc) return null;
      const copy = clone(doc);
      return project ? (project([copy])[0] ?? null) : copy;
    };

    if (remove) {
      const collection = readableCollection(context, name);
      const [target] = findDocuments(collection, { filter: query, sort, limit: 1, variables, collation });
      if (collection && target) collection.remove(target._id);
      await engine.commit();
      return { lastErrorObject: { n: target ? 1 : 0 }, value: shape(target), ok: 1 };
    }

    const collection = upsert ? writableCollection(context, name) : readableCollection(context, name);
    if (!collection) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const outcome = updateDocuments(collection, {
      q: query,
      u: updateSpec as Document | Document[],
      upsert,
      multi: false,
      arrayFilters: optionalDocuments(command, "arrayFilters"),
      sort,
      variables,
      bypassValidation: optionalBoolean(command, "bypassDocumentValidation"),
      collation,
    });
    await engine.commit();
    if (outcome.upsertedId !== undefined) {
      return {
        lastErrorObject: { n: 1, updatedExisting: false, upserted: outcome.upsertedId },
        value: returnNew ? shape(outcome.after) : null,
        ok: 1,
      };
    }
    return {
      lastErrorObject: { n: outcome.matched, updatedExisting: outcome.matched > 0 },
      value: shape(returnNew ? outcome.after : outcome.before),
      ok: 1,
    };
  },
};

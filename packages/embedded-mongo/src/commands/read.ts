import { Long, type Document } from "bson";
import { collectionName, optionalBoolean, optionalDocument, optionalNumber } from "./args.ts";
import { readableCollection } from "./collection-for.ts";
import { effectiveCollation, viewCollation } from "./collation-option.ts";
import { firstFieldCollection, type CommandHandler } from "./command.ts";
import { cursorReply } from "./cursor-reply.ts";
import { compareValues } from "../engine/bson-order.ts";
import { clone } from "../engine/clone.ts";
import { CollationClasses } from "../engine/collation-classes.ts";
import { indexKey } from "../engine/index-key.ts";
import { MongoCommandError } from "../engine/errors.ts";
import { compileProjection, findDocuments, type FindSpec } from "../engine/find.ts";
import { findStages, resolveView, viewDocuments } from "../engine/views.ts";
import { pathValues } from "../engine/paths.ts";
import { evaluateLet } from "../engine/let-variables.ts";

/** `find`: filter, sort, projection, skip, limit, batchSize, singleBatch; results through a cursor. */
export const find: CommandHandler = {
  collection: firstFieldCollection,
  run(command, context) {
    const { engine, db } = context;
    const name = collectionName(command, "find");
    const collection = readableCollection(context, name);
    const view = resolveView(engine, db, name);
    const collation = view ? viewCollation(command, collection) : effectiveCollation(command, collection);
    const filter = optionalDocument(command, "filter");
    const variables = evaluateLet(optionalDocument(command, "let"));
    const limit = optionalNumber(command, "limit");
    const batchSize = optionalNumber(command, "batchSize");
    if (batchSize !== undefined && batchSize < 0) {
      throw new MongoCommandError("BadValue", "BatchSize value must be non-negative");
    }
    const spec: FindSpec = {
      filter,
      sort: optionalDocument(command, "sort"),
      skip: optionalNumber(command, "skip"),
      limit,
      variables,
      collation,
    };
    const docs = view
      ? viewDocuments(engine, db, view, findStages(spec), variables, collation)
      : findDocuments(collection, spec);
    const project = compileProjection(optionalDocument(command, "projection"), filter, variables, collation);
    return cursorReply({
      engine,
      ns: `${db}.${name}`,
      docs,
      position: 0,
      batchSize: limit !== undefined && limit < 0 ? Math.abs(limit) : batchSize,
      first: true,
      singleBatch: optionalBoolean(command, "singleBatch") === true || (limit !== undefined && limit < 0),
      project,
    });
  },
};

/** `getMore`: the next batch of an open cursor. */
export const getMore: CommandHandler = {
  collection: (command) => (typeof command.collection === "string" ? command.collection : undefined),
  run(command, { engine, db }) {
    const id = command.getMore as unknown;
    if (!(id instanceof Long) && typeof id !== "number") {
      throw new MongoCommandError(
        "TypeMismatch",
        "BSON field 'getMore.getMore' is the wrong type, expected long",
      );
    }
    const cursorId = id instanceof Long ? id : Long.fromNumber(id);
    const ns = `${db}.${collectionName(command, "collection")}`;
    const cursor = engine.cursors.get(cursorId.toBigInt(), ns);
    return cursorReply({
      engine,
      ns,
      docs: cursor.docs,
      position: cursor.position,
      batchSize: optionalNumber(command, "batchSize"),
      first: false,
      cursorId,
      project: cursor.project,
    });
  },
};

/** `killCursors`: closes cursors; reports which were found. */
export const killCursors: CommandHandler = {
  collection: firstFieldCollection,
  run(command, { engine }) {
    const ids = command.cursors as unknown;
    if (!Array.isArray(ids)) {
      throw new MongoCommandError(
        "TypeMismatch",
        "BSON field 'killCursors.cursors' is the wrong type, expected array",
      );
    }
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const raw of ids) {
      const id = raw instanceof Long ? raw : Long.fromNumber(Number(raw));
      (engine.cursors.close(id.toBigInt()) ? killed : notFound).push(id);
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  },
};

/** `count` (estimatedDocumentCount and legacy count): query, skip, limit. */
export const count: CommandHandler = {
  collection: firstFieldCollection,
  run(command, context) {
    const { engine, db } = context;
    const name = collectionName(command, "count");
    const collection = readableCollection(context, name);
    const view = resolveView(engine, db, name);
    const collation = view ? viewCollation(command, collection) : effectiveCollation(command, collection);
    const query = optionalDocument(command, "query");
    const skip = optionalNumber(command, "skip") ?? 0;
    const limit = Math.abs(optionalNumber(command, "limit") ?? 0);
    if (view) {
      return {
        n: viewDocuments(engine, db, view, findStages({ filter: query, skip, limit }), undefined, collation)
          .length,
        ok: 1,
      };
    }
    if (!query || Object.keys(query).length === 0) {
      // An empty query counts from the collection's size, as MongoDB's metadata count does.
      const total = Math.max(0, (collection?.count ?? 0) - skip);
      return { n: limit > 0 ? Math.min(total, limit) : total, ok: 1 };
    }
    return { n: findDocuments(collection, { filter: query, skip, limit, collation }).length, ok: 1 };
  },
};

/** `distinct`: the distinct values of a field, arrays unwound one level, in BSON order as MongoDB returns them. */
export const distinct: CommandHandler = {
  collection: firstFieldCollection,
  run(command, context) {
    const { engine, db } = context;
    const name = collectionName(command, "distinct");
    const collection = readableCollection(context, name);
    const view = resolveView(engine, db, name);
    const collation = view ? viewCollation(command, collection) : effectiveCollation(command, collection);
    const key = command.key as unknown;
    if (typeof key !== "string") {
      throw new MongoCommandError(
        "TypeMismatch",
        "BSON field 'distinct.key' is the wrong type, expected string",
      );
    }
    const filter = optionalDocument(command, "query");
    const docs = view
      ? viewDocuments(engine, db, view, findStages({ filter }), undefined, collation)
      : findDocuments(collection, { filter, collation });
    // Under a collation, values equal by it are one value (the first met), as MongoDB answers.
    const classes = collation && new CollationClasses(collation);
    const keyOf = (v: unknown): string => indexKey(classes ? classes.canonicalValue(v, true) : v);
    const seen = new Map<string, unknown>();
    for (const doc of docs) {
      for (const value of pathValues(doc, key)) {
        const values = Array.isArray(value) && value.length === 0 ? [] : [value];
        for (const v of values) if (!seen.has(keyOf(v))) seen.set(keyOf(v), clone(v));
      }
    }
    const values = [...seen.values()].sort((a, b) => compareValues(a, b, collation?.compare));
    return { values, ok: 1 } satisfies Document;
  },
};

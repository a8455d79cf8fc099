import type { Document } from "bson";
import { collectionName } from "./args.ts";
import { effectiveCollation } from "./collation-option.ts";
import { firstFieldCollection, type CommandHandler } from "./command.ts";
import { listReply } from "./cursor-reply.ts";
import type { Collection } from "../engine/collection.ts";
import { MongoCommandError } from "../engine/errors.ts";
import { isPlainObject } from "../engine/paths.ts";
import { refuseView } from "../engine/views.ts";
import type { IndexSpec } from "../storage/records.ts";

const KEY_TYPES = new Set([1, -1]);

/** MongoDB's default index name: `field_1_other_-1`. */
export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${String(direction)}`)
    .join("_");
}

function parseSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw) || !isPlainObject(raw.key) || Object.keys(raw.key).length === 0) {
    throw new MongoCommandError(
      "CannotCreateIndex",
      "index specification must have a non-empty 'key' object",
    );
  }
  for (const [field, direction] of Object.entries(raw.key)) {
    if (!KEY_TYPES.has(direction as number)) {
      throw new MongoCommandError(
        "CannotCreateIndex",
        `index type ${String(direction)} on field '${field}' is not supported by the embedded server (only 1 and -1)`,
      );
    }
  }
  const spec: IndexSpec = {
    name: typeof raw.name === "string" ? raw.name : defaultIndexName(raw.key),
    key: raw.key as IndexSpec["key"],
  };
  if (raw.unique === true) spec.unique = true;
  if (raw.sparse === true) spec.sparse = true;
  if (isPlainObject(raw.partialFilterExpression)) spec.partialFilterExpression = raw.partialFilterExpression;
  if (typeof raw.expireAfterSeconds === "number") spec.expireAfterSeconds = raw.expireAfterSeconds;
  return spec;
}

/**
 * The index's collation as stored and listed: its own (`{locale: "simple"}` meaning none), else the
 * collection's default, as MongoDB gives a new index the collection's collation.
 */
function withCollation(spec: IndexSpec, raw: Document, collection: Collection): IndexSpec {
  const collation = effectiveCollation(raw, collection);
  return collation ? { ...spec, collation: { ...collation.spec } } : spec;
}

function sameKey(a: Document, b: Document): boolean {
  const ea = Object.entries(a);
  const eb = Object.entries(b);
  return ea.length === eb.length && ea.every(([k, v], i) => eb[i]?.[0] === k && eb[i]?.[1] === v);
}

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return (
    Boolean(a.unique) === Boolean(b.unique) &&
    Boolean(a.sparse) === Boolean(b.sparse) &&
    JSON.stringify(a.collation ?? null) === JSON.stringify(b.collation ?? null) &&
    JSON.stringify(a.partialFilterExpression ?? null) === JSON.stringify(b.partialFilterExpression ?? null)
  );
}

/** `createIndexes`: builds each index over existing data; identical re-creation is a no-op. */
export const createIndexes: CommandHandler = {
  collection: firstFieldCollection,
  async run(command, { engine, db }) {
    const name = collectionName(command, "createIndexes");
    refuseView(engine, db, name);
    const raw = command.indexes as unknown;
    if (!Array.isArray(raw) || raw.length === 0) {
      throw new MongoCommandError("BadValue", "Must specify at least one index to create");
    }
    const parsed = raw.map(parseSpec);
    // Collations are checked before anything is created, and against the collection's default.
    for (const each of raw as Document[]) effectiveCollation(each, undefined);
    const { collection, created } = engine.ensureCollection(db, name);
    const specs = parsed.map((spec, i) => withCollation(spec, raw[i] as Document, collection));
    const before = collection.indexSpecs().length;
    const toBuild = specs.filter((spec) => !alreadyExists(collection, spec));
    for (const spec of toBuild) collection.createIndex(spec);
    await engine.commit();
    const reply: Document = {
      numIndexesBefore: before,
      numIndexesAfter: collection.indexSpecs().length,
      createdCollectionAutomatically: created,
    };
    if (toBuild.length === 0) reply.note = "all indexes already exist";
    reply.ok = 1;
    return reply;
  },
};

function alreadyExists(collection: Collection, spec: IndexSpec): boolean {
  for (const existing of collection.indexSpecs()) {
    const keyMatches = sameKey(existing.key, spec.key);
    if (existing.name === spec.name) {
      if (keyMatches && sameOptions(existing, spec)) return true;
      throw new MongoCommandError(
        keyMatches ? "IndexOptionsConflict" : "IndexKeySpecsConflict",
        `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing)}`,
      );
    }
    if (keyMatches && sameOptions(existing, spec)) {
      throw new MongoCommandError(
        "IndexOptionsConflict",
        `Index already exists with a different name: ${existing.name}`,
      );
    }
  }
  return false;
}

/** `listIndexes`: the index definitions as a cursor; NamespaceNotFound for a missing collection. */
export const listIndexes: CommandHandler = {
  collection: firstFieldCollection,
  run(command, { engine, db }) {
    const name = collectionName(command, "listIndexes");
    const collection = engine.collection(db, name);
    if (!collection) throw new MongoCommandError("NamespaceNotFound", `ns does not exist: ${db}.${name}`);
    return listReply(
      `${db}.$cmd.listIndexes.${name}`,
      collection.indexSpecs().map((spec) => ({ v: 2, ...spec })),
    );
  },
};

/** `dropIndexes`: by name, by key pattern, a list of names, or `"*"` for all but `_id_`. */
export const dropIndexes: CommandHandler = {
  collection: firstFieldCollection,
  async run(command, { engine, db }) {
    const name = collectionName(command, "dropIndexes");
    const collection = engine.collection(db, name);
    if (!collection) throw new MongoCommandError("NamespaceNotFound", `ns not found ${db}.${name}`);
    const nIndexesWas = collection.indexSpecs().length;
    const target = command.index as unknown;
    let names: string[];
    if (target === "*")
      names = collection
        .indexSpecs()
        .slice(1)
        .map((spec) => spec.name);
    else if (typeof target === "string") names = [target];
    else if (Array.isArray(target) && target.every((t) => typeof t === "string")) names = target;
    else if (isPlainObject(target)) {
      const match = collection.indexSpecs().find((spec) => sameKey(spec.key, target));
      if (!match) {
        throw new MongoCommandError("IndexNotFound", `can't find index with key: ${JSON.stringify(target)}`);
      }
      names = [match.name];
    } else {
      throw new MongoCommandError("TypeMismatch", "BSON field 'dropIndexes.index' is the wrong type");
    }
    if (names.includes("_id_")) throw new MongoCommandError("InvalidOptions", "cannot drop _id index");
    for (const indexName of names) {
      if (!collection.index(indexName)) {
        throw new MongoCommandError("IndexNotFound", `index not found with name [${indexName}]`);
      }
    }
    for (const indexName of names) collection.dropIndex(indexName);
    await engine.commit();
    return { nIndexesWas, ok: 1 };
  },
};

import { ObjectId, type Document } from "bson";
// mingo's base updater: the one exported by "mingo" would put its default operators over mingoOptions' context.
import { update as applyOperators } from "mingo/updater";
import { valuesEqual } from "./bson-order.ts";
import { clone } from "./clone.ts";
import { MongoCommandError } from "./errors.ts";
import { Aggregator, mingoOptions } from "./mingo.ts";
import { isPlainObject } from "./paths.ts";

/** The update operators this server applies (mingo's, plus `$setOnInsert`, which only an upsert uses). */
const OPERATORS = new Set([
  "$addToSet",
  "$bit",
  "$currentDate",
  "$inc",
  "$max",
  "$min",
  "$mul",
  "$pop",
  "$pull",
  "$pullAll",
  "$push",
  "$rename",
  "$set",
  "$setOnInsert",
  "$unset",
]);

/** Stages allowed in a pipeline-style update, as in MongoDB. */
const PIPELINE_STAGES = new Set(["$addFields", "$set", "$project", "$unset", "$replaceRoot", "$replaceWith"]);

/** The three shapes an update can take. */
export type UpdateKind = "operators" | "replacement" | "pipeline";

/** Classifies an update and rejects the malformed ones with MongoDB's errors. */
export function updateKind(update: unknown): UpdateKind {
  if (Array.isArray(update)) {
    for (const stage of update) {
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
      if (name === undefined || !PIPELINE_STAGES.has(name)) {
        throw new MongoCommandError(
          "InvalidOptions",
          `${String(name)} is not allowed to be used within an update`,
        );
      }
    }
    return "pipeline";
  }
  if (!isPlainObject(update)) {
    throw new MongoCommandError("FailedToParse", "Update argument must be either an object or an array");
  }
  const keys = Object.keys(update);
  if (keys.length === 0 || !(keys[0] as string).startsWith("$")) {
    const dollar = keys.find((key) => key.startsWith("$"));
    if (dollar !== undefined) {
      throw new MongoCommandError(
        "DollarPrefixedFieldName",
        `The dollar ($) prefixed field '${dollar}' in '${dollar}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
      );
    }
    return "replacement";
  }
  for (const key of keys) {
    if (!OPERATORS.has(key)) {
      throw new MongoCommandError(
        "FailedToParse",
        `Unknown modifier: ${key}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    const fields = update[key] as unknown;
    if (!isPlainObject(fields)) {
      throw new MongoCommandError(
        "FailedToParse",
        `Modifiers operate on fields but we found type ${Array.isArray(fields) ? "array" : typeof fields} instead. For example: {$mod: {<field>: ...}} not {${key}: ${String(fields)}}`,
      );
    }
  }
  checkConflicts(update);
  return "operators";
}

/** Two operators touching the same path, or one path inside another, is ConflictingUpdateOperators. */
function checkConflicts(update: Document): void {
  const paths: string[] = [];
  for (const [op, fields] of Object.entries(update)) {
    for (const [path, target] of Object.entries(fields as Document)) {
      paths.push(path);
      if (op === "$rename" && typeof target === "string") paths.push(target);
    }
  }
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] as string;
    const b = sorted[i] as string;
    if (a === b || b.startsWith(a + ".")) {
      throw new MongoCommandError(
        "ConflictingUpdateOperators",
        `Updating the path '${b}' would create a conflict at '${a}'`,
      );
    }
  }
}

/** Options for {@link applyUpdate}. */
export interface ApplyOptions {
  kind: UpdateKind;
  /** The statement's filter: needed by the positional `$` operator. */
  query: Document;
  arrayFilters?: Document[] | undefined;
  variables?: Document | undefined;
  /** True when the update builds a document being upserted: `$setOnInsert` applies. */
  inserting: boolean;
}

/**
 * The document as it is after the update; the stored document is never touched (the update works on a copy).
 * `_id` may not change.
 */
export function applyUpdate(
  current: Document,
  update: Document | Document[],
  options: ApplyOptions,
): Document {
  let next: Document;
  switch (options.kind) {
    case "replacement": {
      const replacement = clone(update as Document);
      if (!("_id" in current)) {
        next = replacement;
        break;
      }
      if ("_id" in replacement && !valuesEqual(replacement._id, current._id)) {
        throw immutableId(current._id, replacement._id);
      }
      next = { _id: current._id, ...replacement };
      break;
    }
    case "operators": {
      next = clone(current);
      const modifier: Document = { ...(update as Document) };
      if (options.inserting && modifier.$setOnInsert) {
        modifier.$set = {
          ...(modifier.$set as Document | undefined),
          ...(modifier.$setOnInsert as Document),
        };
      }
      delete modifier.$setOnInsert;
      if (Object.keys(modifier).length > 0) {
        try {
          applyOperators(next, modifier, options.arrayFilters, options.query, {
            cloneMode: "deep",
            queryOptions: mingoOptions({ variables: options.variables }),
          });
        } catch (error) {
          throw asUpdateError(error);
        }
      }
      break;
    }
    case "pipeline": {
      try {
        const aggregator = new Aggregator(
          update as Document[],
          mingoOptions({ variables: options.variables }),
        );
        next = (aggregator.run([clone(current)])[0] as Document | undefined) ?? {};
      } catch (error) {
        throw asUpdateError(error);
      }
      break;
    }
  }
  if (!("_id" in next) || !valuesEqual(next._id, current._id)) {
    if (options.inserting && !("_id" in current)) return withIdFirst(next);
    throw immutableId(current._id, next._id);
  }
  return withIdFirst(next);
}

function asUpdateError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  return new MongoCommandError("BadValue", error instanceof Error ? error.message : String(error));
}

function immutableId(before: unknown, after: unknown): MongoCommandError {
  return new MongoCommandError(
    "ImmutableField",
    `Performing an update on the path '_id' would modify the immutable field '_id' (from ${String(before)} to ${String(after)})`,
  );
}

/** `_id` first, as MongoDB stores it. */
export function withIdFirst(doc: Document): Document {
  const keys = Object.keys(doc);
  if (keys[0] === "_id" || !("_id" in doc)) return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

/**
 * The document an upsert starts from: the filter's equality conditions (`field: value`, `$eq`, and those
 * inside a top-level `$and`), with dotted paths expanded.
 */
export function upsertSeed(filter: Document): Document {
  const seed: Document = {};
  collectEqualities(filter, seed);
  return seed;
}

function collectEqualities(filter: Document, seed: Document): void {
  for (const [path, condition] of Object.entries(filter)) {
    if (path === "$and" && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) collectEqualities(clause, seed);
      continue;
    }
    if (path.startsWith("$")) continue;
    if (isPlainObject(condition) && Object.keys(condition).some((k) => k.startsWith("$"))) {
      if ("$eq" in condition) setPath(seed, path, clone(condition.$eq));
      continue;
    }
    if (condition instanceof RegExp) continue;
    setPath(seed, path, clone(condition));
  }
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split(".");
  let target = doc;
  for (const part of parts.slice(0, -1)) {
    const next = target[part] as unknown;
    if (!isPlainObject(next)) target[part] = {};
    target = target[part] as Document;
  }
  target[parts[parts.length - 1] as string] = value;
}

/** A document's `_id`, generated (an ObjectId) when missing, and checked: arrays and regexes are refused. */
export function ensureId(doc: Document): Document {
  if (!("_id" in doc)) return { _id: new ObjectId(), ...doc };
  const id = doc._id as unknown;
  if (Array.isArray(id)) throw new MongoCommandError("BadValue", "can't use an array for _id");
  if (id instanceof RegExp) throw new MongoCommandError("BadValue", "can't use a regex for _id");
  if (id === undefined) throw new MongoCommandError("BadValue", "can't use undefined for _id");
  return withIdFirst(doc);
}

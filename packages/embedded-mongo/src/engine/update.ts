import { ObjectId, Timestamp, type Document } from "bson";
// mingo's base updater: the one exported by "mingo" would put its default operators over mingoOptions' context.
import { update as applyOperators } from "mingo/updater";
import { compareValues, typeClass, valuesEqual } from "./bson-order.ts";
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
    if (key === "$inc" || key === "$mul") {
      // mingo reports these as plain errors; MongoDB's code is TypeMismatch.
      for (const [path, amount] of Object.entries(fields)) {
        if (typeClass(amount) !== "number") {
          throw new MongoCommandError(
            "TypeMismatch",
            `Cannot ${key === "$inc" ? "increment" : "multiply"} with non-numeric argument: {${path}: ${render(amount)}}`,
          );
        }
      }
    }
  }
  checkConflicts(update);
  return "operators";
}

/** Every array filter must be used by some `$[identifier]` of the update: MongoDB refuses unused ones. */
export function checkArrayFilters(update: Document, arrayFilters: readonly Document[]): void {
  const used = new Set<string>();
  for (const fields of Object.values(update)) {
    for (const path of Object.keys(fields as Document)) {
      for (const match of path.matchAll(/\$\[([^\]]+)\]/g)) used.add(match[1] as string);
    }
  }
  for (const filter of arrayFilters) {
    const identifier = (Object.keys(filter)[0] ?? "").split(".")[0] as string;
    if (!used.has(identifier)) {
      throw new MongoCommandError(
        "FailedToParse",
        `The array filter for identifier '${identifier}' was not used in the update ${JSON.stringify(update)}`,
      );
    }
  }
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
      const modifier = effectiveModifier(update as Document, options.inserting);
      // mingo refuses any operator on `_id`; MongoDB allows setting it to its current value, and an upsert
      // may choose it (`$setOnInsert: {_id: …}`), so the server applies `$set` of `_id` itself.
      const set = modifier.$set as Document | undefined;
      if (set && "_id" in set) {
        const { _id: id, ...rest } = set;
        modifier.$set = rest;
        if (!("_id" in current)) next._id = id;
        else if (!valuesEqual(id, current._id)) throw immutableId(current._id, id);
      }
      checkTargets(next, modifier);
      resolveMinMax(next, modifier);
      applyModifier(next, modifier, options);
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
  const message = error instanceof Error ? error.message : String(error);
  // mingo's own check on `_id` (e.g. `$unset` or `$inc` of it) is MongoDB's ImmutableField.
  if (message.includes("would modify the immutable field '_id'")) {
    return new MongoCommandError("ImmutableField", message);
  }
  return new MongoCommandError("BadValue", message);
}

/**
 * The operators this update applies: `$setOnInsert` folded into `$set` when inserting (dropped otherwise) and
 * `$currentDate` turned into `$set` of the server's clock (mingo writes a number for a timestamp). The
 * statement's own objects are copied, not changed.
 */
function effectiveModifier(update: Document, inserting: boolean): Document {
  const modifier: Document = {};
  for (const [op, fields] of Object.entries(update)) {
    if (op === "$setOnInsert" && !inserting) continue;
    const target = op === "$setOnInsert" || op === "$currentDate" ? "$set" : op;
    const copy = (modifier[target] ??= {}) as Document;
    for (const [path, value] of Object.entries(fields as Document)) {
      copy[path] = op === "$currentDate" ? currentDate(value) : value;
    }
  }
  return modifier;
}

let lastTimestamp = { t: 0, i: 0 };

function currentDate(spec: unknown): Date | Timestamp {
  const type = isPlainObject(spec) ? spec.$type : typeof spec === "boolean" ? "date" : undefined;
  if (type === "date") return new Date();
  if (type !== "timestamp") {
    throw new MongoCommandError(
      "BadValue",
      "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
    );
  }
  // Like the oplog clock: seconds, and an increment that orders timestamps within one second.
  const t = Math.floor(Date.now() / 1000);
  lastTimestamp = t === lastTimestamp.t ? { t, i: lastTimestamp.i + 1 } : { t, i: 1 };
  return new Timestamp(lastTimestamp);
}

/** One field of an update operator. */
interface UpdateField {
  op: string;
  path: string;
  value: unknown;
}

/**
 * Applies update operators with mingo. MongoDB applies an update's fields in lexicographic path order (numeric
 * parts as numbers), which decides where new fields land, so mingo gets them in that order.
 * mingo tests its `condition` against the document before updating: the filter is passed only for the
 * positional `$` (which needs it, unmodified, so that update runs as one step), never for an upsert's new
 * document, which need not match a filter with ranges or regexes.
 */
function applyModifier(doc: Document, modifier: Document, options: ApplyOptions): void {
  const fields = Object.entries(modifier).flatMap(([op, paths]) =>
    Object.entries(paths as Document).map(([path, value]): UpdateField => ({ op, path, value })),
  );
  if (fields.length === 0) return;
  const positional = fields.some(({ path }) => /(^|\.)\$(\.|$)/.test(path));
  const condition = positional && !options.inserting ? options.query : {};
  try {
    const inOrder = positional || createsInOrder(doc, fields);
    for (const step of inOrder ? [modifier] : inApplyOrder(fields)) {
      applyOperators(doc, step, options.arrayFilters, condition, {
        cloneMode: "deep",
        queryOptions: mingoOptions({ variables: options.variables }),
      });
    }
  } catch (error) {
    throw asUpdateError(error);
  }
}

/**
 * Whether mingo, applying the fields as given, creates the missing ones in MongoDB's order anyway (the usual
 * case: only new fields' positions depend on the order), so one mingo call does.
 */
function createsInOrder(doc: Document, fields: UpdateField[]): boolean {
  let previous: string | undefined;
  for (const field of fields) {
    if (!CREATING.has(field.op) && field.op !== "$rename") continue;
    const path = applyPath(field);
    if (valueAt(doc, path) !== undefined) continue;
    if (previous !== undefined && comparePaths(previous, path) > 0) return false;
    previous = path;
  }
  return true;
}

/**
 * The fields as mingo updates in MongoDB's order: sorted by the path they write, consecutive fields of one
 * operator sharing a step (each mingo call has a fixed cost).
 */
function inApplyOrder(fields: UpdateField[]): Document[] {
  fields.sort((a, b) => comparePaths(applyPath(a), applyPath(b)));
  const steps: Document[] = [];
  for (const { op, path, value } of fields) {
    const same = steps[steps.length - 1]?.[op] as Document | undefined;
    if (same) same[path] = value;
    else steps.push({ [op]: { [path]: value } });
  }
  return steps;
}

/** The path an operator's field writes: `$rename` writes its target. */
function applyPath({ op, path, value }: UpdateField): string {
  return op === "$rename" && typeof value === "string" ? value : path;
}

function comparePaths(a: string, b: string): number {
  const pa = a.split(".");
  const pb = b.split(".");
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/**
 * `$min` and `$max` decided in BSON order (mingo compares values of one JavaScript type only, so it lets any
 * number replace a Decimal128): a field that wins becomes a `$set`, one that does not is dropped. Paths with
 * positional parts are left to mingo.
 */
function resolveMinMax(doc: Document, modifier: Document): void {
  for (const op of ["$min", "$max"]) {
    const fields = modifier[op] as Document | undefined;
    if (!fields) continue;
    const kept: Document = {};
    for (const [path, value] of Object.entries(fields)) {
      if (path.includes("$")) {
        kept[path] = value;
        continue;
      }
      const current = valueAt(doc, path);
      const order = current === undefined ? 0 : compareValues(value, current);
      if (current === undefined || (op === "$min" ? order < 0 : order > 0)) {
        modifier.$set = { ...(modifier.$set as Document | undefined), [path]: value };
      }
    }
    if (Object.keys(kept).length > 0) modifier[op] = kept;
    else delete modifier[op];
  }
}

/** The value at a dotted path through embedded documents and array indexes, or undefined. */
function valueAt(doc: Document, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split(".")) {
    if (Array.isArray(value) && /^\d+$/.test(part)) value = value[Number(part)];
    else if (isPlainObject(value)) value = value[part];
    else return undefined;
  }
  return value;
}

/** Operators that create their path when it is missing. */
const CREATING = new Set(["$set", "$inc", "$mul", "$min", "$max", "$push", "$addToSet", "$bit"]);

/**
 * MongoDB refuses what mingo silently skips: a path that runs through a scalar (PathNotViable), arithmetic on
 * a non-number, and array operators on a non-array. Paths with positional parts are left to mingo.
 */
function checkTargets(doc: Document, modifier: Document): void {
  for (const [op, fields] of Object.entries(modifier)) {
    for (const path of Object.keys(fields as Document)) {
      if (path.includes("$")) continue;
      const parts = path.split(".");
      let value: unknown = doc;
      for (let i = 0; i < parts.length && value !== undefined; i++) {
        const part = parts[i] as string;
        if (Array.isArray(value) && /^\d+$/.test(part)) value = value[Number(part)];
        else if (isPlainObject(value)) value = value[part];
        else if (CREATING.has(op)) {
          throw new MongoCommandError(
            "PathNotViable",
            `Cannot create field '${part}' in element {${parts[i - 1] ?? ""}: ${render(value)}}`,
          );
        } else value = undefined;
      }
      if (value === undefined) continue;
      const field = parts[parts.length - 1] as string;
      if ((op === "$inc" || op === "$mul") && typeClass(value) !== "number") {
        throw new MongoCommandError(
          "TypeMismatch",
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${render(doc._id)}} has the field '${field}' of non-numeric type ${typeName(value)}`,
        );
      }
      if (Array.isArray(value)) continue;
      if (op === "$push") {
        throw new MongoCommandError(
          "BadValue",
          `The field '${field}' must be an array but is of type ${typeName(value)} in document {_id: ${render(doc._id)}}`,
        );
      }
      if (op === "$addToSet") {
        throw new MongoCommandError(
          "BadValue",
          `Cannot apply $addToSet to non-array field. Field named '${field}' has non-array type ${typeName(value)}`,
        );
      }
      if (op === "$pull" || op === "$pullAll") {
        throw new MongoCommandError("BadValue", "Cannot apply $pull to a non-array value");
      }
      if (op === "$pop") {
        throw new MongoCommandError(
          "TypeMismatch",
          `Path '${path}' contains an element of non-array type '${typeName(value)}'`,
        );
      }
    }
  }
}

/** MongoDB's name for a value's BSON type, as its error messages give it. */
function typeName(value: unknown): string {
  const cls = typeClass(value);
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "double";
  if (cls === "boolean") return "bool";
  return cls;
}

function render(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
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

import type { Document } from "bson";
import { Context } from "mingo";
import { Aggregator } from "mingo/aggregator";
import * as accumulatorOperators from "mingo/operators/accumulator";
import * as expressionOperators from "mingo/operators/expression";
import * as pipelineOperators from "mingo/operators/pipeline";
import * as projectionOperators from "mingo/operators/projection";
import * as queryOperators from "mingo/operators/query";
import { $eq, $gt, $gte, $in, $lt, $lte } from "mingo/operators/query/comparison";
import * as windowOperators from "mingo/operators/window";
import { Lazy, type Iterator } from "mingo/lazy";
import { Query } from "mingo/query";
import type { Options } from "mingo/types";
import { isPlainObject } from "./paths.ts";
import { compareValues, toNumber, typeClass } from "./bson-order.ts";
import { MongoCommandError } from "./errors.ts";
import { compileSort } from "./sort.ts";
import { hashedIn, type QueryOperator } from "./hashed-in.ts";
import { collatedOperators } from "./collated-context.ts";
import { collatedGroup } from "./collated-group.ts";
import { collationOf } from "./collated-operators.ts";
import type { Collation } from "./collation.ts";

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function bsonTag(value: unknown): string | undefined {
  return value !== null && typeof value === "object"
    ? ((value as { _bsontype?: string })._bsontype ?? undefined)
    : undefined;
}

/** Tests a value against one `$type` alias or number, knowing bson's classes (mingo knows only JS types). */
function hasType(value: unknown, type: unknown): boolean {
  const cls = typeClass(value);
  switch (type) {
    case "double":
    case 1:
      return (typeof value === "number" && !isInt32(value)) || bsonTag(value) === "Double";
    case "string":
    case 2:
      return typeof value === "string";
    case "object":
    case 3:
      return cls === "object";
    case "array":
    case 4:
      return Array.isArray(value);
    case "binData":
    case 5:
      return cls === "binary";
    case "undefined":
    case 6:
      return value === undefined;
    case "objectId":
    case 7:
      return cls === "objectId";
    case "bool":
    case 8:
      return typeof value === "boolean";
    case "date":
    case 9:
      return cls === "date";
    case "null":
    case 10:
      return value === null;
    case "regex":
    case 11:
      return cls === "regex";
    case "javascript":
    case 13:
      return bsonTag(value) === "Code";
    case "symbol":
    case 14:
      return bsonTag(value) === "BSONSymbol";
    case "int":
    case 16:
      return (typeof value === "number" && isInt32(value)) || bsonTag(value) === "Int32";
    case "timestamp":
    case 17:
      return cls === "timestamp";
    case "long":
    case 18:
      return bsonTag(value) === "Long";
    case "decimal":
    case 19:
      return bsonTag(value) === "Decimal128";
    case "minKey":
    case -1:
      return cls === "minKey";
    case "maxKey":
    case 127:
      return cls === "maxKey";
    case "number":
      return cls === "number";
    default:
      throw new MongoCommandError("BadValue", `Unknown type name alias: ${String(type)}`);
  }
}

function isInt32(n: number): boolean {
  return Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX;
}

/** Values a path reaches for `$type`: the field itself and, when it is an array, its elements too. */
function typeCandidates(doc: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    out.push(doc);
    if (Array.isArray(doc)) out.push(...(doc as unknown[]));
    return;
  }
  if (Array.isArray(doc)) {
    for (const element of doc) typeCandidates(element, parts, i, out);
    return;
  }
  if (isPlainObject(doc)) {
    const next = doc[parts[i] as string];
    if (next !== undefined) typeCandidates(next, parts, i + 1, out);
  }
}

/** A BSON number held in an object (Decimal128, a Long past 2^53), which mingo compares by its string. */
function isNumberObject(value: unknown): boolean {
  return typeof value === "object" && typeClass(value) === "number" && !Number.isNaN(toNumber(value));
}

/** Whether a value the path reaches is a number that compares with `value` as `test` wants, by value. */
function numericMatch(selector: string, values: unknown[], test: (order: number) => boolean) {
  const parts = selector.split(".");
  const numbers = values.filter((v) => typeClass(v) === "number" && !Number.isNaN(toNumber(v)));
  return (doc: unknown): boolean => {
    const candidates: unknown[] = [];
    typeCandidates(doc, parts, 0, candidates);
    return candidates.some(
      (c) =>
        typeClass(c) === "number" &&
        numbers.some((v) => (isNumberObject(c) || isNumberObject(v)) && test(compareValues(c, v))),
    );
  };
}

/**
 * `$gt`/`$gte`/`$lt`/`$lte` comparing Decimal128 and Long by value, as MongoDB does (mingo compares their
 * strings, so `Decimal128("99.5") > Decimal128("100")`); other values keep mingo's operator.
 */
function numericRange(original: QueryOperator, test: (order: number) => boolean): QueryOperator {
  return (selector, value, options) => {
    const base = original(selector, value, options);
    if (typeClass(value) !== "number") return base;
    const byValue = numericMatch(selector, [value], test);
    return isNumberObject(value) ? byValue : (doc) => base(doc) || byValue(doc);
  };
}

/** `$eq`/`$in` also matching numbers of different BSON types by value (`Decimal128("1000.00")` equals 1000). */
function numericEquality(original: QueryOperator, many: boolean): QueryOperator {
  return (selector, value, options) => {
    const base = original(selector, value, options);
    const values = many && Array.isArray(value) ? (value as unknown[]) : [value];
    if (!values.some((v) => typeClass(v) === "number")) return base;
    const byValue = numericMatch(selector, values, (order) => order === 0);
    return (doc) => base(doc) || byValue(doc);
  };
}

const collated = collatedOperators({
  $eq: numericEquality($eq as QueryOperator, false),
  $in: hashedIn(numericEquality($in as QueryOperator, true)),
  $gt: numericRange($gt as QueryOperator, (order) => order > 0),
  $gte: numericRange($gte as QueryOperator, (order) => order >= 0),
  $lt: numericRange($lt as QueryOperator, (order) => order < 0),
  $lte: numericRange($lte as QueryOperator, (order) => order <= 0),
  $all: queryOperators.$all as QueryOperator,
});
const numericEq = collated.query.$eq;
const numericIn = collated.query.$in;

/**
 * Field order of a projection's output as MongoDB builds it: `_id`, then the kept fields in the document's
 * order, then computed fields (and `$elemMatch`) in the specification's order. mingo sorts the fields by name
 * and puts `_id` last.
 */
export function orderLikeProjection(out: Document, input: unknown, spec: Document): Document {
  const computed = new Set(
    Object.entries(spec)
      .filter(([, value]) => isComputed(value))
      .map(([path]) => path.split(".")[0] as string),
  );
  const ordered: Document = {};
  if ("_id" in out) ordered._id = out._id;
  if (isPlainObject(input)) {
    for (const key of Object.keys(input)) {
      if (key in out && !(key in ordered) && !computed.has(key)) ordered[key] = out[key];
    }
  }
  for (const path of Object.keys(spec)) {
    const key = path.split(".")[0] as string;
    if (key in out && !(key in ordered)) ordered[key] = out[key];
  }
  for (const key of Object.keys(out)) if (!(key in ordered)) ordered[key] = out[key];
  return ordered;
}

function isComputed(value: unknown): boolean {
  if (typeof value === "number" || typeof value === "boolean") return false;
  if (!isPlainObject(value)) return true;
  // A sub-projection ({a: {b: 1}}) and `$slice` keep the field where it is.
  return Object.keys(value).some((key) => key.startsWith("$")) && !("$slice" in value);
}

type PipelineStage = (coll: Iterator, spec: never, options: Options) => Iterator;

/**
 * Stages where mingo differs from MongoDB, replaced in every pipeline (nested ones included): `$sort` in BSON
 * order with MongoDB's array and missing-field rules, `$project` in MongoDB's field order, `$count` giving no
 * document for no input, `$bucket` as MongoDB defines it (a `$group` on a `$switch` of half-open ranges,
 * sorted; mingo puts a value equal to a boundary in the bucket below), and `$limit` refusing zero.
 */
const pipelineOverrides = {
  $sort: (coll: Iterator, spec: Document, options?: Options): Iterator => {
    const comparator = compileSort(spec, collationOf(options));
    return comparator ? Lazy((coll.collect() as Document[]).sort(comparator)) : coll;
  },
  $project: (coll: Iterator, spec: Document, options: Options): Iterator => {
    const inputs = coll.collect() as Document[];
    const outputs = pipelineOperators.$project(Lazy(inputs), spec, options).collect() as Document[];
    return Lazy(outputs.map((out, i) => orderLikeProjection(out, inputs[i], spec)));
  },
  $count: (coll: Iterator, field: string, options: Options): Iterator =>
    pipelineOperators.$count(coll, field, options).filter((doc: Document) => doc[field] !== 0),
  $bucket: (coll: Iterator, spec: Document, options: Options): Iterator => {
    const boundaries = spec.boundaries as unknown;
    if (!Array.isArray(boundaries) || boundaries.length < 2) {
      throw new MongoCommandError("BadValue", "$bucket 'boundaries' must be an array of at least 2 values");
    }
    const branches = boundaries.slice(0, -1).map((lower: unknown, i) => ({
      case: {
        $and: [
          { $gte: [spec.groupBy, { $literal: lower }] },
          { $lt: [spec.groupBy, { $literal: boundaries[i + 1] as unknown }] },
        ],
      },
      then: { $literal: lower },
    }));
    const key = {
      $switch: "default" in spec ? { branches, default: spec.default as unknown } : { branches },
    };
    const output = (spec.output as Document | undefined) ?? { count: { $sum: 1 } };
    const groups = pipelineOperators.$group(coll, { _id: key, ...output }, options);
    return pipelineOverrides.$sort(groups, { _id: 1 });
  },
  $group: (coll: Iterator, spec: Document, options: Options): Iterator => {
    const collation = collationOf(options);
    // A constant key (countDocuments' `_id: 1`) is one group under any collation.
    const constant = spec._id === null || (typeof spec._id !== "object" && !String(spec._id).startsWith("$"));
    return collation && !constant
      ? collatedGroup(coll, spec, options, collation)
      : pipelineOperators.$group(coll, spec as Parameters<typeof pipelineOperators.$group>[1], options);
  },
  $limit: (coll: Iterator, limit: number, options: Options): Iterator => {
    if (typeof limit !== "number" || !(limit > 0)) {
      throw new MongoCommandError("Location15958", "the limit must be positive");
    }
    return pipelineOperators.$limit(coll, limit, options);
  },
} satisfies Record<string, PipelineStage>;

/**
 * Every mingo operator, with this server's BSON-aware ones in place of mingo's. `Query` and `Aggregator` are
 * mingo's base classes, which use this context as given: the classes exported by "mingo" merge their default
 * operators over a caller's context, so overrides passed to them never take effect.
 */
const bsonContext = Context.init({
  accumulator: { ...accumulatorOperators, ...collated.accumulator },
  expression: { ...expressionOperators, ...collated.expression },
  pipeline: { ...pipelineOperators, ...pipelineOverrides },
  projection: projectionOperators,
  window: windowOperators,
  query: {
    ...queryOperators,
    ...collated.query,
    // mingo's $ne and $nin are the negations of its $eq and $in.
    $ne: (selector: string, value: unknown, options: Options) => {
      const eq = numericEq(selector, value, options);
      return (doc: unknown) => !eq(doc);
    },
    $nin: (selector: string, value: unknown, options: Options) => {
      const within = numericIn(selector, value, options);
      return (doc: unknown) => !within(doc);
    },
    $type: (selector: string, value: unknown, _options: Options) => {
      const types = Array.isArray(value) ? value : [value];
      for (const t of types) hasType(undefined, t); // validate the aliases up front
      const parts = selector.split(".");
      return (doc: unknown) => {
        const candidates: unknown[] = [];
        typeCandidates(doc, parts, 0, candidates);
        return candidates.some((c) => types.some((t) => hasType(c, t)));
      };
    },
  },
});

/**
 * mingo options for this server: BSON-aware `$type`, the command's `let` variables, collection lookups, and
 * the collation string comparisons run under (carried as its document, which mingo's own `$sort` reads too).
 */
export function mingoOptions(extra: {
  variables?: Document | undefined;
  collectionResolver?: (name: string) => Document[];
  collation?: Collation | undefined;
}): Partial<Options> {
  const options: { -readonly [K in keyof Options]?: Options[K] } = { context: bsonContext };
  if (extra.variables) options.variables = extra.variables;
  if (extra.collation) options.collation = extra.collation.spec as NonNullable<Options["collation"]>;
  if (extra.collectionResolver) options.collectionResolver = extra.collectionResolver;
  return options;
}

/** Query operators the embedded server cannot evaluate: refused, never answered wrongly. */
const UNSUPPORTED_OPERATORS = new Set([
  "$text",
  "$near",
  "$nearSphere",
  "$geoWithin",
  "$geoIntersects",
  "$where",
]);

function rejectUnsupported(value: unknown): void {
  if (Array.isArray(value)) {
    for (const element of value) rejectUnsupported(element);
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (UNSUPPORTED_OPERATORS.has(key)) {
      throw new MongoCommandError("NotImplemented", `${key} is not supported by the embedded server`);
    }
    rejectUnsupported(inner);
  }
}

/** Compiles a query filter into a predicate; a malformed filter is the client's error (BadValue). */
export function compileFilter(
  filter: Document,
  variables?: Document,
  collation?: Collation,
): (doc: Document) => boolean {
  if (!isPlainObject(filter)) throw new MongoCommandError("TypeMismatch", "filter must be an object");
  if (Object.keys(filter).length === 0) return () => true;
  rejectUnsupported(filter);
  try {
    const query = new Query(filter, mingoOptions({ variables, collation }));
    return (doc) => query.test(doc);
  } catch (error) {
    throw new MongoCommandError("BadValue", error instanceof Error ? error.message : String(error));
  }
}

export { Aggregator, Query };

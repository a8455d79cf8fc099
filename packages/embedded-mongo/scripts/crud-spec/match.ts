import { BSON } from "mongodb";

/**
 * How a value is compared: a root-level document may hold fields the expectation does not name (the unified
 * test format's rule for results, command documents and error responses); `rootArray` is an iterable result
 * (find, aggregate), whose elements are each root-level; anything nested must match exactly.
 */
export type MatchLevel = "root" | "rootArray" | "nested";

function bsonType(value: unknown): string | undefined {
  return value !== null && typeof value === "object"
    ? (value as { _bsontype?: string })._bsontype
    : undefined;
}

/** A plain document: neither an array nor a BSON value nor a Date. */
function isDocument(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  if (value instanceof Date || value instanceof RegExp || value instanceof Map) return false;
  return bsonType(value) === undefined;
}

/** An object whose first and only key is a `$$` operator. */
function specialOperator(value: unknown): string | undefined {
  if (!isDocument(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] as string).startsWith("$$") ? keys[0] : undefined;
}

const NUMBER_TAGS = new Set(["Int32", "Double", "Long"]);

/** The value of a JS number, Int32, Double or Long (flexible numerics); undefined for anything else. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  const tag = bsonType(value);
  if (tag && NUMBER_TAGS.has(tag)) return Number((value as { valueOf(): unknown }).valueOf());
  if (typeof value === "bigint") return Number(value);
  return undefined;
}

function isInt32(n: number): boolean {
  return Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31;
}

/** Whether a value (as the driver deserialised it: small int64s become numbers) has this BSON type alias. */
function hasType(value: unknown, type: string): boolean {
  const tag = bsonType(value);
  switch (type) {
    case "double":
      return typeof value === "number" || tag === "Double";
    case "int":
      return (typeof value === "number" && isInt32(value)) || tag === "Int32";
    case "long":
      return (typeof value === "number" && Number.isInteger(value)) || tag === "Long";
    case "decimal":
      return tag === "Decimal128";
    case "string":
      return typeof value === "string";
    case "object":
      return isDocument(value);
    case "array":
      return Array.isArray(value);
    case "bool":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "objectId":
      return tag === "ObjectId";
    case "date":
      return value instanceof Date;
    case "binData":
      return tag === "Binary";
    case "timestamp":
      return tag === "Timestamp";
    case "regex":
      return value instanceof RegExp || tag === "BSONRegExp";
    default:
      throw new Error(`the runner does not know the $$type alias ${type}`);
  }
}

function show(value: unknown): string {
  try {
    return BSON.EJSON.stringify(value as BSON.Document, { relaxed: true });
  } catch {
    return String(value);
  }
}

/**
 * Compares an actual value with an expectation of the unified test format (`$$exists`, `$$type`,
 * `$$unsetOrMatches`, flexible numerics, extra fields only in root-level documents). Returns undefined when
 * they match, otherwise what differs and where.
 */
export function match(expected: unknown, actual: unknown, level: MatchLevel, path = "$"): string | undefined {
  const operator = specialOperator(expected);
  if (operator !== undefined) {
    const argument = (expected as Record<string, unknown>)[operator];
    switch (operator) {
      case "$$type": {
        const types = Array.isArray(argument) ? (argument as string[]) : [argument as string];
        return types.some((type) => hasType(actual, type))
          ? undefined
          : `${path}: expected a value of type ${types.join("|")}, got ${show(actual)}`;
      }
      case "$$unsetOrMatches":
        return actual === undefined ? undefined : match(argument, actual, level, path);
      case "$$exists":
        return (actual !== undefined) === argument
          ? undefined
          : `${path}: expected $$exists ${String(argument)}`;
      default:
        throw new Error(`the runner does not implement the ${operator} operator`);
    }
  }
  if (isDocument(expected)) {
    const doc = actual instanceof Map ? Object.fromEntries(actual) : actual;
    if (!isDocument(doc)) return `${path}: expected a document, got ${show(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      const inner = specialOperator(value);
      const present = Object.hasOwn(doc, key) && doc[key] !== undefined;
      if (inner === "$$exists") {
        const failure = match(value, present ? doc[key] : undefined, "nested", `${path}.${key}`);
        if (failure) return failure;
        continue;
      }
      if (inner === "$$unsetOrMatches" && !present) continue;
      if (!present) return `${path}.${key}: missing (expected ${show(value)})`;
      const failure = match(value, doc[key], "nested", `${path}.${key}`);
      if (failure) return failure;
    }
    if (level !== "root") {
      const extra = Object.keys(doc).filter((key) => doc[key] !== undefined && !Object.hasOwn(expected, key));
      if (extra.length > 0) return `${path}: unexpected field(s) ${extra.join(", ")} in ${show(doc)}`;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${show(actual)}`;
    if (actual.length !== expected.length) {
      return `${path}: expected ${expected.length} element(s), got ${actual.length}: ${show(actual)}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const failure = match(
        expected[i],
        actual[i],
        level === "rootArray" ? "root" : "nested",
        `${path}[${i}]`,
      );
      if (failure) return failure;
    }
    return undefined;
  }
  return sameScalar(expected, actual)
    ? undefined
    : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

function sameScalar(expected: unknown, actual: unknown): boolean {
  const a = numberOf(expected);
  const b = numberOf(actual);
  if (a !== undefined || b !== undefined) return a !== undefined && b !== undefined && a === b;
  if (expected === null || actual === null || typeof expected !== "object" || typeof actual !== "object") {
    return expected === actual;
  }
  if (bsonType(expected) !== bsonType(actual)) return false;
  return show(expected) === show(actual);
}

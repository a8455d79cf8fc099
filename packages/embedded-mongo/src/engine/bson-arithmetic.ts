import { Long, type Decimal128 } from "bson";
import { Decimal128Value } from "./decimal128-value.ts";
import { MongoCommandError } from "./errors.ts";
import { renderValue } from "./render-value.ts";

/** A BSON number typed as MongoDB's update arithmetic (its SafeNum) types it. */
type Operand =
  | { type: "int" | "long"; value: bigint }
  | { type: "double"; value: number }
  | { type: "decimal"; value: Decimal128Value };

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** What `$inc` or `$mul` does to one field: a new value, or nothing (MongoDB's no-op). */
export type ArithmeticOutcome = { changed: true; value: unknown } | { changed: false };

/**
 * `$inc` or `$mul` of one field by MongoDB's rules for mixed numeric types: int32 with int32 is an int32 that
 * widens to a Long, any Long makes a Long (a result past 64 bits fails with BadValue, as in MongoDB), any
 * Decimal128 makes an exact Decimal128 (a double joining one counts for its first 15 digits), and a double
 * otherwise. A missing field (`current` undefined) becomes the argument for `$inc` and a zero of the argument's
 * type and scale for `$mul`. A result identical to the current value (same type, same value: 2.50 and 2.5 are
 * the same decimal) changes nothing, and the update does not count the document as modified.
 */
export function arithmeticOutcome(
  op: "$inc" | "$mul",
  current: unknown,
  amount: unknown,
  id: unknown,
): ArithmeticOutcome {
  const argument = operand(amount);
  if (current === undefined) {
    if (op === "$inc") return { changed: true, value: amount };
    // As MongoDB builds it: the argument times an int32 zero (which cannot overflow).
    const zero = multiply(argument, { type: "int", value: 0n }) as Operand;
    return { changed: true, value: toBson(zero) };
  }
  const original = operand(current);
  // MongoDB computes `argument op original`; the order matters only for which NaN a decimal NaN result keeps.
  const result = op === "$inc" ? add(argument, original) : multiply(argument, original);
  if (result === undefined) {
    throw new MongoCommandError(
      "BadValue",
      `Failed to apply ${op} operations to current value (${debugString(original)}) for document {_id: ${renderValue(id)}}`,
    );
  }
  return identical(result, original) ? { changed: false } : { changed: true, value: toBson(result) };
}

function bsonTag(value: unknown): string | undefined {
  return value !== null && typeof value === "object"
    ? (value as { _bsontype?: string })._bsontype
    : undefined;
}

/** The operand a deserialized BSON number is; the update's validation has already refused non-numbers. */
function operand(value: unknown): Operand {
  if (typeof value === "number") {
    // bson writes an integral number within int32 range as an int32, and every other number as a double.
    const int =
      Number.isSafeInteger(value) && !Object.is(value, -0) && fits(BigInt(value), INT32_MIN, INT32_MAX);
    return int ? { type: "int", value: BigInt(value) } : { type: "double", value };
  }
  if (typeof value === "bigint") return { type: "long", value };
  switch (bsonTag(value)) {
    case "Long":
      return { type: "long", value: (value as Long).toBigInt() };
    case "Decimal128":
      return { type: "decimal", value: Decimal128Value.fromBson(value as Decimal128) };
    case "Int32":
      return { type: "int", value: BigInt((value as { value: number }).value) };
    case "Double":
      return { type: "double", value: (value as { value: number }).value };
    case undefined:
    default:
      throw new Error(`invariant: ${String(value)} is not a BSON number`);
  }
}

function fits(value: bigint, min: bigint, max: bigint): boolean {
  return value >= min && value <= max;
}

/** An integer result: an int32 when both operands are and it fits, else a Long, else (past 64 bits) none. */
function integer(a: Operand, b: Operand, value: bigint): Operand | undefined {
  if (a.type === "int" && b.type === "int" && fits(value, INT32_MIN, INT32_MAX))
    return { type: "int", value };
  return fits(value, INT64_MIN, INT64_MAX) ? { type: "long", value } : undefined;
}

function add(a: Operand, b: Operand): Operand | undefined {
  if ((a.type === "int" || a.type === "long") && (b.type === "int" || b.type === "long")) {
    return integer(a, b, a.value + b.value);
  }
  if (a.type === "decimal" || b.type === "decimal") {
    return { type: "decimal", value: toDecimal(a).add(toDecimal(b)) };
  }
  return { type: "double", value: toDouble(a) + toDouble(b) };
}

function multiply(a: Operand, b: Operand): Operand | undefined {
  if ((a.type === "int" || a.type === "long") && (b.type === "int" || b.type === "long")) {
    return integer(a, b, a.value * b.value);
  }
  if (a.type === "decimal" || b.type === "decimal") {
    return { type: "decimal", value: toDecimal(a).multiply(toDecimal(b)) };
  }
  return { type: "double", value: toDouble(a) * toDouble(b) };
}

function toDecimal(operand: Operand): Decimal128Value {
  switch (operand.type) {
    case "int":
    case "long":
      return Decimal128Value.fromInteger(operand.value);
    case "double":
      return Decimal128Value.fromDouble(operand.value);
    case "decimal":
      return operand.value;
  }
}

function toDouble(operand: Operand): number {
  // Only integers and doubles meet here: a decimal operand makes the whole operation decimal.
  return operand.type === "double" ? operand.value : Number(operand.value);
}

function identical(a: Operand, b: Operand): boolean {
  if (a.type === "decimal" && b.type === "decimal") return a.value.equals(b.value);
  return a.type === b.type && a.value === b.value;
}

function toBson(operand: Operand): unknown {
  switch (operand.type) {
    case "int":
      return Number(operand.value);
    case "long":
      return Long.fromBigInt(operand.value);
    case "double":
      return operand.value;
    case "decimal":
      return operand.value.toBson();
  }
}

/** The operand as MongoDB's overflow message shows it, e.g. `(NumberLong)9223372036854775807`. */
function debugString(operand: Operand): string {
  switch (operand.type) {
    case "int":
      return `(NumberInt)${operand.value}`;
    case "long":
      return `(NumberLong)${operand.value}`;
    case "double":
      return `(NumberDouble)${operand.value}`;
    case "decimal":
      return `(NumberDecimal)${operand.value.toBson().toString()}`;
  }
}

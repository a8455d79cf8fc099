import { evalExpr } from "mingo/core";
import type { Options } from "mingo/types";
import { compareValues, typeClass } from "./bson-order.ts";
import { collationOfSpec, parseCollation, type Collation } from "./collation.ts";
import { CollationClasses, holdsString } from "./collation-classes.ts";
import { MongoCommandError } from "./errors.ts";
import { indexKey } from "./index-key.ts";
import type { QueryOperator } from "./hashed-in.ts";
import { isPlainObject } from "./paths.ts";

/**
 * The collation a query or pipeline runs under (carried in mingo's options); undefined for binary. mingo's
 * updater hands its operators a copy of the document, which is found again by its contents.
 */
export function collationOf(options: Options | undefined): Collation | undefined {
  const spec = options?.collation as unknown;
  const known = collationOfSpec(spec);
  if (known || !isPlainObject(spec) || typeof spec.locale !== "string") return known;
  return parseCollation(spec);
}

/** Values a path reaches for a comparison: the field itself and, when it is an array, its elements too. */
function reached(doc: unknown, parts: readonly string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    out.push(doc);
    if (Array.isArray(doc)) out.push(...(doc as unknown[]));
    return;
  }
  if (Array.isArray(doc)) {
    for (const element of doc) reached(element, parts, i, out);
    // A numeric path part also names an array element.
    const index = Number(parts[i]);
    if (Number.isInteger(index) && index >= 0 && index < doc.length) reached(doc[index], parts, i + 1, out);
    return;
  }
  if (isPlainObject(doc)) {
    const next = doc[parts[i] as string];
    if (next !== undefined) reached(next, parts, i + 1, out);
  }
}

function valuesAt(doc: unknown, parts: readonly string[]): unknown[] {
  const out: unknown[] = [];
  reached(doc, parts, 0, out);
  return out;
}

/** Equal under the collation: the same BSON type class, and `compareValues` with collated strings says 0. */
function collatedEqual(collation: Collation, a: unknown, b: unknown): boolean {
  return typeClass(a) === typeClass(b) && compareValues(a, b, collation.compare) === 0;
}

/**
 * `$eq` (and, many, `$in`) under a collation: a document also matches when a value its path reaches equals a
 * wanted value holding strings under the collation (binary equality implies collated equality, so the
 * original operator still decides everything else: null, regexes, numbers across BSON types). Plain strings
 * of an `$in` list go into {@link CollationClasses}, so a long list costs O(log n) comparisons per value.
 */
export function collatedEquality(original: QueryOperator, many: boolean): QueryOperator {
  return (selector, value, options) => {
    const base = original(selector, value, options);
    const collation = collationOf(options);
    if (!collation) return base;
    const wanted = many && Array.isArray(value) ? (value as unknown[]) : [value];
    const strings = new CollationClasses(collation);
    const compound: unknown[] = [];
    for (const each of wanted) {
      if (typeof each === "string") strings.canonical(each, true);
      else if (!(each instanceof RegExp) && holdsString(each)) compound.push(each);
    }
    if (strings.size === 0 && compound.length === 0) return base;
    const parts = selector.split(".");
    return (doc) =>
      base(doc) ||
      valuesAt(doc, parts).some(
        (c) =>
          (typeof c === "string" && strings.canonical(c, false) !== undefined) ||
          (compound.length > 0 && holdsString(c) && compound.some((v) => collatedEqual(collation, c, v))),
      );
  };
}

/**
 * `$gt`/`$gte`/`$lt`/`$lte` under a collation: a wanted value holding strings is compared with the values of
 * its own type class by the collation (MongoDB's type bracketing), replacing the binary comparison.
 */
export function collatedRange(original: QueryOperator, test: (order: number) => boolean): QueryOperator {
  return (selector, value, options) => {
    const collation = collationOf(options);
    if (!collation || !holdsString(value)) return original(selector, value, options);
    const parts = selector.split(".");
    const type = typeClass(value);
    return (doc) =>
      valuesAt(doc, parts).some(
        (c) => typeClass(c) === type && test(compareValues(c, value, collation.compare)),
      );
  };
}

/** `$all` under a collation: every listed value (or `$elemMatch`) is matched as `$eq` under the collation. */
export function collatedAll(original: QueryOperator, equality: QueryOperator): QueryOperator {
  return (selector, value, options) => {
    const collation = collationOf(options);
    if (!collation || !Array.isArray(value) || value.length === 0 || !value.some(holdsString)) {
      return original(selector, value, options);
    }
    const each = (value as unknown[]).map((v) =>
      isPlainObject(v) && "$elemMatch" in v
        ? original(selector, [v], options)
        : equality(selector, v, options),
    );
    return (doc) => each.every((test) => test(doc));
  };
}

type ExpressionOperator = (obj: unknown, expr: unknown, options: Options) => unknown;

function operands(name: string, obj: unknown, expr: unknown, options: Options): [unknown, unknown] {
  const args = evalExpr(obj, expr, options) as unknown;
  if (!Array.isArray(args) || args.length !== 2) {
    throw new MongoCommandError(
      "BadValue",
      `Expression ${name} takes exactly 2 arguments. ${Array.isArray(args) ? args.length : 1} were passed in.`,
    );
  }
  return [args[0], args[1]];
}

/**
 * An aggregation comparison (`$eq`, `$ne`, `$gt`, `$gte`, `$lt`, `$lte`, `$cmp`) that, under a collation,
 * compares in BSON order with strings by the collation, as MongoDB's expressions do; mingo's otherwise.
 */
export function collatedComparison(
  name: string,
  original: ExpressionOperator,
  result: (order: number) => unknown,
): ExpressionOperator {
  return (obj, expr, options) => {
    const collation = collationOf(options);
    if (!collation) return original(obj, expr, options);
    const [a, b] = operands(name, obj, expr, options);
    // A missing value sorts below null in an expression's comparison.
    const order =
      a === undefined || b === undefined
        ? Number(b === undefined) - Number(a === undefined)
        : compareValues(a, b, collation.compare);
    return result(order < 0 ? -1 : order > 0 ? 1 : 0);
  };
}

type Accumulator = (coll: unknown[], expr: unknown, options: Options) => unknown;

/** The `$addToSet` accumulator under a collation: values equal under it are one (the first met). */
export function collatedAddToSet(original: Accumulator): Accumulator {
  return (coll, expr, options) => {
    const values = original(coll, expr, options);
    const collation = collationOf(options);
    if (!collation || !Array.isArray(values)) return values;
    const classes = new CollationClasses(collation);
    const seen = new Set<string>();
    return values.filter((value: unknown) => {
      const key = indexKey(classes.canonicalValue(value, true));
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
}

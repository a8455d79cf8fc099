import type { Options } from "mingo/types";
import { $addToSet } from "mingo/operators/accumulator";
import { $cmp, $eq, $gt, $gte, $lt, $lte, $ne } from "mingo/operators/expression/comparison";
import {
  collatedAddToSet,
  collatedAll,
  collatedComparison,
  collatedEquality,
  collatedRange,
} from "./collated-operators.ts";
import type { QueryOperator } from "./hashed-in.ts";

/** The server's own comparison query operators, before a collation is taken into account. */
export interface ComparisonOperators {
  $eq: QueryOperator;
  $in: QueryOperator;
  $gt: QueryOperator;
  $gte: QueryOperator;
  $lt: QueryOperator;
  $lte: QueryOperator;
  $all: QueryOperator;
}

type ExpressionOperator = (obj: unknown, expr: unknown, options: Options) => unknown;

/**
 * The comparison operators of the server's mingo context, each answering under the collation its options
 * carry (and as before without one): query `$eq`, `$in`, ranges and `$all` wrap the server's own, and the
 * aggregation comparisons (`$eq`, `$ne`, `$gt`, `$gte`, `$lt`, `$lte`, `$cmp`) and the `$addToSet`
 * accumulator wrap mingo's.
 */
export function collatedOperators(base: ComparisonOperators): {
  query: ComparisonOperators;
  expression: Record<string, ExpressionOperator>;
  accumulator: { $addToSet: ReturnType<typeof collatedAddToSet> };
} {
  const eq = collatedEquality(base.$eq, false);
  return {
    query: {
      $eq: eq,
      $in: collatedEquality(base.$in, true),
      $gt: collatedRange(base.$gt, (order) => order > 0),
      $gte: collatedRange(base.$gte, (order) => order >= 0),
      $lt: collatedRange(base.$lt, (order) => order < 0),
      $lte: collatedRange(base.$lte, (order) => order <= 0),
      $all: collatedAll(base.$all, eq),
    },
    expression: {
      $eq: collatedComparison("$eq", $eq as ExpressionOperator, (order) => order === 0),
      $ne: collatedComparison("$ne", $ne as ExpressionOperator, (order) => order !== 0),
      $gt: collatedComparison("$gt", $gt as ExpressionOperator, (order) => order > 0),
      $gte: collatedComparison("$gte", $gte as ExpressionOperator, (order) => order >= 0),
      $lt: collatedComparison("$lt", $lt as ExpressionOperator, (order) => order < 0),
      $lte: collatedComparison("$lte", $lte as ExpressionOperator, (order) => order <= 0),
      $cmp: collatedComparison("$cmp", $cmp as ExpressionOperator, (order) => order),
    },
    accumulator: { $addToSet: collatedAddToSet($addToSet as Parameters<typeof collatedAddToSet>[0]) },
  };
}

import type { Document } from "bson";
import { valuesEqual } from "./bson-order.ts";
import { clone } from "./clone.ts";
import { takeDollarFields } from "./dollar-fields.ts";
import { asUpdateError, MongoCommandError } from "./errors.ts";
import { Aggregator, mingoOptions } from "./mingo.ts";
import type { OperatorContext } from "./operator-context.ts";
import { resolveArithmetic } from "./update-arithmetic.ts";
import type { UpdateKind } from "./update-kind.ts";
import { resolveMinMax } from "./update-min-max.ts";
import { effectiveModifier } from "./update-modifier.ts";
import { applyInOrder } from "./update-order.ts";
import { checkTargets } from "./update-targets.ts";
import { withIdFirst } from "./with-id-first.ts";

/** Options for {@link applyUpdate}: the update's shape (see `updateKind`) and what its operators need. */
export interface ApplyOptions extends OperatorContext {
  kind: UpdateKind;
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
      const dollarFields = takeDollarFields(modifier, options.inserting);
      checkTargets(next, modifier);
      resolveMinMax(next, modifier);
      resolveArithmetic(next, modifier, options);
      applyInOrder(next, modifier, options);
      for (const [field, value] of dollarFields) next[field] = clone(value);
      break;
    }
    case "pipeline": {
      try {
        const aggregator = new Aggregator(
          update as Document[],
          mingoOptions({ variables: options.variables, collation: options.collation }),
        );
        next = (aggregator.run([clone(current)])[0] as Document | undefined) ?? {};
      } catch (error) {
        throw asUpdateError(error);
      }
      // A pipeline whose result has no `_id` (`$replaceRoot` to a subdocument, `$project` without it) keeps the
      // document's own, as MongoDB's does; only a different `_id` is refused.
      if (!("_id" in next) && "_id" in current) next = { _id: current._id, ...next };
      break;
    }
  }
  if (!("_id" in next) || !valuesEqual(next._id, current._id)) {
    if (options.inserting && !("_id" in current)) return withIdFirst(next);
    throw immutableId(current._id, next._id);
  }
  return withIdFirst(next);
}

function immutableId(before: unknown, after: unknown): MongoCommandError {
  return new MongoCommandError(
    "ImmutableField",
    `Performing an update on the path '_id' would modify the immutable field '_id' (from ${String(before)} to ${String(after)})`,
  );
}

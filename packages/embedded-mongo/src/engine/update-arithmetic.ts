import type { Document } from "bson";
import { arithmeticOutcome } from "./bson-arithmetic.ts";
import { typeClass } from "./bson-order.ts";
import type { OperatorContext } from "./operator-context.ts";
import { concretePaths } from "./positional-paths.ts";
import { checkTargets } from "./update-targets.ts";
import { valueAt } from "./value-at.ts";

/**
 * `$inc` and `$mul` where the field or the argument is a Decimal128 or a Long, which mingo silently skips (its
 * arithmetic is on JavaScript numbers only): computed here by MongoDB's rules, each becomes a `$set` of its
 * result, or is dropped when the result is identical to the current value (MongoDB's no-op, which leaves the
 * document unmodified). Plain numbers stay with mingo. A path with positional parts is first resolved to the
 * elements it updates; one that cannot be resolved stays with mingo, which reports the error.
 */
export function resolveArithmetic(doc: Document, modifier: Document, context: OperatorContext): void {
  for (const op of ["$inc", "$mul"] as const) {
    const fields = modifier[op] as Document | undefined;
    if (!fields) continue;
    const kept: Document = {};
    for (const [path, amount] of Object.entries(fields)) {
      const paths = path.includes("$") ? concretePaths(doc, path, context) : [path];
      if (
        paths === undefined ||
        !(isObjectNumber(amount) || paths.some((p) => isObjectNumber(valueAt(doc, p))))
      ) {
        kept[path] = amount;
        continue;
      }
      for (const concrete of paths) {
        // A resolved positional path gets the checks a plain path had before (PathNotViable, TypeMismatch).
        if (concrete !== path) checkTargets(doc, { [op]: { [concrete]: amount } });
        const current = valueAt(doc, concrete);
        if (!isObjectNumber(amount) && !isObjectNumber(current)) {
          kept[concrete] = amount;
          continue;
        }
        const outcome = arithmeticOutcome(op, current, amount, doc._id);
        if (outcome.changed) {
          modifier.$set = { ...(modifier.$set as Document | undefined), [concrete]: outcome.value };
        }
      }
    }
    if (Object.keys(kept).length > 0) modifier[op] = kept;
    else delete modifier[op];
  }
}

/** A BSON number held in an object (Decimal128, a Long past 2^53): mingo cannot compute with it. */
function isObjectNumber(value: unknown): boolean {
  return typeof value !== "number" && typeClass(value) === "number";
}

import type { Collation } from "./collation.ts";
import { holdsString } from "./collation-classes.ts";

/**
 * Chooses, for each index, the equality constraints it may answer for a query running under
 * `queryCollation`: all of them when the index is keyed under the same collation (both binary, or equal
 * documents); otherwise only the fields whose wanted values hold no string, since the index would find
 * strings by the wrong equality (MongoDB's planner uses such an index only for non-string bounds).
 */
export function constraintsByCollation(
  constraints: Map<string, unknown[]>,
  queryCollation: Collation | undefined,
): (indexCollation: Collation | undefined) => Map<string, unknown[]> {
  let stringless: Map<string, unknown[]> | undefined;
  return (indexCollation) => {
    if (indexCollation?.id === queryCollation?.id) return constraints;
    if (!stringless) {
      stringless = new Map();
      for (const [field, values] of constraints) if (!values.some(holdsString)) stringless.set(field, values);
    }
    return stringless;
  };
}

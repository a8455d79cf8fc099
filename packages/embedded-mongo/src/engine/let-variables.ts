import type { Document } from "bson";
import { MongoCommandError } from "./errors.ts";
import { Aggregator, mingoOptions } from "./mingo.ts";

/**
 * A command's `let` variables with their values computed, as MongoDB does once per command: each value is an
 * aggregation expression (`{$literal: "$bar"}` is the string "$bar", `{$rand: {}}` a number, `"$$NOW"` the
 * time), evaluated where no document is in scope. Undefined stays undefined.
 */
export function evaluateLet(variables: Document | undefined): Document | undefined {
  if (!variables) return undefined;
  const names = Object.keys(variables);
  if (names.length === 0) return variables;
  for (const name of names) {
    if (!/^[a-z\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*$/.test(name)) {
      throw new MongoCommandError(
        "FailedToParse",
        `'${name}' starts with an invalid character for a user variable name`,
      );
    }
  }
  let computed: Document | undefined;
  try {
    const aggregator = new Aggregator(
      [{ $replaceWith: { $literal: {} } }, { $set: variables }],
      mingoOptions({}),
    );
    computed = aggregator.run([{}])[0] as Document | undefined;
  } catch (error) {
    throw new MongoCommandError("BadValue", error instanceof Error ? error.message : String(error));
  }
  return computed ?? {};
}

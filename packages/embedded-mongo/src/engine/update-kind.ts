import type { Document } from "bson";
import { typeClass } from "./bson-order.ts";
import { MongoCommandError } from "./errors.ts";
import { isPlainObject } from "./paths.ts";
import { renderValue } from "./render-value.ts";

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
            `Cannot ${key === "$inc" ? "increment" : "multiply"} with non-numeric argument: {${path}: ${renderValue(amount)}}`,
          );
        }
      }
    }
  }
  checkConflicts(update);
  return "operators";
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

import type { Document } from "bson";
import { typeClass } from "./bson-order.ts";
import { CREATING_OPERATORS } from "./creating-operators.ts";
import { MongoCommandError } from "./errors.ts";
import { isPlainObject } from "./paths.ts";
import { renderValue } from "./render-value.ts";
import { typeName } from "./type-name.ts";

/**
 * MongoDB refuses what mingo silently skips: a path that runs through a scalar (PathNotViable), arithmetic on
 * a non-number, and array operators on a non-array. Paths with positional parts are left to mingo.
 */
export function checkTargets(doc: Document, modifier: Document): void {
  for (const [op, fields] of Object.entries(modifier)) {
    for (const path of Object.keys(fields as Document)) {
      if (path.includes("$")) continue;
      const parts = path.split(".");
      let value: unknown = doc;
      for (let i = 0; i < parts.length && value !== undefined; i++) {
        const part = parts[i] as string;
        if (Array.isArray(value) && /^\d+$/.test(part)) value = value[Number(part)];
        else if (isPlainObject(value)) value = value[part];
        else if (CREATING_OPERATORS.has(op)) {
          throw new MongoCommandError(
            "PathNotViable",
            `Cannot create field '${part}' in element {${parts[i - 1] ?? ""}: ${renderValue(value)}}`,
          );
        } else value = undefined;
      }
      if (value === undefined) continue;
      const field = parts[parts.length - 1] as string;
      if ((op === "$inc" || op === "$mul") && typeClass(value) !== "number") {
        throw new MongoCommandError(
          "TypeMismatch",
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${renderValue(doc._id)}} has the field '${field}' of non-numeric type ${typeName(value)}`,
        );
      }
      if (Array.isArray(value)) continue;
      if (op === "$push") {
        throw new MongoCommandError(
          "BadValue",
          `The field '${field}' must be an array but is of type ${typeName(value)} in document {_id: ${renderValue(doc._id)}}`,
        );
      }
      if (op === "$addToSet") {
        throw new MongoCommandError(
          "BadValue",
          `Cannot apply $addToSet to non-array field. Field named '${field}' has non-array type ${typeName(value)}`,
        );
      }
      if (op === "$pull" || op === "$pullAll") {
        throw new MongoCommandError("BadValue", "Cannot apply $pull to a non-array value");
      }
      if (op === "$pop") {
        throw new MongoCommandError(
          "TypeMismatch",
          `Path '${path}' contains an element of non-array type '${typeName(value)}'`,
        );
      }
    }
  }
}

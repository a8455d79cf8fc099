import type { Document } from "bson";
import { MongoCommandError } from "./errors.ts";
import { compileFilter } from "./mingo.ts";
import { isPlainObject } from "./paths.ts";

const LEVELS = new Set(["off", "strict", "moderate"]);
const ACTIONS = new Set(["error", "warn"]);

const compiled = new WeakMap<Document, (doc: Document) => boolean>();

function containsJsonSchema(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsJsonSchema);
  if (!isPlainObject(value)) return false;
  return Object.entries(value).some(([key, inner]) => key === "$jsonSchema" || containsJsonSchema(inner));
}

/**
 * Checks a collection's validation options as `create` and `collMod` receive them: a validator is a query
 * filter (`$jsonSchema` is refused: mingo has no JSON Schema validator, and ignoring it would accept documents
 * MongoDB refuses), `validationLevel` off/strict/moderate and `validationAction` error/warn.
 */
export function checkValidationOptions(options: Document): void {
  const { validator, validationLevel, validationAction } = options;
  if (validator !== undefined) {
    if (!isPlainObject(validator)) {
      throw new MongoCommandError(
        "TypeMismatch",
        "BSON field 'validator' is the wrong type, expected object",
      );
    }
    if (containsJsonSchema(validator)) {
      throw new MongoCommandError(
        "NotImplemented",
        "$jsonSchema validators are not supported by the embedded server",
      );
    }
    compileFilter(validator);
  }
  if (validationLevel !== undefined && !LEVELS.has(validationLevel as string)) {
    throw new MongoCommandError(
      "BadValue",
      `Enumeration value '${String(validationLevel)}' for field 'validationLevel' is not a valid value.`,
    );
  }
  if (validationAction !== undefined && !ACTIONS.has(validationAction as string)) {
    throw new MongoCommandError(
      "BadValue",
      `Enumeration value '${String(validationAction)}' for field 'validationAction' is not a valid value.`,
    );
  }
}

function matches(validator: Document, doc: Document): boolean {
  let predicate = compiled.get(validator);
  if (!predicate) compiled.set(validator, (predicate = compileFilter(validator)));
  return predicate(doc);
}

/**
 * Refuses a document the collection's validator rejects, as MongoDB does on insert, update and upsert:
 * DocumentValidationFailure with `errInfo.failingDocumentId`. Nothing is checked with `bypassDocumentValidation`,
 * with `validationLevel: "off"`, or (`"moderate"`) when the document being updated already failed the validator;
 * `validationAction: "warn"` lets the write through (MongoDB only logs it).
 */
export function checkValidation(
  collection: { readonly options: Document },
  doc: Document,
  before: Document | undefined,
  bypass: boolean,
): void {
  const { validator, validationLevel, validationAction } = collection.options;
  if (bypass || !isPlainObject(validator) || Object.keys(validator).length === 0) return;
  if (validationLevel === "off") return;
  if (validationLevel === "moderate" && before && !matches(validator, before)) return;
  if (validationAction === "warn" || matches(validator, doc)) return;
  throw new MongoCommandError("DocumentValidationFailure", "Document failed validation", {
    errInfo: {
      failingDocumentId: doc._id,
      details: {
        specifiedAs: validator,
        reason: "the document does not match the validator",
      },
    },
  });
}

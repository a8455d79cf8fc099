import type { Document } from "bson";

/** MongoDB's error codes and names for the errors this server reports (src/mongo/base/error_codes.yml). */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  Unauthorized: 13,
  FailedToParse: 9,
  TypeMismatch: 14,
  InvalidLength: 16,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CannotCreateIndex: 67,
  IncompatibleCollationVersion: 161,
  NotImplemented: 238,
  UnsupportedOpQueryCommand: 352,
  BSONObjectTooLarge: 10334,
  Location13113: 13113,
  Location15958: 15958,
  Location40323: 40323,
  Location40324: 40324,
  Location40415: 40415,
  DuplicateKey: 11000,
  DocumentValidationFailure: 121,
  CommandNotSupportedOnView: 166,
  OptionNotSupportedOnView: 167,
  ViewDepthLimitExceeded: 170,
  Location17419: 17419,
  Location31254: 31254,
  WriteConflict: 112,
  ConflictingOperationInProgress: 117,
  TransactionTooOld: 225,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  TransactionTooLarge: 257,
  OperationNotSupportedInTransaction: 263,
} as const;

/** The name of a code from {@link ErrorCode}. */
export type ErrorCodeName = keyof typeof ErrorCode;

/**
 * A command failure the client can see: it becomes `{ok: 0, errmsg, code, codeName, ...extra}` or, inside a
 * write batch, one entry of `writeErrors`.
 */
export class MongoCommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly extra: Document;

  constructor(codeName: ErrorCodeName, message: string, extra: Document = {}) {
    super(message);
    this.name = "MongoCommandError";
    this.code = ErrorCode[codeName];
    // MongoDB reports the generic "Location" codes without a codeName of their own.
    this.codeName = codeName.startsWith("Location") ? "Location" + String(this.code) : codeName;
    this.extra = extra;
  }

  /** The reply document for a failed command. */
  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  /** An entry of a write command's `writeErrors`. */
  toWriteError(index: number): Document {
    return { index, code: this.code, codeName: this.codeName, errmsg: this.message, ...this.extra };
  }
}

/** Wraps anything thrown while evaluating a query, update or pipeline (mingo throws plain errors). */
export function asCommandError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new MongoCommandError("BadValue", message);
}

/**
 * Wraps anything thrown while applying an update: mingo's own check on `_id` (e.g. `$unset` or `$inc` of it)
 * is MongoDB's ImmutableField, anything else BadValue.
 */
export function asUpdateError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes("would modify the immutable field '_id'")) {
    return new MongoCommandError("ImmutableField", message);
  }
  return new MongoCommandError("BadValue", message);
}

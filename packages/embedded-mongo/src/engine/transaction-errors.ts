import { MongoCommandError } from "./errors.ts";

/** The label that tells a driver (and `withTransaction`) that the whole transaction may be retried. */
export const TRANSIENT_TRANSACTION_ERROR = "TransientTransactionError";
/** The label that tells a driver a commit may or may not have happened, so the commit may be retried. */
export const UNKNOWN_TRANSACTION_COMMIT_RESULT = "UnknownTransactionCommitResult";

/** MongoDB's WriteConflict (112): someone else wrote the document; retry the transaction. */
export function writeConflict(detail: string): MongoCommandError {
  return new MongoCommandError(
    "WriteConflict",
    `Write conflict during plan execution and yielding is disabled. :: Please retry your operation or ` +
      `multi-document transaction. (${detail})`,
    { errorLabels: [TRANSIENT_TRANSACTION_ERROR] },
  );
}

/** NoSuchTransaction (251): the transaction is not open (never started, aborted, or superseded). */
export function noSuchTransaction(session: string, txnNumber: number, reason?: string): MongoCommandError {
  return new MongoCommandError(
    "NoSuchTransaction",
    reason === undefined
      ? `Transaction with { txnNumber: ${txnNumber} } has been aborted or never started on session ${session}.`
      : `Transaction with { txnNumber: ${txnNumber} } has been aborted: ${reason}`,
    { errorLabels: [TRANSIENT_TRANSACTION_ERROR] },
  );
}

/** Whether a failure ends a whole write batch at once instead of being one statement's write error. */
export function abortsBatch(error: unknown): boolean {
  return (
    error instanceof MongoCommandError &&
    Array.isArray(error.extra.errorLabels) &&
    (error.extra.errorLabels as unknown[]).includes(TRANSIENT_TRANSACTION_ERROR)
  );
}

import type { CommandContext, CommandHandler } from "./command.ts";
import { commitTransaction as applyTransaction } from "../engine/commit-transaction.ts";
import { MongoCommandError } from "../engine/errors.ts";
import type { Session } from "../engine/sessions.ts";
import { noSuchTransaction, UNKNOWN_TRANSACTION_COMMIT_RESULT } from "../engine/transaction-errors.ts";

function sessionOf(context: CommandContext, name: string): { session: Session; txnNumber: number } {
  if (!context.session) {
    throw new MongoCommandError("InvalidOptions", `${name} must be run within a session with a txnNumber`);
  }
  return context.session;
}

/**
 * `commitTransaction`: applies the transaction's writes atomically and answers once they are durable. A retry
 * of a committed transaction answers ok again (after its commit is durable); one that failed to reach the
 * disk answers with the UnknownTransactionCommitResult label.
 */
export const commitTransaction: CommandHandler = {
  async run(_command, context) {
    const { engine } = context;
    const { session, txnNumber } = sessionOf(context, "commitTransaction");
    engine.sessions.checkNumber(session, txnNumber);
    const transaction = session.transaction;
    if (!transaction || transaction.txnNumber !== txnNumber) throw noSuchTransaction(session.id, txnNumber);
    if (transaction.state === "open") {
      applyTransaction(engine, transaction);
      transaction.durable = engine.commit();
    } else if (transaction.state !== "committed") {
      throw noSuchTransaction(session.id, txnNumber, transaction.abortReason);
    }
    try {
      await transaction.durable;
    } catch (error) {
      throw new MongoCommandError(
        "InternalError",
        `the commit of transaction ${txnNumber} may not be durable: ${String(error)}`,
        { errorLabels: [UNKNOWN_TRANSACTION_COMMIT_RESULT] },
      );
    }
    return { ok: 1 };
  },
};

/** `abortTransaction`: drops the transaction's writes; NoSuchTransaction if it is not open. */
export const abortTransaction: CommandHandler = {
  run(_command, context) {
    const { engine } = context;
    const { session, txnNumber } = sessionOf(context, "abortTransaction");
    engine.sessions.checkNumber(session, txnNumber);
    const transaction = session.transaction;
    if (!transaction || transaction.txnNumber !== txnNumber) throw noSuchTransaction(session.id, txnNumber);
    if (transaction.state === "committed") {
      throw new MongoCommandError("TransactionCommitted", `Transaction ${txnNumber} has been committed.`);
    }
    if (transaction.state !== "open") throw noSuchTransaction(session.id, txnNumber, transaction.abortReason);
    engine.sessions.abort(transaction, "the client aborted it");
    return { ok: 1 };
  },
};

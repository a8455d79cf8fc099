import { Binary, type Document } from "bson";
import type { CommandContext, CommandReply } from "./command.ts";
import { toNumber } from "../engine/bson-order.ts";
import { MongoCommandError } from "../engine/errors.ts";
import type { Session } from "../engine/sessions.ts";

/** Commands a transaction may run (MongoDB refuses the others with OperationNotSupportedInTransaction). */
const IN_TRANSACTION = new Set([
  "find",
  "getMore",
  "killCursors",
  "insert",
  "update",
  "delete",
  "findAndModify",
  "findandmodify",
  "aggregate",
  "distinct",
]);

/** Commands a driver retries with the same `lsid` and `txnNumber` (retryable writes). */
const RETRYABLE = new Set(["insert", "update", "delete", "findAndModify", "findandmodify"]);

/** The hex form of a session id (`lsid: {id: UUID}`), or undefined when the value is not one. */
export function sessionKey(lsid: unknown): string | undefined {
  if (lsid === null || typeof lsid !== "object") return undefined;
  const id = (lsid as Document).id as unknown;
  return id instanceof Binary ? Buffer.from(id.buffer).toString("hex") : undefined;
}

/**
 * Runs a command in its session: as a statement of a transaction (`autocommit: false`, the first with
 * `startTransaction: true`), as a retryable write (`txnNumber` alone: a retry of the session's last one gets
 * the first attempt's reply instead of writing twice), or plainly. A statement that fails, or whose batch has
 * write errors, aborts its transaction, as in MongoDB.
 */
export async function runInSession(
  name: string,
  command: Document,
  context: CommandContext,
  run: () => Promise<CommandReply>,
): Promise<CommandReply> {
  const key = sessionKey(command.lsid);
  const numbered = command.txnNumber !== undefined && command.txnNumber !== null;
  if (key === undefined) {
    if (numbered) {
      throw new MongoCommandError(
        "InvalidOptions",
        "Transaction number requires a session ID to also be specified",
      );
    }
    return run();
  }
  const { sessions } = context.engine;
  const session = sessions.session(key);
  if (!numbered) {
    if (command.autocommit !== undefined || command.startTransaction !== undefined) {
      throw new MongoCommandError("InvalidOptions", "'autocommit' and 'startTransaction' need a txnNumber");
    }
    return run();
  }
  const txnNumber = toNumber(command.txnNumber);
  if (!Number.isSafeInteger(txnNumber) || txnNumber < 0) {
    throw new MongoCommandError("BadValue", "txnNumber must be a non-negative integer");
  }
  if (name === "commitTransaction" || name === "abortTransaction") {
    context.session = { session, txnNumber };
    return run();
  }
  if (command.autocommit === false) return statement(name, command, context, session, txnNumber, run);
  if (command.autocommit !== undefined) {
    throw new MongoCommandError("InvalidOptions", "Specifying autocommit=true is not allowed.");
  }
  if (command.startTransaction !== undefined) {
    throw new MongoCommandError("InvalidOptions", "'startTransaction' needs 'autocommit: false'");
  }
  if (!RETRYABLE.has(name)) {
    throw new MongoCommandError(
      "InvalidOptions",
      `txnNumber may only be provided for multi-document transactions and retryable write commands, not ${name}`,
    );
  }
  return retryableWrite(context, session, txnNumber, run);
}

async function statement(
  name: string,
  command: Document,
  context: CommandContext,
  session: Session,
  txnNumber: number,
  run: () => Promise<CommandReply>,
): Promise<CommandReply> {
  const { sessions } = context.engine;
  const transaction =
    command.startTransaction === true
      ? sessions.start(session, txnNumber)
      : sessions.open(session, txnNumber);
  if (!IN_TRANSACTION.has(name)) {
    sessions.abort(transaction, `'${name}' cannot run in a transaction`);
    throw new MongoCommandError(
      "OperationNotSupportedInTransaction",
      `Cannot run '${name}' in a multi-document transaction.`,
    );
  }
  context.transaction = transaction;
  try {
    const reply = await run();
    if (!(reply instanceof Uint8Array) && Array.isArray(reply.writeErrors) && reply.writeErrors.length > 0) {
      sessions.abort(transaction, "one of its writes failed");
    }
    return reply;
  } catch (error) {
    sessions.abort(
      transaction,
      `a statement failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    throw error;
  }
}

async function retryableWrite(
  context: CommandContext,
  session: Session,
  txnNumber: number,
  run: () => Promise<CommandReply>,
): Promise<CommandReply> {
  const { sessions } = context.engine;
  sessions.checkNumber(session, txnNumber);
  if (txnNumber === session.txnNumber) {
    const retried = session.retried;
    if (retried?.txnNumber === txnNumber) return retried.reply;
    if (session.transaction?.txnNumber === txnNumber) {
      throw new MongoCommandError(
        "ConflictingOperationInProgress",
        `txnNumber ${txnNumber} of session ${session.id} belongs to a transaction`,
      );
    }
  }
  sessions.advance(session, txnNumber);
  const reply = run();
  session.retried = { txnNumber, reply };
  try {
    return await reply;
  } catch (error) {
    // The first attempt changed nothing (a command that throws writes nothing), so a retry may run again.
    if (session.retried?.reply === reply) session.retried = undefined;
    throw error;
  }
}

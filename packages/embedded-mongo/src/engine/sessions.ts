import type { Document } from "bson";
import { MongoCommandError } from "./errors.ts";
import { Transaction } from "./transaction.ts";
import { noSuchTransaction, writeConflict } from "./transaction-errors.ts";
import type { VersionStore } from "./version-store.ts";

/** One logical session (`lsid`): its transaction numbers, its transaction and its last retryable write. */
export interface Session {
  readonly id: string;
  lastUsed: number;
  /** The highest `txnNumber` the session has used; -1 before the first. */
  txnNumber: number;
  /** The transaction numbered `txnNumber`, when that number was a transaction. */
  transaction: Transaction | undefined;
  /** The reply of the retryable write numbered `txnNumber`, answered again if the driver retries it. */
  retried: { txnNumber: number; reply: Promise<Document | Uint8Array> } | undefined;
}

/** Limits of {@link SessionRegistry}. */
export interface SessionLimits {
  /** A transaction idle (no statement) for longer than this is aborted (MongoDB's default lifetime is 60 s). */
  transactionLifetimeMs: number;
  /** A session unused for longer than this is forgotten (`logicalSessionTimeoutMinutes`). */
  sessionTimeoutMs: number;
}

const DEFAULT_LIMITS: SessionLimits = { transactionLifetimeMs: 60_000, sessionTimeoutMs: 30 * 60_000 };

/**
 * The server's sessions and their transactions: starts, aborts and finishes transactions, owns the table of
 * which open transaction has written which document (first writer wins: a second writer gets WriteConflict),
 * aborts a transaction whose document a write outside it changed (the decision documented in the package
 * README: that write goes ahead, the transaction fails with a TransientTransactionError), and reaps idle
 * transactions and sessions.
 */
export class SessionRegistry {
  readonly limits: SessionLimits;
  readonly #sessions = new Map<string, Session>();
  readonly #owners = new Map<string, Transaction>();
  readonly #versions: VersionStore;
  readonly #timer: NodeJS.Timeout;

  constructor(versions: VersionStore, limits: Partial<SessionLimits> = {}) {
    this.#versions = versions;
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    versions.onChange((ns, id) => {
      const owner = this.#owners.get(ownerKey(ns, id));
      if (owner?.state === "open") {
        this.abort(owner, `a write outside the transaction changed a document it had written (${ns})`);
      }
    });
    this.#timer = setInterval(() => this.reap(), Math.min(1000, this.limits.transactionLifetimeMs)).unref();
  }

  /** The session with this id, created on first use. */
  session(id: string): Session {
    let session = this.#sessions.get(id);
    if (!session) {
      session = { id, lastUsed: Date.now(), txnNumber: -1, transaction: undefined, retried: undefined };
      this.#sessions.set(id, session);
    }
    session.lastUsed = Date.now();
    return session;
  }

  /** Checks that `txnNumber` may be used on the session now (not older than one it already used). */
  checkNumber(session: Session, txnNumber: number): void {
    if (txnNumber < session.txnNumber) {
      throw new MongoCommandError(
        "TransactionTooOld",
        `Cannot start transaction ${txnNumber} on session ${session.id} because a newer transaction ` +
          `${session.txnNumber} has already started.`,
      );
    }
  }

  /** Moves the session to `txnNumber` (a retryable write or a new transaction), aborting an older open one. */
  advance(session: Session, txnNumber: number): void {
    this.checkNumber(session, txnNumber);
    if (txnNumber === session.txnNumber) return;
    if (session.transaction?.state === "open") {
      this.abort(session.transaction, `the session went on to txnNumber ${txnNumber}`);
    }
    session.txnNumber = txnNumber;
    session.transaction = undefined;
    session.retried = undefined;
  }

  /** Starts transaction `txnNumber` on the session, its snapshot taken now. */
  start(session: Session, txnNumber: number): Transaction {
    this.checkNumber(session, txnNumber);
    if (txnNumber === session.txnNumber) {
      throw new MongoCommandError(
        "ConflictingOperationInProgress",
        `Transaction ${txnNumber} on session ${session.id} has already been started.`,
      );
    }
    this.advance(session, txnNumber);
    const transaction = new Transaction(session.id, txnNumber, this.#versions.now);
    this.#versions.open(transaction);
    session.transaction = transaction;
    return transaction;
  }

  /** The open transaction `txnNumber` of the session, or the error its statement must answer. */
  open(session: Session, txnNumber: number): Transaction {
    this.checkNumber(session, txnNumber);
    const transaction = session.transaction;
    if (!transaction || transaction.txnNumber !== txnNumber) {
      throw noSuchTransaction(session.id, txnNumber);
    }
    if (transaction.state === "committed") {
      throw new MongoCommandError("TransactionCommitted", `Transaction ${txnNumber} has been committed.`);
    }
    if (
      transaction.state === "open" &&
      Date.now() - transaction.lastUsed > this.limits.transactionLifetimeMs
    ) {
      this.abort(transaction, this.#idleReason());
    }
    if (transaction.state !== "open") throw noSuchTransaction(session.id, txnNumber, transaction.abortReason);
    transaction.lastUsed = Date.now();
    return transaction;
  }

  /**
   * Records that `transaction` writes the document with index key `id` in `ns`: WriteConflict if another open
   * transaction wrote it, or if a change was committed to it after the transaction's snapshot.
   */
  claim(transaction: Transaction, ns: string, id: string): void {
    const key = ownerKey(ns, id);
    const owner = this.#owners.get(key);
    if (owner && owner !== transaction && (owner.state === "open" || owner.state === "committing")) {
      throw writeConflict(`another transaction has written this document in ${ns}`);
    }
    if (this.#versions.changedSince(ns, id, transaction.since)) {
      throw writeConflict(`this document in ${ns} was changed after the transaction started`);
    }
    this.#owners.set(key, transaction);
    transaction.claims.add(key);
  }

  /** Aborts an open transaction (a no-op otherwise), dropping its writes. */
  abort(transaction: Transaction, reason?: string): void {
    if (transaction.state !== "open" && transaction.state !== "committing") return;
    transaction.state = "aborted";
    transaction.abortReason = reason;
    this.#release(transaction);
  }

  /** Marks a transaction whose writes were applied as committed. */
  finish(transaction: Transaction): void {
    transaction.state = "committed";
    this.#release(transaction);
  }

  /** `endSessions`: aborts the sessions' open transactions and forgets them. */
  end(ids: readonly string[]): void {
    for (const id of ids) {
      const session = this.#sessions.get(id);
      if (!session) continue;
      if (session.transaction) this.abort(session.transaction, "its session ended");
      this.#sessions.delete(id);
    }
  }

  /** Aborts transactions idle past the lifetime limit and forgets sessions unused past their timeout. */
  reap(now = Date.now()): void {
    for (const [id, session] of this.#sessions) {
      const transaction = session.transaction;
      if (transaction?.state === "open" && now - transaction.lastUsed > this.limits.transactionLifetimeMs) {
        this.abort(transaction, this.#idleReason());
      }
      if (now - session.lastUsed > this.limits.sessionTimeoutMs && transaction?.state !== "open") {
        this.#sessions.delete(id);
      }
    }
  }

  /** Open transactions, for tests and statistics. */
  get openTransactions(): number {
    let n = 0;
    for (const session of this.#sessions.values()) if (session.transaction?.state === "open") n++;
    return n;
  }

  /** Stops the reaper (the engine is closing). */
  close(): void {
    clearInterval(this.#timer);
    for (const session of this.#sessions.values()) {
      if (session.transaction) this.abort(session.transaction, "the server is stopping");
    }
  }

  #idleReason(): string {
    return `it was idle for longer than the transaction lifetime limit of ${this.limits.transactionLifetimeMs / 1000} s`;
  }

  #release(transaction: Transaction): void {
    for (const key of transaction.claims) {
      if (this.#owners.get(key) === transaction) this.#owners.delete(key);
    }
    transaction.claims.clear();
    this.#versions.close(transaction);
  }
}

function ownerKey(ns: string, id: string): string {
  return `${ns}\u0000${id}`;
}

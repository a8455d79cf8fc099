import { WriteSet } from "./write-set.ts";

/**
 * Where a transaction is: open (taking statements), committing (its writes being applied), committed, or
 * aborted (by the client, by an error in one of its statements, by a conflicting write or for idling too long).
 */
export type TransactionState = "open" | "committing" | "committed" | "aborted";

/**
 * One multi-document transaction of a session: its snapshot time, its pending writes, and its state. What it
 * reads and writes goes through {@link TransactionView}s; {@link SessionRegistry} starts, aborts and finishes it.
 */
export class Transaction {
  readonly session: string;
  readonly txnNumber: number;
  /** The snapshot: it reads the state as of this time of the version clock. */
  readonly since: number;
  readonly writes = new WriteSet();
  /** The keys of the documents it claimed in the registry's table of writers. */
  readonly claims = new Set<string>();
  state: TransactionState = "open";
  /** Why the server aborted it (told to the client by the next statement), if it did. */
  abortReason: string | undefined;
  /** When a statement last ran in it (ms since the epoch), for the idle limit. */
  lastUsed = Date.now();
  /** Once committed: settles when the commit is durable (a retried commit waits for it too). */
  durable: Promise<void> | undefined;

  constructor(session: string, txnNumber: number, since: number) {
    this.session = session;
    this.txnNumber = txnNumber;
    this.since = since;
  }
}

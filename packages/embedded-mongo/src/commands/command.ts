import type { Document } from "bson";
import type { Logger } from "pino";
import type { Engine } from "../engine/engine.ts";
import type { Session } from "../engine/sessions.ts";
import type { Transaction } from "../engine/transaction.ts";

/** What a command handler knows about the request it serves. */
export interface CommandContext {
  engine: Engine;
  /** The database named by the command's `$db`. */
  db: string;
  connectionId: number;
  logger: Logger;
  /** The open transaction the command is a statement of (set by the session gate), if any. */
  transaction?: Transaction | undefined;
  /** The command's session and `txnNumber`, for `commitTransaction` and `abortTransaction`. */
  session?: { session: Session; txnNumber: number } | undefined;
}

/**
 * A handler's answer: a reply document, or a reply already serialised (cursor replies assemble their batches
 * from documents serialised one by one, so nothing is serialised twice).
 */
export type CommandReply = Document | Uint8Array;

/** One command: its handler and how to name the collection it works on (for the statistics). */
export interface CommandHandler {
  run(command: Document, context: CommandContext): CommandReply | Promise<CommandReply>;
  /** The collection the command addresses, for per-collection counters; undefined for database-level ones. */
  collection?: (command: Document) => string | undefined;
}

/** The command's first field as a collection name (`{find: "users", …}`). */
export function firstFieldCollection(command: Document): string | undefined {
  const value = Object.values(command)[0] as unknown;
  return typeof value === "string" ? value : undefined;
}

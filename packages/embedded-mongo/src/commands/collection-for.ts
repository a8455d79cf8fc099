import type { CommandContext } from "./command.ts";
import type { DocumentSource } from "../engine/document-source.ts";

/** The collection a command reads: inside a transaction, the transaction's view of it; undefined if missing. */
export function readableCollection(context: CommandContext, name: string): DocumentSource | undefined {
  const { engine, db, transaction } = context;
  return transaction ? engine.transactionView(transaction, db, name, false) : engine.collection(db, name);
}

/** The collection a command writes, created when missing (inside a transaction, its view). */
export function writableCollection(context: CommandContext, name: string): DocumentSource {
  const { engine, db, transaction } = context;
  if (!transaction) return engine.ensureCollection(db, name).collection;
  const view = engine.transactionView(transaction, db, name, true);
  if (!view) throw new Error(`invariant: ${db}.${name} was just created`);
  return view;
}

import { BSON, type Document } from "bson";
import { aggregate } from "./aggregate.ts";
import { collMod } from "./coll-mod.ts";
import { create, drop, dropDatabase, listCollections, listDatabases } from "./catalog.ts";
import type { CommandContext, CommandHandler } from "./command.ts";
import { findAndModify } from "./find-and-modify.ts";
import {
  buildInfo,
  connectionStatus,
  embeddedStats,
  endSessions,
  getParameter,
  hello,
  isMaster,
  ping,
} from "./handshake.ts";
import { createIndexes, dropIndexes, listIndexes } from "./indexes.ts";
import { count, distinct, find, getMore, killCursors } from "./read.ts";
import { withClusterTime } from "./replica-set.ts";
import { runInSession } from "./session-gate.ts";
import { abortTransaction, commitTransaction } from "./transactions.ts";
import { insert, remove, update } from "./write.ts";
import { asCommandError, MongoCommandError } from "../engine/errors.ts";

/** Every command the server answers, by the name drivers send (matched case-sensitively, as mongod does). */
const COMMANDS: Record<string, CommandHandler> = {
  hello,
  isMaster,
  ismaster: isMaster,
  ping,
  buildInfo,
  buildinfo: buildInfo,
  endSessions,
  connectionStatus,
  getParameter,
  listDatabases,
  listCollections,
  create,
  collMod,
  drop,
  dropDatabase,
  createIndexes,
  listIndexes,
  dropIndexes,
  insert,
  update,
  delete: remove,
  find,
  getMore,
  killCursors,
  aggregate,
  count,
  distinct,
  findAndModify,
  findandmodify: findAndModify,
  commitTransaction,
  abortTransaction,
  embeddedStats,
};

/** Commands a driver may send in the legacy OP_QUERY form (the handshake only, as in MongoDB 6+). */
const OP_QUERY_COMMANDS = new Set(["hello", "isMaster", "ismaster"]);

/** The command's name: its first field. */
export function commandName(command: Document): string {
  return Object.keys(command)[0] ?? "";
}

/**
 * Runs one command and returns its serialised reply. Every failure becomes `{ok: 0, errmsg, code, codeName}`;
 * nothing a client sends can throw out of here.
 */
export async function runCommand(
  command: Document,
  context: CommandContext,
  legacy = false,
): Promise<Uint8Array> {
  const name = commandName(command);
  // Own properties only: a command named `toString` or `constructor` must not reach Object.prototype.
  const handler = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  context.engine.stats.command(name, handler?.collection ? nsOf(handler, command, context.db) : undefined);
  context.engine.localSessions.touch(command.lsid);
  try {
    if (!handler) {
      throw new MongoCommandError("CommandNotFound", `no such command: '${name}'`);
    }
    if (legacy && !OP_QUERY_COMMANDS.has(name)) {
      throw new MongoCommandError(
        "UnsupportedOpQueryCommand",
        `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade.`,
      );
    }
    const reply = await runInSession(name, command, context, async () => handler.run(command, context));
    return finish(context, command, reply instanceof Uint8Array ? reply : BSON.serialize(reply));
  } catch (error) {
    const failure = asCommandError(error);
    if (failure.code === 1 || !(error instanceof MongoCommandError)) {
      context.logger.warn({ err: error, command: name, db: context.db }, "command failed");
    }
    return finish(context, command, BSON.serialize(failure.toReply()));
  }
}

/**
 * A replica-set member's replies carry the cluster time: the handshake's, and those to commands of a driver
 * that gossips it (they carry `lsid` or `$clusterTime`); bare commands get the bare reply.
 */
function finish(context: CommandContext, command: Document, reply: Uint8Array): Uint8Array {
  const gossip =
    command.lsid !== undefined ||
    command.$clusterTime !== undefined ||
    OP_QUERY_COMMANDS.has(commandName(command));
  return context.engine.replicaSet && gossip ? withClusterTime(reply) : reply;
}

function nsOf(handler: CommandHandler, command: Document, db: string): string | undefined {
  const name = handler.collection?.(command);
  return name === undefined ? undefined : `${db}.${name}`;
}

import type { Document } from "bson";
import type { CommandHandler } from "./command.ts";
import { replicaSetFields } from "./replica-set.ts";
import { sessionKey } from "./session-gate.ts";
import type { ReplicaSetMember } from "../engine/engine.ts";
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE, MAX_WRITE_BATCH_SIZE } from "../wire/protocol.ts";

/** The MongoDB version this server answers as; wire version 21 is MongoDB 7.0. */
export const SERVER_VERSION = "7.0.0";
const MAX_WIRE_VERSION = 21;

/**
 * The handshake reply. It claims a server with sessions (so drivers send `lsid` and `endSessions` as against
 * production): the primary of a one-member replica set when started as one (the default), else a standalone;
 * it advertises no compression, and omits `topologyVersion` so drivers poll with plain `hello` instead of the
 * streaming protocol.
 */
function helloReply(legacy: boolean, connectionId: number, member: ReplicaSetMember | undefined): Document {
  return {
    helloOk: true,
    [legacy ? "ismaster" : "isWritablePrimary"]: true,
    ...(member ? replicaSetFields(member) : {}),
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

export const hello: CommandHandler = {
  run: (_c, { connectionId, engine }) => helloReply(false, connectionId, engine.replicaSet),
};
export const isMaster: CommandHandler = {
  run: (_c, { connectionId, engine }) => helloReply(true, connectionId, engine.replicaSet),
};

export const ping: CommandHandler = { run: () => ({ ok: 1 }) };

export const buildInfo: CommandHandler = {
  run: () => ({
    version: SERVER_VERSION,
    gitVersion: "embedded",
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ["embedded"],
    ok: 1,
  }),
};

/** `endSessions`: forgets the sessions (`$listLocalSessions` no longer lists them) and aborts their open transactions. */
export const endSessions: CommandHandler = {
  run: (command, { engine }) => {
    if (Array.isArray(command.endSessions)) engine.localSessions.end(command.endSessions as unknown[]);
    const list = command.endSessions as unknown;
    const ids = Array.isArray(list) ? list.map(sessionKey).filter((id) => id !== undefined) : [];
    engine.sessions.end(ids);
    return { ok: 1 };
  },
};

export const connectionStatus: CommandHandler = {
  run: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
};

export const getParameter: CommandHandler = {
  run: (command) => {
    const reply: Document = {};
    if (command.featureCompatibilityVersion !== undefined || command.getParameter === "*") {
      reply.featureCompatibilityVersion = { version: "7.0" };
    }
    reply.ok = 1;
    return reply;
  },
};

/** `embeddedStats`: this server's counters (see `stats()`); `reset: true` zeroes them after reading. */
export const embeddedStats: CommandHandler = {
  run: (command, { engine }) => {
    const snapshot = engine.stats.snapshot();
    if (command.reset === true) engine.stats.reset();
    return { ...snapshot, ok: 1 };
  },
};

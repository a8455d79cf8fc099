import { pino } from "pino";
import type { Connection } from "mongoose";
import { afterAll, beforeAll } from "vitest";
import { connectDatabase, type Viewer } from "../../packages/kit/src/index.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { initModels } from "../../subgraphs/recovery/src/models.ts";
import { createServer, type RecoveryServer } from "../../subgraphs/recovery/src/subgraph.ts";
import { auditEntries, domainDigest } from "../support/database.ts";

/** A GraphQL response as a test reads it. */
export interface Result {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: readonly (string | number)[] }[];
}

/** The recovery subgraph on the embedded server, executed through its real schema. */
export interface Harness {
  mongo: EmbeddedMongo;
  connection: Connection;
  server: RecoveryServer;
  /** Runs an operation as one request (fresh per-request loaders), as `viewer` (an admin when omitted). */
  run(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<Result>;
  /** Commands the subgraph sent to a collection since the last `resetStats()`. */
  commands(collection: string): Record<string, number>;
  /** Every command the subgraph sent since the last `resetStats()`, by collection (collections with none left out). */
  allCommands(): Record<string, Record<string, number>>;
  /** A SHA-256 of every document of every collection but the audit log: equal digests, unchanged data. */
  domainDigest(): Promise<string>;
  /** The audit log's entries, oldest first. */
  auditEntries(): Promise<Record<string, unknown>[]>;
}

let counter = 0;
let requests = 0;

/** Starts an embedded server and the subgraph on a database of its own for one test file. */
export function useRecovery(): Harness {
  const harness = {} as Harness;
  let dbName = "";
  beforeAll(async () => {
    harness.mongo = await startEmbeddedMongo();
    dbName = `recovery_${process.pid}_${++counter}`;
    const logger = pino({ level: "silent" });
    harness.connection = await connectDatabase({ uri: harness.mongo.uri, dbName, logger });
    harness.server = createServer(harness.connection, logger, TEST_KEYS);
    await initModels(harness.server.models);
    await harness.server.apollo.start();
    harness.run = async (query, variables, viewer = viewers.admin) => {
      const response = await harness.server.apollo.executeOperation(
        { query, variables: variables ?? {} },
        { contextValue: await harness.server.context({ viewer, requestId: `test-${++requests}` }) },
      );
      if (response.body.kind !== "single") throw new Error("unexpected incremental response");
      return response.body.singleResult as Result;
    };
    harness.commands = (collection) =>
      harness.mongo.stats().namespaces[`${dbName}.${collection}`]?.commands ?? {};
    harness.allCommands = () => {
      const out: Record<string, Record<string, number>> = {};
      for (const [namespace, stats] of Object.entries(harness.mongo.stats().namespaces)) {
        if (!namespace.startsWith(`${dbName}.`) || Object.keys(stats.commands).length === 0) continue;
        out[namespace.slice(dbName.length + 1)] = stats.commands;
      }
      return out;
    };
    harness.domainDigest = () => domainDigest(harness.connection);
    harness.auditEntries = () => auditEntries(harness.connection) as Promise<never>;
  });
  afterAll(async () => {
    await harness.server?.apollo.stop();
    await harness.connection?.close();
    await harness.mongo?.stop();
  });
  return harness;
}

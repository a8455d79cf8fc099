import { pino } from "pino";
import type { Connection } from "mongoose";
import { afterAll, beforeAll } from "vitest";
import { connectDatabase, type Viewer } from "../../packages/kit/src/index.ts";
import { auditEntries, domainDigest, type AuditEntry } from "../support/database.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { initModels } from "../../subgraphs/eradication/src/models.ts";
import { createServer, type EradicationServer } from "../../subgraphs/eradication/src/subgraph.ts";

export type { AuditEntry };

/** A GraphQL response as a test reads it. */
export interface Result {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: readonly (string | number)[] }[];
}

/** The eradication subgraph on the embedded server, executed through its real schema. */
export interface Harness {
  mongo: EmbeddedMongo;
  connection: Connection;
  server: EradicationServer;
  /** Runs an operation as one request (fresh per-request loaders), as `viewer` (an admin when omitted). */
  run(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<Result>;
  /** Commands the subgraph sent to a collection since the last `resetStats()`. */
  commands(collection: string): Record<string, number>;
  /** Commands the subgraph sent to every collection of its database since the last `resetStats()`. */
  allCommands(): Record<string, Record<string, number>>;
  /** A SHA-256 of every document of every collection but the audit log: equal digests, unchanged data. */
  domainDigest(): Promise<string>;
  /** The audit log's entries, oldest first. */
  audit(filter?: Record<string, unknown>): Promise<AuditEntry[]>;
}

let counter = 0;
let requests = 0;

/** Starts an embedded server and the subgraph on a database of its own for one test file. */
export function useEradication(): Harness {
  const harness = {} as Harness;
  let dbName = "";
  beforeAll(async () => {
    harness.mongo = await startEmbeddedMongo();
    dbName = `eradication_${process.pid}_${++counter}`;
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
    harness.allCommands = () =>
      Object.fromEntries(
        Object.entries(harness.mongo.stats().namespaces)
          .filter(([ns]) => ns.startsWith(`${dbName}.`))
          .map(([ns, stats]) => [ns.slice(dbName.length + 1), stats.commands]),
      );
    harness.domainDigest = () => domainDigest(harness.connection);
    harness.audit = (filter = {}) => auditEntries(harness.connection, filter);
  });
  afterAll(async () => {
    await harness.server?.apollo.stop();
    await harness.connection?.close();
    await harness.mongo?.stop();
  });
  return harness;
}

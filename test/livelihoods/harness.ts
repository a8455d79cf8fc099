import { pino } from "pino";
import type { Connection } from "mongoose";
import { afterAll, beforeAll } from "vitest";
import { connectDatabase, type Viewer } from "../../packages/kit/src/index.ts";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { initModels } from "../../subgraphs/livelihoods/src/models.ts";
import { createServer, type LivelihoodsServer } from "../../subgraphs/livelihoods/src/subgraph.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";

/** A GraphQL response as a test reads it. */
export interface Result {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: readonly (string | number)[] }[];
}

/** The livelihoods subgraph on the embedded server, executed through its real schema. */
export interface Harness {
  mongo: EmbeddedMongo;
  connection: Connection;
  server: LivelihoodsServer;
  /** Runs an operation as one request (fresh per-request loaders), as `viewer` (an admin when omitted). */
  run(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<Result>;
  /** Runs an operation (as `viewer`, an admin when omitted) and fails the test on any error; returns its data. */
  ok<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    viewer?: Viewer,
  ): Promise<T>;
  /** Commands the subgraph sent to a collection since the last `resetStats()`. */
  commands(collection: string): Record<string, number>;
}

let counter = 0;
let requests = 0;

/** Starts an embedded server and the subgraph on a database of its own for one test file. */
export function useLivelihoods(): Harness {
  const harness = {} as Harness;
  let dbName = "";
  beforeAll(async () => {
    harness.mongo = await startEmbeddedMongo();
    dbName = `livelihoods_${process.pid}_${++counter}`;
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
    harness.ok = async <T>(query: string, variables?: Record<string, unknown>, viewer?: Viewer) => {
      const result = await harness.run(query, variables, viewer);
      if (result.errors) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
      return result.data as T;
    };
    harness.commands = (collection) =>
      harness.mongo.stats().namespaces[`${dbName}.${collection}`]?.commands ?? {};
  });
  afterAll(async () => {
    await harness.server?.apollo.stop();
    await harness.connection?.close();
    await harness.mongo?.stop();
  });
  return harness;
}

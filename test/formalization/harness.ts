import { pino } from "pino";
import type { Connection } from "mongoose";
import { afterAll, beforeAll } from "vitest";
import { connectDatabase, type Viewer } from "../../packages/kit/src/index.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { createServer, type FormalizationServer } from "../../subgraphs/formalization/src/subgraph.ts";

/** A GraphQL response as a test reads it. */
export interface Result {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: readonly (string | number)[] }[];
}

/** The formalization subgraph on the embedded server, executed through its real schema. */
export interface Harness {
  mongo: EmbeddedMongo;
  connection: Connection;
  server: FormalizationServer;
  /** Runs an operation as one request (fresh per-request loaders), as `viewer` (an admin when omitted). */
  run(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<Result>;
  /** Commands the subgraph sent to a collection since the last `resetStats()`. */
  commands(collection: string): Record<string, number>;
}

let counter = 0;
let requests = 0;

/** Starts an embedded server and the subgraph on a database of its own for one test file. */
export function useFormalization(): Harness {
  const harness = {} as Harness;
  let dbName = "";
  beforeAll(async () => {
    harness.mongo = await startEmbeddedMongo();
    dbName = `formalization_${process.pid}_${++counter}`;
    const logger = pino({ level: "silent" });
    harness.connection = await connectDatabase({ uri: harness.mongo.uri, dbName, logger });
    harness.server = createServer(harness.connection, logger, TEST_KEYS);
    await harness.server.models.Record.init();
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
  });
  afterAll(async () => {
    await harness.server?.apollo.stop();
    await harness.connection?.close();
    await harness.mongo?.stop();
  });
  return harness;
}

/** The RUC check digit, for making valid RUCs in tests. */
export { rucCheckDigit } from "../../packages/kit/src/index.ts";

import { parse, type DocumentNode } from "graphql";
import { pino } from "pino";
import type { Connection } from "mongoose";
import { afterAll, beforeAll } from "vitest";
import {
  connectDatabase,
  subgraphSdl,
  type PillarDefinition,
  type PillarServer,
  type Viewer,
  type ViewerContext,
} from "../../packages/kit/src/index.ts";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { auditEntries, domainDigest, type AuditEntry } from "./database.ts";
import { TEST_KEYS, viewers } from "./viewers.ts";

/** A GraphQL response as a test reads it. */
export interface Result {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: readonly (string | number)[] }[];
}

/** One pillar's subgraph on the embedded server, executed through its real schema, for one test file. */
export interface SubgraphHarness<M, C extends ViewerContext> {
  mongo: EmbeddedMongo;
  connection: Connection;
  server: PillarServer<M, C>;
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
  /** Every command the subgraph sent since the last `resetStats()`, by collection (collections with none left out). */
  allCommands(): Record<string, Record<string, number>>;
  /** A SHA-256 of every document of every collection but the audit log: equal digests, unchanged data. */
  domainDigest(): Promise<string>;
  /** The audit log's entries matching `filter`, oldest first. */
  audit(filter?: Record<string, unknown>): Promise<AuditEntry[]>;
}

let counter = 0;
let requests = 0;

/**
 * Starts an embedded server and the pillar's subgraph on a database of its own for one test file. `init`
 * prepares the models (indexes) as the tests need them; the pillar's full `prepare` also rebuilds counters.
 */
export function useSubgraph<M, C extends ViewerContext>(
  pillar: PillarDefinition<M, C>,
  init: (models: M) => Promise<unknown>,
): SubgraphHarness<M, C> {
  const harness = {} as SubgraphHarness<M, C>;
  let dbName = "";
  beforeAll(async () => {
    harness.mongo = await startEmbeddedMongo();
    dbName = `${pillar.name}_${process.pid}_${++counter}`;
    const logger = pino({ level: "silent" });
    harness.connection = await connectDatabase({ uri: harness.mongo.uri, dbName, logger });
    const serving = await pillar.serving();
    harness.server = serving.createServer({
      pillar,
      connection: harness.connection,
      logger,
      keys: TEST_KEYS,
    });
    await init(harness.server.models);
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
    harness.allCommands = () => {
      const out: Record<string, Record<string, number>> = {};
      for (const [namespace, stats] of Object.entries(harness.mongo.stats().namespaces)) {
        if (!namespace.startsWith(`${dbName}.`) || Object.keys(stats.commands).length === 0) continue;
        out[namespace.slice(dbName.length + 1)] = stats.commands;
      }
      return out;
    };
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

/** A pillar's SDL as its server parses it (with the `@access` directive definitions). */
export function pillarTypeDefs(pillar: Pick<PillarDefinition, "schema">): DocumentNode {
  return parse(subgraphSdl(pillar.schema));
}

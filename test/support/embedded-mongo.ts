import { MongoClient } from "mongodb";
import { afterAll, beforeAll } from "vitest";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";

/** A server and a connected official driver client for one test file, with a fresh database per call to `db()`. */
export interface ServerFixture {
  server: EmbeddedMongo;
  client: MongoClient;
  /** A database whose name no other test uses. */
  db(prefix?: string): ReturnType<MongoClient["db"]>;
}

let counter = 0;

/**
 * Starts an in-memory embedded server before the file's tests and stops it after, with a driver client
 * connected over TCP: tests reach the server exactly as production code reaches MongoDB.
 */
export function useEmbeddedMongo(): ServerFixture {
  const fixture = {} as ServerFixture;
  beforeAll(async () => {
    fixture.server = await startEmbeddedMongo();
    fixture.client = await MongoClient.connect(fixture.server.uri);
    fixture.db = (prefix = "test") => fixture.client.db(`${prefix}_${process.pid}_${++counter}`);
  });
  afterAll(async () => {
    await fixture.client?.close();
    await fixture.server?.stop();
  });
  return fixture;
}

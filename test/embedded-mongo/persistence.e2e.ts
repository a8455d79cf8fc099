import { existsSync, mkdtempSync, readdirSync, appendFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Decimal128, MongoClient, ObjectId } from "mongodb";
import { afterEach, describe, expect, it } from "vitest";
import { startEmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { runServerToExit, spawnServer, stopChild } from "../support/spawn-server.ts";

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tinkuy-embedded-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("a server with a data directory", () => {
  it("keeps documents, indexes and deletions across a restart", async () => {
    const dbPath = dataDir();
    const id = new ObjectId();
    let server = await startEmbeddedMongo({ dbPath });
    let client = await MongoClient.connect(server.uri);
    const records = () => client.db("formalization").collection("records");
    await records().createIndex({ code: 1 }, { unique: true });
    await records().insertMany([
      { _id: id, code: "A", amount: Decimal128.fromString("2604944201.50"), at: new Date(0) },
      { code: "B" },
      { code: "C" },
    ]);
    await records().updateOne({ code: "B" }, { $set: { status: "SUSPENDED" } });
    await records().deleteOne({ code: "C" });
    await client.close();
    await server.stop();

    server = await startEmbeddedMongo({ dbPath });
    client = await MongoClient.connect(server.uri);
    try {
      const docs = await records()
        .find({}, { projection: { _id: 0 } })
        .sort({ code: 1 })
        .toArray();
      expect(docs).toEqual([
        { code: "A", amount: Decimal128.fromString("2604944201.50"), at: new Date(0) },
        { code: "B", status: "SUSPENDED" },
      ]);
      expect(await records().findOne({ _id: id })).toMatchObject({ code: "A" });
      const indexes = await records().indexes();
      expect(indexes.map((index) => index.name)).toEqual(["_id_", "code_1"]);
      await expect(records().insertOne({ code: "A" })).rejects.toMatchObject({ code: 11000 });
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it("refuses a second server on the same directory with a message naming the lock", async () => {
    const dbPath = dataDir();
    const first = await startEmbeddedMongo({ dbPath });
    try {
      await expect(startEmbeddedMongo({ dbPath })).rejects.toThrow(/in use/i);
      const { code, stderr } = await runServerToExit(["--port", "0", "--dbpath", dbPath]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/in use/i);
      expect(stderr).toContain(String(process.pid));
    } finally {
      await first.stop();
    }
  });
});

describe("the embedded-mongo binary", () => {
  it("prints its URI, serves, and stops cleanly on SIGTERM, releasing its lock", async () => {
    const dbPath = dataDir();
    const server = await spawnServer(["--port", "0", "--dbpath", dbPath, "--log-level", "warn"]);
    expect(server.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/\?replicaSet=rs0$/);
    const client = await MongoClient.connect(server.uri);
    await client.db("x").collection("y").insertOne({ a: 1 });
    await client.close();
    expect(await stopChild(server.child, "SIGTERM")).toEqual({ code: 0, signal: null });
    expect(readdirSync(dbPath).some((name) => name.includes("lock"))).toBe(false);
  });

  it("loses no acknowledged write when killed with SIGKILL, and drops a torn last journal record", async () => {
    const dbPath = dataDir();
    const server = await spawnServer(["--port", "0", "--dbpath", dbPath, "--log-level", "warn"]);
    const client = await MongoClient.connect(server.uri, { maxPoolSize: 4 });
    const events = client.db("eradication").collection("operations");
    const acknowledged: number[] = [];
    let killed = false;
    // Four writers insert and update concurrently; the process is killed while writes are in flight.
    const writer = async (w: number): Promise<void> => {
      for (let i = 0; !killed; i++) {
        const n = w * 1_000_000 + i;
        try {
          await events.insertOne({ n, region: "17" });
          await events.updateOne({ n }, { $set: { acknowledged: true } });
          acknowledged.push(n);
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged.length < 400) await new Promise((resolve) => setTimeout(resolve, 5));
    const result = await stopChild(server.child, "SIGKILL");
    killed = true;
    expect(result.signal).toBe("SIGKILL");
    await Promise.all(writers);
    await client.close(true);

    // A crash in the middle of an append leaves a partial record at the end of the journal.
    const journal = readdirSync(dbPath).find((name) => name.startsWith("journal"));
    expect(journal).toBeDefined();
    appendFileSync(join(dbPath, journal as string), Buffer.from([0x40, 0, 0, 0, 0x12, 0x34, 0x56]));

    expect(existsSync(dbPath)).toBe(true);
    const restarted = await startEmbeddedMongo({ dbPath });
    const check = await MongoClient.connect(restarted.uri);
    try {
      const stored = await check
        .db("eradication")
        .collection("operations")
        .find({}, { projection: { _id: 0, n: 1, acknowledged: 1 } })
        .toArray();
      const byN = new Map(stored.map((doc) => [doc.n as number, doc]));
      const missing = acknowledged.filter((n) => byN.get(n)?.acknowledged !== true);
      expect(missing).toEqual([]);
      expect(stored.length).toBeGreaterThanOrEqual(acknowledged.length);
      // And the server goes on taking writes after recovery.
      await check.db("eradication").collection("operations").insertOne({ n: -1 });
      expect(await check.db("eradication").collection("operations").countDocuments({ n: -1 })).toBe(1);
    } finally {
      await check.close();
      await restarted.stop();
    }
  });
});

import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient, type Db } from "mongodb";
import { afterEach, describe, expect, it } from "vitest";
import { startEmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { spawnServer, stopChild, type SpawnedServer } from "../support/spawn-server.ts";

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tinkuy-txn-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The binary on a data directory, with a driver client, and a document written before any transaction. */
async function started(dbPath: string): Promise<{ server: SpawnedServer; client: MongoClient }> {
  const server = await spawnServer(["--port", "0", "--dbpath", dbPath, "--log-level", "warn"]);
  const client = await MongoClient.connect(server.uri);
  await client
    .db("bank")
    .collection("accounts")
    .insertOne({ _id: "ana" as never, balance: 100 });
  return { server, client };
}

/** Starts a transaction moving 40 from ana to a new account, with a ledger entry in another collection. */
async function transfer(client: MongoClient): Promise<ReturnType<MongoClient["startSession"]>> {
  const bank = client.db("bank");
  const session = client.startSession();
  session.startTransaction();
  await bank
    .collection("accounts")
    .updateOne({ _id: "ana" as never }, { $inc: { balance: -40 } }, { session });
  await bank.collection("accounts").insertOne({ _id: "luis" as never, balance: 40 }, { session });
  await bank.collection("ledger").insertOne({ from: "ana", to: "luis", amount: 40 }, { session });
  return session;
}

/** What the transfer left after a restart on the same directory. */
async function afterRestart(dbPath: string): Promise<{ accounts: unknown[]; ledger: number }> {
  const restarted = await startEmbeddedMongo({ dbPath });
  const client = await MongoClient.connect(restarted.uri);
  try {
    const bank: Db = client.db("bank");
    return {
      accounts: await bank.collection("accounts").find({}).sort({ _id: 1 }).toArray(),
      ledger: await bank.collection("ledger").countDocuments(),
    };
  } finally {
    await client.close();
    await restarted.stop();
  }
}

function journalOf(dbPath: string): string {
  const name = readdirSync(dbPath).find((each) => each.startsWith("journal"));
  expect(name).toBeDefined();
  return join(dbPath, name as string);
}

describe("transactions and kill -9", () => {
  it("leaves nothing of a transaction killed right before its commit", async () => {
    const dbPath = dataDir();
    const { server, client } = await started(dbPath);
    await transfer(client);
    expect((await stopChild(server.child, "SIGKILL")).signal).toBe("SIGKILL");
    await client.close(true);
    expect(await afterRestart(dbPath)).toEqual({ accounts: [{ _id: "ana", balance: 100 }], ledger: 0 });
  });

  it("keeps the whole of a transaction killed right after its commit was acknowledged", async () => {
    const dbPath = dataDir();
    const { server, client } = await started(dbPath);
    const session = await transfer(client);
    await session.commitTransaction();
    expect((await stopChild(server.child, "SIGKILL")).signal).toBe("SIGKILL");
    await client.close(true);
    expect(await afterRestart(dbPath)).toEqual({
      accounts: [
        { _id: "ana", balance: 60 },
        { _id: "luis", balance: 40 },
      ],
      ledger: 1,
    });
  });

  it("drops the whole transaction when its journal record is torn, keeping what came before", async () => {
    const dbPath = dataDir();
    const { server, client } = await started(dbPath);
    const session = await transfer(client);
    await session.commitTransaction();
    expect((await stopChild(server.child, "SIGKILL")).signal).toBe("SIGKILL");
    await client.close(true);
    // The commit is the journal's last record: cutting its last bytes is a crash in the middle of writing it.
    const journal = journalOf(dbPath);
    truncateSync(journal, statSync(journal).size - 3);
    expect(await afterRestart(dbPath)).toEqual({ accounts: [{ _id: "ana", balance: 100 }], ledger: 0 });
  });

  it("recovers every acknowledged commit whole, and no transaction in part, when killed amid commits", async () => {
    const dbPath = dataDir();
    const server = await spawnServer(["--port", "0", "--dbpath", dbPath, "--log-level", "warn"]);
    const client = await MongoClient.connect(server.uri, { maxPoolSize: 4 });
    const shop = client.db("shop");
    const committed: number[] = [];
    let killed = false;
    // Each transaction writes an order, its line in another collection, and the worker's counter.
    const worker = async (w: number): Promise<void> => {
      await shop.collection("counters").insertOne({ _id: w as never, orders: 0 });
      for (let i = 0; !killed; i++) {
        const id = w * 1_000_000 + i;
        const session = client.startSession();
        try {
          session.startTransaction();
          await shop.collection("orders").insertOne({ _id: id as never, worker: w }, { session });
          await shop.collection("lines").insertOne({ order: id, sku: "a" }, { session });
          await shop
            .collection("counters")
            .updateOne({ _id: w as never }, { $inc: { orders: 1 } }, { session });
          await session.commitTransaction();
          committed.push(id);
        } catch {
          return; // the server is gone
        } finally {
          await session.endSession().catch(() => undefined);
        }
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    while (committed.length < 60) await new Promise((resolve) => setTimeout(resolve, 5));
    const result = await stopChild(server.child, "SIGKILL");
    killed = true;
    expect(result.signal).toBe("SIGKILL");
    await Promise.all(workers);
    await client.close(true);

    const restarted = await startEmbeddedMongo({ dbPath });
    const check = await MongoClient.connect(restarted.uri);
    try {
      const db = check.db("shop");
      const orders = (await db.collection("orders").find({}).toArray()).map(
        (doc) => doc._id as unknown as number,
      );
      const lines = (await db.collection("lines").find({}).toArray()).map((doc) => doc.order as number);
      expect(committed.filter((id) => !orders.includes(id))).toEqual([]);
      expect([...lines].sort((a, b) => a - b)).toEqual([...orders].sort((a, b) => a - b));
      for (const counter of await db.collection("counters").find({}).toArray()) {
        const mine = orders.filter((id) => Math.floor(id / 1_000_000) === (counter._id as unknown as number));
        expect(counter.orders).toBe(mine.length);
      }
    } finally {
      await check.close();
      await restarted.stop();
    }
  });
});

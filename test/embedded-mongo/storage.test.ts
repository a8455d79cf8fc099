import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import {
  appendFile,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  truncate,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { Decimal128, ObjectId, deserialize, serialize } from "bson";
import type { Document } from "bson";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StorageRecord } from "../../packages/embedded-mongo/src/storage/records.ts";
import { openStorage } from "../../packages/embedded-mongo/src/storage/storage.ts";
import type { Storage } from "../../packages/embedded-mongo/src/storage/storage.ts";

const dirs: string[] = [];
const opened: Storage[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  for (const storage of opened.splice(0)) await storage.close().catch(() => undefined);
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A fresh directory of the test's own under the system temp directory. */
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "embedded-mongo-storage-"));
  dirs.push(dir);
  return dir;
}

/** A pino logger that keeps its entries in memory, so a test can assert what was logged. */
function memoryLogger(): { logger: pino.Logger; entries: Document[]; warnings: () => Document[] } {
  const entries: Document[] = [];
  const logger = pino(
    { level: "debug" },
    { write: (line: string) => entries.push(JSON.parse(line) as Document) },
  );
  return { logger, entries, warnings: () => entries.filter((entry) => entry["level"] === 40) };
}

async function openAt(dbPath: string, logger: pino.Logger = memoryLogger().logger): Promise<Storage> {
  const storage = await openStorage({ dbPath, logger });
  opened.push(storage);
  return storage;
}

/** Recovered records with each `put`'s document decoded (recovery hands documents over as their BSON). */
function decoded(records: readonly StorageRecord[]): StorageRecord[] {
  return records.map((record) =>
    record.op === "put" && record.doc instanceof Uint8Array
      ? { ...record, doc: deserialize(record.doc) }
      : record,
  );
}

/** Opens, reads what was recovered (documents decoded), and closes again. */
async function recoveredAt(dbPath: string, logger?: pino.Logger): Promise<readonly StorageRecord[]> {
  const storage = await openAt(dbPath, logger);
  const records = decoded(storage.recovered);
  await storage.close();
  return records;
}

function put(n: number, coll = "c"): StorageRecord {
  return { op: "put", db: "test", coll, doc: { _id: n, n } };
}

function puts(from: number, to: number, coll = "c"): StorageRecord[] {
  return Array.from({ length: to - from }, (_, i) => put(from + i, coll));
}

/** A frame as the journal stores it: [u32 LE length][u32 LE crc32][payload]. */
function frame(payload: Uint8Array): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

function frameBytes(record: StorageRecord): number {
  return 8 + serialize(record).length;
}

/** Writes records to a fresh directory's journal and closes it; returns the journal's path. */
async function journalWith(dbPath: string, records: StorageRecord[]): Promise<string> {
  const storage = await openAt(dbPath);
  storage.append(records);
  await storage.close();
  return join(dbPath, "journal.0.log");
}

/** Counts fdatasync calls on every file handle from now on. */
async function spyOnDatasync(dir: string): Promise<{ calls: () => number }> {
  const probe = await open(join(dir, "probe"), "w");
  const prototype = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
  await probe.close();
  const spy = vi.spyOn(prototype, "datasync");
  return { calls: () => spy.mock.calls.length };
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  if (child.pid === undefined) throw new Error("could not spawn a process");
  return child.pid;
}

describe("opening a data directory", () => {
  it("creates the directory, with its missing parents", async () => {
    const dbPath = join(await tempDir(), "a", "b", "data");
    const storage = await openAt(dbPath);
    expect(decoded(storage.recovered)).toEqual([]);
    expect((await stat(dbPath)).isDirectory()).toBe(true);
    expect(await readdir(dbPath)).toEqual(expect.arrayContaining(["mongod.lock", "journal.0.log"]));
  });

  it("recovers appended records after a reopen, keeping their BSON types", async () => {
    const dbPath = await tempDir();
    const doc = {
      _id: new ObjectId(),
      at: new Date("2024-05-06T07:08:09.010Z"),
      price: Decimal128.fromString("12345.6789"),
      nested: { a: [1, "two", { three: 3.5 }], b: null, c: true, deeper: { id: new ObjectId() } },
    };
    const records: StorageRecord[] = [
      { op: "createCollection", db: "shop", coll: "items", options: { capped: false } },
      {
        op: "createIndex",
        db: "shop",
        coll: "items",
        spec: { name: "sku_1", key: { sku: 1 }, unique: true },
      },
      { op: "put", db: "shop", coll: "items", doc },
      { op: "put", db: "shop", coll: "items", doc: { _id: 2, sku: "x" } },
      { op: "delete", db: "shop", coll: "items", id: 2 },
      { op: "dropIndex", db: "shop", coll: "items", name: "sku_1" },
      { op: "dropCollection", db: "shop", coll: "old" },
      { op: "dropDatabase", db: "gone" },
    ];
    const storage = await openAt(dbPath);
    storage.append(records);
    await storage.flush();
    await storage.close();

    const recovered = await recoveredAt(dbPath);
    expect(recovered).toEqual(records);
    const first = recovered[2];
    const firstDoc = first?.op === "put" ? (first.doc as Document) : {};
    expect(firstDoc["_id"]).toBeInstanceOf(ObjectId);
    expect(firstDoc["price"]).toBeInstanceOf(Decimal128);
    expect(firstDoc["at"]).toBeInstanceOf(Date);
  });

  it("serializes records when they are appended, so later changes to the objects are not written", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    const doc: Document = { _id: 1, v: "before" };
    storage.append([{ op: "put", db: "test", coll: "c", doc }]);
    doc["v"] = "after";
    await storage.close();
    expect(await recoveredAt(dbPath)).toEqual([
      { op: "put", db: "test", coll: "c", doc: { _id: 1, v: "before" } },
    ]);
  });

  it("writes what was appended when it is closed without a flush", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    storage.append(puts(0, 3));
    await storage.close();
    expect(await recoveredAt(dbPath)).toEqual(puts(0, 3));
  });

  it("refuses appends after close", async () => {
    const storage = await openAt(await tempDir());
    await storage.close();
    expect(() => storage.append([put(1)])).toThrow(/closed/);
  });

  it("keeps a group of appended records all or nothing when one cannot be serialized", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    storage.append([put(1)]);
    const circular: Document = { _id: 2 };
    circular["self"] = circular;
    const before = storage.journalBytes;
    expect(() => storage.append([put(2), { op: "put", db: "test", coll: "c", doc: circular }])).toThrow();
    expect(storage.journalBytes).toBe(before);
    storage.append([put(3)]);
    await storage.close();
    expect(await recoveredAt(dbPath)).toEqual([put(1), put(3)]);
  });
});

describe("flushing the journal", () => {
  it("resolves only after the records are written and fdatasynced", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    const syncs = await spyOnDatasync(dbPath);
    storage.append(puts(0, 10));
    expect(syncs.calls()).toBe(0);
    await storage.flush();
    expect(syncs.calls()).toBe(1);
    // What a kill -9 right now would leave: the file on disk, read without closing the storage.
    const size = (await stat(join(dbPath, "journal.0.log"))).size;
    expect(size).toBe(puts(0, 10).reduce((sum, record) => sum + frameBytes(record), 0));
  });

  it("resolves at once, without a sync, when nothing was appended", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    const syncs = await spyOnDatasync(dbPath);
    await storage.flush();
    expect(syncs.calls()).toBe(0);
  });

  it("resolves every one of many concurrent flush calls and keeps every record in order", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 1000; i++) {
      storage.append([put(i)]);
      flushes.push(storage.flush());
      // Let some writes start mid-stream, so appends land while a sync is in flight.
      if (i % 97 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(flushes);
    await storage.close();
    expect(await recoveredAt(dbPath)).toEqual(puts(0, 1000));
  });

  it("makes concurrent callers share one write and fsync (group commit)", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    const syncs = await spyOnDatasync(dbPath);
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 100; i++) {
      storage.append([put(i)]);
      flushes.push(storage.flush());
    }
    await Promise.all(flushes);
    // The first flush starts a write; the 99 that arrive while it is in flight share the next one.
    expect(syncs.calls()).toBeLessThanOrEqual(2);
  });

  it("appends 100k small records and flushes them with one sync, quickly", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    const syncs = await spyOnDatasync(dbPath);
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) storage.append([put(i)]);
    await storage.flush();
    const ms = performance.now() - started;
    expect(syncs.calls()).toBe(1);
    expect(ms).toBeLessThan(5000);
    await storage.close();
    const recovered = await recoveredAt(dbPath);
    expect(recovered).toHaveLength(100_000);
    expect(recovered[99_999]).toEqual(put(99_999));
  });

  it("reports the journal's size, counting appended records and what was there at open", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    expect(storage.journalBytes).toBe(0);
    storage.append([put(1), put(2)]);
    const expected = frameBytes(put(1)) + frameBytes(put(2));
    expect(storage.journalBytes).toBe(expected);
    await storage.close();
    const reopened = await openAt(dbPath);
    expect(reopened.journalBytes).toBe(expected);
  });
});

describe("a transaction record", () => {
  it("carries its puts' stored BSON through the journal, and recovery hands them over as BSON again", async () => {
    const dbPath = await tempDir();
    const first = serialize({ _id: 1, n: 1, at: new Date(0) });
    const second = serialize({ _id: 2, nested: { n: 2 } });
    await journalWith(dbPath, [
      put(0),
      {
        op: "transaction",
        db: "admin",
        records: [
          { op: "put", db: "test", coll: "c", doc: first },
          { op: "delete", db: "test", coll: "c", id: 0 },
          { op: "put", db: "test", coll: "d", doc: second },
        ],
      },
    ]);
    const storage = await openAt(dbPath);
    const [, transaction] = storage.recovered;
    if (transaction?.op !== "transaction") throw new Error(`expected a transaction, got ${transaction?.op}`);
    expect(transaction.records.map((record) => record.op)).toEqual(["put", "delete", "put"]);
    const [one, deletion, two] = transaction.records;
    expect(one?.op === "put" && one.doc instanceof Uint8Array ? Buffer.from(one.doc) : one).toEqual(
      Buffer.from(first),
    );
    expect(deletion).toEqual({ op: "delete", db: "test", coll: "c", id: 0 });
    expect(two?.op === "put" && two.doc instanceof Uint8Array ? deserialize(two.doc) : two).toEqual({
      _id: 2,
      nested: { n: 2 },
    });
  });
});

describe("a torn journal tail", () => {
  const records = puts(0, 3);
  const lastOffset = frameBytes(put(0)) + frameBytes(put(1));
  const fullSize = lastOffset + frameBytes(put(2));

  /** Ways a crash (or a dying disk) leaves the end of the journal, and which records survive them. */
  const damages: {
    name: string;
    damage: (file: string) => Promise<void>;
    kept: StorageRecord[];
    warnedAt: number;
  }[] = [
    {
      name: "a record cut off in its payload",
      damage: (file) => truncate(file, fullSize - 3),
      kept: records.slice(0, 2),
      warnedAt: lastOffset,
    },
    {
      name: "a record cut off in its length header",
      damage: (file) => truncate(file, lastOffset + 2),
      kept: records.slice(0, 2),
      warnedAt: lastOffset,
    },
    {
      name: "garbage bytes after the last record",
      damage: (file) => appendFile(file, Buffer.from("ffffff7f0000000000000000deadbeef", "hex")),
      kept: records,
      warnedAt: fullSize,
    },
    {
      name: "a few stray bytes after the last record",
      damage: (file) => appendFile(file, Buffer.from([1, 2, 3])),
      kept: records,
      warnedAt: fullSize,
    },
    {
      name: "a flipped byte in the last record's payload",
      damage: async (file) => {
        const bytes = await readFile(file);
        const at = fullSize - 4;
        bytes[at] = (bytes[at] ?? 0) ^ 0xff;
        await writeFile(file, bytes);
      },
      kept: records.slice(0, 2),
      warnedAt: lastOffset,
    },
    {
      name: "a last record whose checksum holds but whose payload is not BSON",
      damage: (file) => appendFile(file, frame(Buffer.from([12, 0, 0, 0, 0x7f, 0x61, 0, 0, 0, 0, 0, 0]))),
      kept: records,
      warnedAt: fullSize,
    },
  ];

  it.each(damages)(
    "drops $name with a warning, keeps everything before it, and reads later appends",
    async ({ damage, kept, warnedAt }) => {
      const dbPath = await tempDir();
      const file = await journalWith(dbPath, records);
      expect((await stat(file)).size).toBe(fullSize);
      await damage(file);

      const log = memoryLogger();
      const storage = await openAt(dbPath, log.logger);
      expect(decoded(storage.recovered)).toEqual(kept);
      expect(log.warnings()).toEqual([expect.objectContaining({ file, offset: warnedAt })]);
      expect(log.warnings()[0]?.["msg"]).toContain(`byte offset ${String(warnedAt)}`);
      // Cut at the last good record, so new frames follow intact ones.
      expect((await stat(file)).size).toBe(warnedAt);

      storage.append([put(10)]);
      await storage.close();
      const again = memoryLogger();
      expect(await recoveredAt(dbPath, again.logger)).toEqual([...kept, put(10)]);
      expect(again.warnings()).toEqual([]);
    },
  );

  it("refuses to open a journal holding an intact frame that is not a storage record", async () => {
    const dbPath = await tempDir();
    const file = await journalWith(dbPath, records);
    await appendFile(file, frame(serialize({ op: "explode", db: "test" })));
    await expect(openStorage({ dbPath, logger: memoryLogger().logger })).rejects.toThrow(
      /not a storage record at byte offset/,
    );
  });
});

describe("compaction", () => {
  const state = (records: StorageRecord[]) => (): Iterable<StorageRecord> => records;

  it("keeps the state across a reopen, deletes the old journal and replays later writes", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    storage.append([put(1), put(2), { op: "delete", db: "test", coll: "c", id: 1 }]);
    await storage.flush();
    await storage.compact(state([put(2)]));
    expect((await readdir(dbPath)).sort()).toEqual(["journal.1.log", "mongod.lock", "snapshot.bson"]);
    expect(storage.journalBytes).toBe(0);
    storage.append([put(3)]);
    await storage.flush();
    await storage.close();

    expect(await recoveredAt(dbPath)).toEqual([put(2), put(3)]);
  });

  it("writes records appended while it runs to the new journal, after the snapshot", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    storage.append([put(1)]); // Not flushed: compaction must still put it in the old journal first.
    const compaction = storage.compact(state([put(1)]));
    storage.append([put(2)]);
    const flushed = storage.flush();
    await Promise.all([compaction, flushed]);
    storage.append([put(3)]);
    await storage.close();
    expect(await recoveredAt(dbPath)).toEqual([put(1), put(2), put(3)]);
  });

  it("streams a large state to disk in pieces and reads it back", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    const probe = await open(join(dbPath, "probe"), "w");
    const prototype = Object.getPrototypeOf(probe) as { writev: (buffers: Buffer[]) => Promise<unknown> };
    await probe.close();
    const writev = vi.spyOn(prototype, "writev");
    const big = "x".repeat(1000);
    function* many(): Iterable<StorageRecord> {
      for (let i = 0; i < 20_000; i++) yield { op: "put", db: "test", coll: "c", doc: { _id: i, big } };
    }
    await storage.compact(many);
    await storage.close();
    expect((await stat(join(dbPath, "snapshot.bson"))).size).toBeGreaterThan(20_000_000);
    const written = writev.mock.calls.map(([buffers]) =>
      buffers.reduce((sum, buffer) => sum + buffer.length, 0),
    );
    expect(written.length).toBeGreaterThan(10);
    expect(Math.max(...written)).toBeLessThan(4 * 1024 * 1024);
    const recovered = await recoveredAt(dbPath);
    expect(recovered).toHaveLength(20_000);
    expect(recovered[19_999]).toEqual({ op: "put", db: "test", coll: "c", doc: { _id: 19_999, big } });
  });

  it("can run again and again, each time starting a new journal generation", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    const all: StorageRecord[] = [];
    for (let round = 0; round < 3; round++) {
      storage.append([put(round)]);
      all.push(put(round));
      await storage.compact(state([...all]));
    }
    storage.append([put(99)]);
    await storage.close();
    expect((await readdir(dbPath)).sort()).toEqual(["journal.3.log", "snapshot.bson"]);
    expect(await recoveredAt(dbPath)).toEqual([...all, put(99)]);
  });

  it("keeps every record when it fails part-way, and writes go on", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    storage.append([put(1)]);
    await storage.flush();
    function* failing(): Iterable<StorageRecord> {
      yield put(1);
      throw new Error("engine fell over");
    }
    await expect(storage.compact(failing)).rejects.toThrow("engine fell over");
    storage.append([put(2)]);
    await storage.flush();
    await storage.close();
    // The switch happened, so the state is in journal 0 then journal 1, and no snapshot.
    expect((await readdir(dbPath)).sort()).toEqual(["journal.0.log", "journal.1.log"]);
    expect(await recoveredAt(dbPath)).toEqual([put(1), put(2)]);
  });

  it("is refused after close", async () => {
    const storage = await openAt(await tempDir());
    await storage.close();
    await expect(storage.compact(state([]))).rejects.toThrow(/closed/);
  });
});

describe("recovering from a crash during compaction", () => {
  it("ignores and removes a leftover snapshot.tmp", async () => {
    const dbPath = await tempDir();
    await journalWith(dbPath, [put(1), put(2)]);
    await writeFile(join(dbPath, "snapshot.tmp"), Buffer.from("half a snapshot"));
    expect(await recoveredAt(dbPath)).toEqual([put(1), put(2)]);
    expect(await readdir(dbPath)).not.toContain("snapshot.tmp");
  });

  it("never replays the old journal on top of a new snapshot, and deletes it", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    storage.append([put(1)]);
    await storage.compact(() => [put(1)]);
    storage.append([put(2)]);
    await storage.close();
    // The state a crash between renaming the snapshot and deleting the old journal leaves; the old journal
    // holds a record the snapshot does not, to prove it is not replayed.
    await writeFile(join(dbPath, "journal.0.log"), frame(serialize(put(666))));

    const log = memoryLogger();
    expect(await recoveredAt(dbPath, log.logger)).toEqual([put(1), put(2)]);
    expect(await readdir(dbPath)).not.toContain("journal.0.log");
    expect(log.entries.some((entry) => entry["file"] === join(dbPath, "journal.0.log"))).toBe(true);
  });

  it("replays the new journal after the old one if the crash came before the snapshot was placed", async () => {
    const dbPath = await tempDir();
    await journalWith(dbPath, [put(1)]);
    // Compaction had switched to journal 1 and acknowledged writes there, then died writing the snapshot.
    await writeFile(
      join(dbPath, "journal.1.log"),
      Buffer.concat([frame(serialize(put(2))), frame(serialize(put(3)))]),
    );
    await writeFile(join(dbPath, "snapshot.tmp"), Buffer.from("partial"));
    const storage = await openAt(dbPath);
    expect(decoded(storage.recovered)).toEqual([put(1), put(2), put(3)]);
    storage.append([put(4)]);
    await storage.close();
    expect(await readFile(join(dbPath, "journal.0.log"))).toHaveLength(frameBytes(put(1)));
    expect(await recoveredAt(dbPath)).toEqual([put(1), put(2), put(3), put(4)]);
  });

  it("refuses to open when an older journal is damaged and a newer one follows it", async () => {
    const dbPath = await tempDir();
    const file = await journalWith(dbPath, [put(1)]);
    await appendFile(file, Buffer.from([9, 9, 9]));
    await writeFile(join(dbPath, "journal.1.log"), frame(serialize(put(2))));
    await expect(openStorage({ dbPath, logger: memoryLogger().logger })).rejects.toThrow(
      /journal\.0\.log is damaged at byte offset \d+ .*later journals follow it/,
    );
  });

  it("refuses to open journals whose snapshot is missing", async () => {
    const dbPath = await tempDir();
    await writeFile(join(dbPath, "journal.2.log"), frame(serialize(put(2))));
    await expect(openStorage({ dbPath, logger: memoryLogger().logger })).rejects.toThrow(
      /journal\.2\.log but no .*snapshot\.bson/,
    );
  });
});

describe("a corrupt snapshot", () => {
  async function compacted(dbPath: string): Promise<string> {
    const storage = await openAt(dbPath);
    await storage.compact(() => puts(0, 50));
    await storage.close();
    return join(dbPath, "snapshot.bson");
  }

  it("refuses to open with an error naming the file and the damage, and releases the lock", async () => {
    const dbPath = await tempDir();
    const file = await compacted(dbPath);
    const bytes = await readFile(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    await writeFile(file, bytes);

    await expect(openStorage({ dbPath, logger: memoryLogger().logger })).rejects.toThrow(
      new RegExp(
        `Snapshot ${file.replace(/[.\\]/g, "\\$&")} is corrupt: .* at byte offset \\d+\\. Refusing to start`,
      ),
    );
    expect(await readdir(dbPath)).not.toContain("mongod.lock");
  });

  it("refuses to open a snapshot cut short at a frame boundary", async () => {
    const dbPath = await tempDir();
    const file = await compacted(dbPath);
    const endMarker = 8 + serialize({ end: true, records: 50 }).length;
    await truncate(file, (await stat(file)).size - endMarker);
    await expect(openStorage({ dbPath, logger: memoryLogger().logger })).rejects.toThrow(/no end marker/);
  });
});

describe("the data directory lock", () => {
  it("holds the owner's pid and is released on close, so the directory can be opened again", async () => {
    const dbPath = await tempDir();
    const storage = await openAt(dbPath);
    expect(await readFile(join(dbPath, "mongod.lock"), "utf8")).toBe(`${String(process.pid)}\n`);
    await storage.close();
    expect(await readdir(dbPath)).not.toContain("mongod.lock");
    await openAt(dbPath);
  });

  it("refuses a second open while the first is open, naming the pid and the lock file", async () => {
    const dbPath = await tempDir();
    await openAt(dbPath);
    const lockFile = join(dbPath, "mongod.lock");
    const second = openStorage({ dbPath, logger: memoryLogger().logger });
    await expect(second).rejects.toThrow(/is in use/);
    await expect(second).rejects.toThrow(`pid ${String(process.pid)}`);
    await expect(second).rejects.toThrow(lockFile);
    // The refused open must not take the lock away from the first.
    expect(await readFile(lockFile, "utf8")).toBe(`${String(process.pid)}\n`);
  });

  it("refuses a directory locked by another live process", async () => {
    const dbPath = await tempDir();
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    children.push(child);
    if (child.pid === undefined) throw new Error("could not spawn a process");
    await writeFile(join(dbPath, "mongod.lock"), `${String(child.pid)}\n`);
    await expect(openStorage({ dbPath, logger: memoryLogger().logger })).rejects.toThrow(
      `in use by another server (pid ${String(child.pid)})`,
    );
  });

  it("takes over a stale lock whose process is gone, with a warning", async () => {
    const dbPath = await tempDir();
    const pid = deadPid();
    await journalWith(dbPath, [put(1)]);
    await writeFile(join(dbPath, "mongod.lock"), `${String(pid)}\n`);
    const log = memoryLogger();
    const storage = await openAt(dbPath, log.logger);
    expect(decoded(storage.recovered)).toEqual([put(1)]);
    expect(log.warnings()).toEqual([expect.objectContaining({ pid, lockFile: join(dbPath, "mongod.lock") })]);
    expect(await readFile(join(dbPath, "mongod.lock"), "utf8")).toBe(`${String(process.pid)}\n`);
  });

  it("takes over a lock with our pid that this process does not hold, as after a container restart", async () => {
    const dbPath = await tempDir();
    await writeFile(join(dbPath, "mongod.lock"), `${String(process.pid)}\n`);
    const log = memoryLogger();
    await openAt(dbPath, log.logger);
    expect(log.warnings()).toEqual([expect.objectContaining({ pid: process.pid })]);
  });

  it("refuses a second open in this process through a symlink to the same directory", async () => {
    const dbPath = await tempDir();
    const link = join(await tempDir(), "link");
    await symlink(dbPath, link);
    await openAt(dbPath);
    await expect(openStorage({ dbPath: link, logger: memoryLogger().logger })).rejects.toThrow(/is in use/);
  });

  it("refuses two opens of one directory racing in this process", async () => {
    const dbPath = await tempDir();
    const results = await Promise.allSettled([openAt(dbPath), openAt(dbPath)]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("takes over a lock file that holds no pid, with a warning", async () => {
    const dbPath = await tempDir();
    await writeFile(join(dbPath, "mongod.lock"), "");
    const log = memoryLogger();
    await openAt(dbPath, log.logger);
    expect(log.warnings()).toHaveLength(1);
  });
});

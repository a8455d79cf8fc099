import { mkdir, readdir, rm } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import { FrameBatch, readFrames } from "./framing.ts";
import { isStorageRecord } from "./is-storage-record.ts";
import { JournalFile } from "./journal.ts";
import { decodeRecordPayload, recordPayload } from "./record-payload.ts";
import { StorageLayout } from "./layout.ts";
import { DirectoryLock } from "./lock.ts";
import type { StorageRecord } from "./records.ts";
import { readSnapshot, writeSnapshot } from "./snapshot.ts";
import { syncDirectory } from "./sync-directory.ts";

/**
 * The durable side of the engine: a data directory holding a snapshot and journals of {@link StorageRecord}s.
 *
 * Files: `mongod.lock` (owner pid), `snapshot.bson` (the state as of some generation G, absent before the first
 * compaction, when G is 0) and `journal.<g>.log` for g = G, G+1, …: the changes made after that snapshot, in
 * order. Normally only `journal.G.log` exists; a later one exists only if a compaction was interrupted before
 * its snapshot was in place, and is then replayed after the earlier ones.
 */
export interface Storage {
  /** Records that rebuild the state at open: the snapshot's, then the journal's, in order (torn tail dropped). */
  readonly recovered: readonly StorageRecord[];
  /** Lets go of {@link recovered} once replayed, so the server does not hold its data twice. */
  forgetRecovered(): void;
  /**
   * Buffers records for the journal (synchronous, cheap; keeps order). The records are serialized now, so
   * later changes to the objects do not change what is written. Throws after close() was called; after a
   * failed write the records are dropped and flush() reports the failure.
   */
  append(records: readonly StorageRecord[]): void;
  /**
   * Resolves once everything appended before this call is written and fsynced (fdatasync). Group commit:
   * concurrent callers share one write+fsync; while one fsync is in flight, later appends batch for the next.
   * If a write or sync fails, this and every later flush() and compact() reject: what reached the disk is
   * unknown, so the storage stops rather than acknowledge writes it may have lost.
   */
  flush(): Promise<void>;
  /**
   * Writes a snapshot of the whole state (the iterable yields records that rebuild it), atomically replaces
   * the previous one and starts an empty journal. Safe against a crash at any point.
   *
   * `state` is called synchronously, at the moment the new journal starts: during this call, or, if another
   * compaction is running, when that one ends. Appends made after that go to the new journal. The iterable is
   * then consumed in pieces with writes awaited in between, so the engine may change while it is read; that is
   * safe as long as replay is idempotent (a put replaces, a delete or drop of something missing is a no-op, a
   * create of something existing is skipped): every change made after the switch is also in the new journal,
   * which is replayed after the snapshot. Compactions run one at a time; a failed one leaves the previous
   * snapshot and all journals in place, and writes go on.
   */
  compact(state: () => Iterable<StorageRecord>): Promise<void>;
  /**
   * Bytes in the current journal file (so the engine can decide to compact), counting records appended but not
   * yet flushed; 0 right after a compaction starts.
   */
  readonly journalBytes: number;
  /** Flushes, closes files and releases the lock. Waits for a running compaction first. */
  close(): Promise<void>;
}

/** Where {@link openStorage} keeps its files and logs. */
export interface StorageOptions {
  /** The data directory; created (with its parents) if missing. */
  dbPath: string;
  logger: Logger;
}

/**
 * Opens a data directory: creates it if missing, locks it (refusing a directory another live server holds),
 * recovers its state (dropping a torn journal tail, refusing a corrupt snapshot) and readies the journal for
 * appends.
 */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  const started = performance.now();
  const logger = options.logger.child({ component: "storage" });
  const layout = new StorageLayout(options.dbPath);
  await createDirectory(layout.dbPath);
  const lock = await DirectoryLock.acquire(layout.lockFile, logger);
  try {
    const recovery = await recover(layout, logger);
    logger.info(
      {
        dbPath: layout.dbPath,
        snapshotRecords: recovery.snapshotRecords,
        journalRecords: recovery.records.length - recovery.snapshotRecords,
        generation: recovery.journal.generation,
        ms: Math.round(performance.now() - started),
      },
      "storage opened",
    );
    return new DurableStorage(layout, lock, logger, recovery);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** Creates the data directory, syncing the parents of what it created so that it survives a power loss. */
async function createDirectory(dbPath: string): Promise<void> {
  const first = await mkdir(dbPath, { recursive: true });
  if (first === undefined) return;
  const top = resolve(first);
  for (let dir = resolve(dbPath); ; dir = dirname(dir)) {
    await syncDirectory(dirname(dir));
    if (dir === top || dirname(dir) === dir) return;
  }
}

interface Recovery {
  readonly records: StorageRecord[];
  readonly snapshotRecords: number;
  /** The oldest journal still needed (the snapshot's generation). */
  readonly firstGeneration: number;
  /** The journal to append to: the newest one. */
  readonly journal: JournalFile;
}

/** Reads the snapshot and the journals after it, and removes what an interrupted compaction left behind. */
async function recover(layout: StorageLayout, logger: Logger): Promise<Recovery> {
  const names = new Set(await readdir(layout.dbPath));
  if (names.has(basename(layout.snapshotTempFile))) {
    // A compaction died before its snapshot was complete; the previous snapshot and the journals are intact.
    logger.info(
      { file: layout.snapshotTempFile },
      "removing the unfinished snapshot of an interrupted compaction",
    );
    await rm(layout.snapshotTempFile, { force: true });
  }

  const hasSnapshot = names.has(basename(layout.snapshotFile));
  const snapshot = hasSnapshot ? await readSnapshot(layout.snapshotFile) : null;
  const base = snapshot?.generation ?? 0;
  const records: StorageRecord[] = snapshot?.records ?? [];
  const snapshotRecords = records.length;

  const generations: number[] = [];
  for (const name of names) {
    const generation = StorageLayout.journalGeneration(name);
    if (generation !== null) generations.push(generation);
  }
  generations.sort((a, b) => a - b);
  for (const generation of generations.filter((g) => g < base)) {
    // Folded into the snapshot by a compaction that died before deleting it; replaying it would undo changes.
    logger.info(
      { file: layout.journalFile(generation) },
      "removing a journal already contained in the snapshot",
    );
    await rm(layout.journalFile(generation), { force: true });
  }
  const chain = generations.filter((g) => g >= base);
  chain.forEach((generation, i) => {
    if (generation === base + i) return;
    const missing = layout.journalFile(base + i);
    throw new Error(
      i === 0 && !hasSnapshot
        ? `Data directory ${layout.dbPath} has ${layout.journalFile(generation)} but no ` +
            `${layout.snapshotFile}, which holds the changes before it; refusing to start with part of the ` +
            `data missing.`
        : `Data directory ${layout.dbPath} is missing ${missing}, which comes between the snapshot and ` +
            `${layout.journalFile(generation)}; refusing to start with part of the data missing.`,
    );
  });

  let journal: JournalFile | null = null;
  for (const [i, generation] of chain.entries()) {
    const path = layout.journalFile(generation);
    const result = await readFrames(
      path,
      (doc, offset) => {
        if (!isStorageRecord(doc)) {
          throw new Error(
            `Journal ${path} holds a record that is not a storage record at byte offset ${String(offset)}; ` +
              `refusing to start rather than replay it.`,
          );
        }
        records.push(doc);
      },
      decodeRecordPayload,
    );
    const newest = i === chain.length - 1;
    if (result.damage) {
      if (!newest) {
        // Only the newest journal is written to, so only it can be torn by a crash.
        throw new Error(
          `Journal ${path} is damaged at byte offset ${String(result.damage.offset)} ` +
            `(${result.damage.reason}) although later journals follow it; refusing to start with part of ` +
            `the data missing.`,
        );
      }
      logger.warn(
        {
          file: path,
          offset: result.damage.offset,
          reason: result.damage.reason,
          droppedBytes: result.fileBytes - result.validBytes,
        },
        `journal ends with a torn record at byte offset ${String(result.damage.offset)} ` +
          `(${result.damage.reason}), left by a crash during a write that was never acknowledged; dropping it`,
      );
    }
    if (newest) journal = await JournalFile.resume(path, generation, result.validBytes);
  }
  journal ??= await JournalFile.create(layout.journalFile(base), base);
  return { records, snapshotRecords, firstGeneration: base, journal };
}

/** Records waiting to be written to one journal. */
interface Segment {
  /** A promise because a new journal is being created while appends already arrive for it. */
  readonly file: Promise<JournalFile>;
  readonly batch: FrameBatch;
}

interface Waiter {
  /** The flush is done once this many records are durable. */
  readonly records: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

class DurableStorage implements Storage {
  recovered: readonly StorageRecord[];
  readonly #layout: StorageLayout;
  readonly #lock: DirectoryLock;
  readonly #logger: Logger;
  /** Receives appends, for the newest journal. */
  #current: Segment;
  /** Records for older journals that a compaction cut off from appends but that are not written yet. */
  #sealed: Segment[] = [];
  #generation: number;
  /** The oldest journal file on disk, deleted with the others once a snapshot covers them. */
  #firstGeneration: number;
  #journalBytes: number;
  /** Records appended since open, and how many of them are durable. */
  #appendedRecords = 0;
  #durableRecords = 0;
  #waiters: Waiter[] = [];
  #writing = false;
  #failure: Error | null = null;
  /** The last compaction asked for, settled either way; the next one waits for it. */
  #compaction: Promise<void> = Promise.resolve();
  /** Compactions asked for and not yet settled. */
  #compactions = 0;
  #closing: Promise<void> | null = null;

  constructor(layout: StorageLayout, lock: DirectoryLock, logger: Logger, recovery: Recovery) {
    this.recovered = recovery.records;
    this.#layout = layout;
    this.#lock = lock;
    this.#logger = logger;
    this.#current = { file: Promise.resolve(recovery.journal), batch: new FrameBatch() };
    this.#generation = recovery.journal.generation;
    this.#firstGeneration = recovery.firstGeneration;
    this.#journalBytes = recovery.journal.size;
  }

  forgetRecovered(): void {
    this.recovered = [];
  }

  get journalBytes(): number {
    return this.#journalBytes;
  }

  append(records: readonly StorageRecord[]): void {
    if (this.#closing) throw new Error(`storage for ${this.#layout.dbPath} is closed`);
    if (this.#failure) return;
    const batch = this.#current.batch;
    const mark = batch.mark();
    let bytes = 0;
    try {
      for (const record of records) bytes += batch.addPayload(recordPayload(record));
    } catch (error) {
      // All or nothing: half of a group of records (say, a document without its index entry) must not persist.
      batch.rollback(mark);
      throw error;
    }
    this.#journalBytes += bytes;
    this.#appendedRecords += records.length;
  }

  flush(): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    const records = this.#appendedRecords;
    if (this.#durableRecords >= records) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ records, resolve, reject });
      if (!this.#writing) {
        this.#writing = true;
        void this.#writeLoop();
      }
    });
  }

  /**
   * The group commit loop; one runs at a time. Each round takes everything appended so far, writes it with one
   * vectored write per journal, fdatasyncs, and resolves every flush it covered. Appends and flushes arriving
   * meanwhile wait for the next round, so one sync serves many writers. Never rejects: failures go to waiters.
   */
  async #writeLoop(): Promise<void> {
    try {
      while (this.#waiters.length > 0) {
        const covered = this.#appendedRecords;
        const work = [...this.#sealed, this.#current].map((segment) => ({
          file: segment.file,
          buffers: segment.batch.take(),
        }));
        this.#sealed = [];
        // In journal order: an older journal is synced before a newer one is written, so no crash can keep a
        // later record while losing an earlier one.
        for (const { file, buffers } of work) {
          if (buffers.length === 0) continue;
          const journal = await file;
          await journal.write(buffers);
          await journal.datasync();
        }
        this.#durableRecords = covered;
        this.#waiters = this.#waiters.filter((waiter) => {
          if (waiter.records > covered) return true;
          waiter.resolve();
          return false;
        });
      }
    } catch (error) {
      this.#fail(error);
    } finally {
      this.#writing = false;
    }
  }

  /** Stops the storage after a journal could not be written (or created): every flush from now on rejects. */
  #fail(error: unknown): void {
    if (!this.#failure) {
      this.#failure = new Error(
        `Writing the journal in ${this.#layout.dbPath} failed, so which writes reached the disk is unknown; ` +
          `the storage accepts no more writes (restart to recover what is on disk): ${String(error)}`,
        { cause: error },
      );
      this.#logger.error({ err: error }, "journal write failed; storage stopped");
    }
    for (const waiter of this.#waiters) waiter.reject(this.#failure);
    this.#waiters = [];
  }

  compact(state: () => Iterable<StorageRecord>): Promise<void> {
    if (this.#closing) return Promise.reject(new Error(`storage for ${this.#layout.dbPath} is closed`));
    // Started right away when none is running, so that the switch to the new journal happens during this
    // call: appends after compact() returns go to the new journal. Otherwise it starts when the last one ends.
    const run =
      this.#compactions === 0
        ? this.#compactNow(state)
        : this.#compaction.then(() => this.#compactNow(state));
    this.#compactions += 1;
    this.#compaction = run.then(
      () => void (this.#compactions -= 1),
      () => void (this.#compactions -= 1),
    );
    return run;
  }

  async #compactNow(state: () => Iterable<StorageRecord>): Promise<void> {
    if (this.#failure) throw this.#failure;
    const started = performance.now();
    const generation = this.#generation + 1;
    const records = state();
    // The switch: from here on appends go to the new journal. Nothing is awaited between asking for the state
    // and switching, so every change the state may lack is in the new journal, replayed after the snapshot.
    const previous = this.#current;
    const next = JournalFile.create(this.#layout.journalFile(generation), generation);
    // Without the new journal, later appends have nowhere to go, and a later compaction would leave a gap in
    // the journal generations; so failing to create it stops the storage at once.
    next.catch((error: unknown) => this.#fail(error));
    this.#sealed.push(previous);
    this.#current = { file: next, batch: new FrameBatch() };
    this.#generation = generation;
    this.#journalBytes = 0;
    try {
      // The previous journal gets its last records and is complete. Until the new snapshot is in place, a
      // restart replays it and then the new journal.
      await this.flush();
    } finally {
      await closeJournal(previous.file);
    }
    await next;
    const written = await writeSnapshot(
      this.#layout.snapshotFile,
      this.#layout.snapshotTempFile,
      generation,
      records,
    );
    // The snapshot now holds everything in the older journals; a restart deletes them if this does not.
    for (let old = this.#firstGeneration; old < generation; old++) {
      await rm(this.#layout.journalFile(old), { force: true });
    }
    this.#firstGeneration = generation;
    this.#logger.info(
      {
        generation,
        records: written.records,
        bytes: written.bytes,
        ms: Math.round(performance.now() - started),
      },
      "compacted the journal into a snapshot",
    );
  }

  close(): Promise<void> {
    this.#closing ??= this.#closeNow();
    return this.#closing;
  }

  async #closeNow(): Promise<void> {
    await this.#compaction;
    try {
      await this.flush();
    } finally {
      try {
        await closeJournal(this.#current.file);
      } finally {
        await this.#lock.release();
      }
    }
  }
}

/** Closes a journal; one that could not even be created has nothing to close (its error was reported then). */
async function closeJournal(file: Promise<JournalFile>): Promise<void> {
  const journal = await file.catch(() => null);
  await journal?.close();
}

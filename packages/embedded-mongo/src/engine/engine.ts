import type { Document } from "bson";
import type { Logger } from "pino";
import { Collection } from "./collection.ts";
import { CursorRegistry } from "./cursors.ts";
import { MongoCommandError } from "./errors.ts";
import { LocalSessions } from "./local-sessions.ts";
import { SessionRegistry, type SessionLimits } from "./sessions.ts";
import { Stats } from "./stats.ts";
import type { Transaction } from "./transaction.ts";
import { TransactionView } from "./transaction-view.ts";
import { VersionStore } from "./version-store.ts";
import type { StorageRecord } from "../storage/records.ts";
import type { Storage } from "../storage/storage.ts";

/** How this server answers `hello` as the single member of a replica set. */
export interface ReplicaSetMember {
  /** The set's name (`setName`; `replicaSet=` in the connection string). */
  name: string;
  /** `host:port` as clients reach it: `me`, `primary` and the only entry of `hosts`. */
  me: string;
}

/** Journal size past which the engine folds the journal into a new snapshot. */
const COMPACT_AFTER_BYTES = 64 * 1024 * 1024;

const INVALID_DB_CHARS = /[/\\. "$\0]/;

/** Throws InvalidNamespace for names MongoDB refuses. */
export function checkNamespace(db: string, coll?: string): void {
  if (db.length === 0 || db.length > 63 || INVALID_DB_CHARS.test(db)) {
    throw new MongoCommandError("InvalidNamespace", `Invalid database name: '${db}'`);
  }
  if (coll !== undefined && (coll.length === 0 || coll.includes("$") || coll.includes("\0"))) {
    throw new MongoCommandError("InvalidNamespace", `Invalid collection name: ${coll}`);
  }
}

/**
 * The database engine: databases and their collections, open cursors, counters, and (with a data directory)
 * the journal that makes every acknowledged write durable.
 */
export class Engine {
  readonly cursors = new CursorRegistry();
  readonly stats = new Stats();
  /** Sessions seen in commands, for `$listLocalSessions`. */
  readonly localSessions = new LocalSessions();
  /** Old versions of documents that open transactions still read. */
  readonly versions = new VersionStore();
  readonly sessions: SessionRegistry;
  /** The replica set this server answers as the only member (primary) of; undefined for a standalone. */
  replicaSet: ReplicaSetMember | undefined;
  readonly #databases = new Map<string, Map<string, Collection>>();
  readonly #storage: Storage | undefined;
  readonly #logger: Logger;
  #replaying = false;
  #compacting: Promise<void> | undefined;
  /** While {@link atomically} runs: the records of its changes, journaled together at its end. */
  #group: StorageRecord[] | undefined;

  private constructor(storage: Storage | undefined, logger: Logger, limits: Partial<SessionLimits>) {
    this.#storage = storage;
    this.#logger = logger;
    this.sessions = new SessionRegistry(this.versions, limits);
  }

  /** An engine in memory, or on `dbPath` with its state recovered from the snapshot and journal. */
  static async open(options: {
    dbPath?: string | undefined;
    logger: Logger;
    sessionLimits?: Partial<SessionLimits> | undefined;
  }): Promise<Engine> {
    const limits = options.sessionLimits ?? {};
    if (options.dbPath === undefined) return new Engine(undefined, options.logger, limits);
    // Loaded only when persistence is asked for: an in-memory server never touches the file system.
    const { openStorage } = await import("../storage/storage.ts");
    const storage = await openStorage({ dbPath: options.dbPath, logger: options.logger });
    const engine = new Engine(storage, options.logger, limits);
    engine.#replaying = true;
    try {
      for (const record of storage.recovered) engine.#replay(record);
    } finally {
      engine.#replaying = false;
    }
    const records = storage.recovered.length;
    storage.forgetRecovered();
    options.logger.info({ dbPath: options.dbPath, records }, "recovered state from the data directory");
    if (records > 0) await storage.compact(() => engine.#snapshot());
    return engine;
  }

  /** Names of databases that hold at least one collection. */
  databaseNames(): string[] {
    return [...this.#databases.entries()].filter(([, colls]) => colls.size > 0).map(([name]) => name);
  }

  /** Collections of a database, by name. */
  collections(db: string): ReadonlyMap<string, Collection> {
    return this.#databases.get(db) ?? new Map();
  }

  collection(db: string, name: string): Collection | undefined {
    return this.#databases.get(db)?.get(name);
  }

  /** The collection, created (implicitly, as MongoDB does on first write) when missing. */
  ensureCollection(db: string, name: string): { collection: Collection; created: boolean } {
    const existing = this.collection(db, name);
    if (existing) return { collection: existing, created: false };
    return { collection: this.createCollection(db, name, {}), created: true };
  }

  createCollection(db: string, name: string, options: Document): Collection {
    checkNamespace(db, name);
    let colls = this.#databases.get(db);
    if (!colls) this.#databases.set(db, (colls = new Map()));
    if (colls.has(name)) {
      throw new MongoCommandError("NamespaceExists", `Collection ${db}.${name} already exists.`);
    }
    const collection = new Collection(db, name, options, {
      record: this.#storage ? (record) => this.#record(record) : undefined,
      examined: (ns, docs) => this.stats.examined(ns, docs),
      versions: this.versions,
    });
    colls.set(name, collection);
    this.#record({ op: "createCollection", db, coll: name, options });
    return collection;
  }

  dropCollection(db: string, name: string): Collection | undefined {
    const colls = this.#databases.get(db);
    const collection = colls?.get(name);
    if (!colls || !collection) return undefined;
    colls.delete(name);
    this.cursors.closeNamespace(collection.ns);
    this.#record({ op: "dropCollection", db, coll: name });
    return collection;
  }

  dropDatabase(db: string): void {
    if (!this.#databases.delete(db)) return;
    this.cursors.closeNamespace(db);
    this.#record({ op: "dropDatabase", db });
  }

  /**
   * A transaction's view of a collection (its snapshot and its own writes). With `create`, a missing collection
   * is created first, outside the transaction (as MongoDB 4.4+ creates one implicitly, but visibly at once);
   * without, a missing collection is undefined.
   */
  transactionView(
    transaction: Transaction,
    db: string,
    name: string,
    create: boolean,
  ): TransactionView | undefined {
    const collection = create ? this.ensureCollection(db, name).collection : this.collection(db, name);
    if (!collection) return undefined;
    const ns = `${db}.${name}`;
    return new TransactionView({
      ns,
      collection,
      versions: this.versions,
      since: transaction.since,
      writes: transaction.writes.namespace(db, name),
      claim: (id) => this.sessions.claim(transaction, ns, id),
    });
  }

  /**
   * Runs `apply` as one atomic change: the journal gets all its records as a single record (a torn tail drops
   * all of them), and open transactions see all of it stamped with one time. If `apply` (or journaling) throws,
   * the steps it registered with `undo` run in reverse order, and nothing is journaled.
   */
  atomically(apply: (undo: (step: () => void) => void) => void): void {
    if (this.#group) throw new Error("invariant: atomically() does not nest");
    const steps: (() => void)[] = [];
    this.#group = [];
    try {
      this.versions.atOnce(() => {
        try {
          apply((step) => steps.push(step));
          const records = this.#group ?? [];
          if (records.length > 0 && this.#storage && !this.#replaying) {
            this.#storage.append([{ op: "transaction", db: "admin", records }]);
          }
        } catch (error) {
          for (const step of steps.reverse()) step();
          throw error;
        }
      });
    } finally {
      this.#group = undefined;
    }
  }

  /** Resolves once every change made so far is durable (immediately in memory). */
  async commit(): Promise<void> {
    if (!this.#storage) return;
    await this.#storage.flush();
    if (this.#storage.journalBytes > COMPACT_AFTER_BYTES && !this.#compacting) {
      this.#compacting = this.#compact().finally(() => (this.#compacting = undefined));
    }
  }

  async #compact(): Promise<void> {
    const storage = this.#storage;
    if (!storage) return;
    try {
      await storage.compact(() => this.#snapshot());
    } catch (error) {
      this.#logger.error({ err: error }, "compaction failed; the journal is kept");
    }
  }

  /** Flushes, writes a final snapshot and releases the data directory. */
  async close(): Promise<void> {
    this.sessions.close();
    if (!this.#storage) return;
    await this.#compacting;
    await this.#storage.compact(() => this.#snapshot());
    await this.#storage.close();
  }

  #record(record: StorageRecord): void {
    if (this.#group) this.#group.push(record);
    else if (this.#storage && !this.#replaying) this.#storage.append([record]);
  }

  *#snapshot(): IterableIterator<StorageRecord> {
    for (const colls of this.#databases.values()) {
      for (const collection of colls.values()) yield* collection.snapshot();
    }
  }

  #replay(record: StorageRecord): void {
    switch (record.op) {
      case "createCollection":
        if (!this.collection(record.db, record.coll)) {
          this.createCollection(record.db, record.coll, record.options ?? {});
        }
        return;
      case "setOptions":
        this.collection(record.db, record.coll)?.setOptions(record.options);
        return;
      case "dropCollection":
        this.dropCollection(record.db, record.coll);
        return;
      case "dropDatabase":
        this.dropDatabase(record.db);
        return;
      case "createIndex": {
        const collection = this.ensureCollection(record.db, record.coll).collection;
        if (!collection.index(record.spec.name)) collection.createIndex(record.spec, { replaying: true });
        return;
      }
      case "dropIndex":
        if (this.collection(record.db, record.coll)?.index(record.name)) {
          this.collection(record.db, record.coll)?.dropIndex(record.name);
        }
        return;
      case "put":
        this.ensureCollection(record.db, record.coll).collection.restorePut(record.doc);
        return;
      case "delete":
        this.collection(record.db, record.coll)?.remove(record.id);
        return;
      case "transaction":
        for (const each of record.records) this.#replay(each);
        return;
    }
  }
}

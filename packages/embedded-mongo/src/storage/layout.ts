import { join } from "node:path";

/** Journal file names carry their generation: `journal.<generation>.log`, generation a non-negative integer. */
const JOURNAL_NAME = /^journal\.(0|[1-9][0-9]*)\.log$/;

/**
 * Where each file of a data directory lives. Kept in one place so that the code that writes the files and the
 * code that recovers (and cleans up) after a crash cannot disagree about names.
 */
export class StorageLayout {
  readonly dbPath: string;
  /** Holds the pid of the server that owns the directory. */
  readonly lockFile: string;
  /** The latest complete snapshot; replaced atomically by renaming {@link snapshotTempFile} over it. */
  readonly snapshotFile: string;
  /** A snapshot being written; a leftover one is an interrupted compaction and is deleted at open. */
  readonly snapshotTempFile: string;

  constructor(dbPath: string) {
    this.dbPath = dbPath;
    this.lockFile = join(dbPath, "mongod.lock");
    this.snapshotFile = join(dbPath, "snapshot.bson");
    this.snapshotTempFile = join(dbPath, "snapshot.tmp");
  }

  /** The journal of a generation: the changes made after the snapshot of that generation was taken. */
  journalFile(generation: number): string {
    return join(this.dbPath, `journal.${String(generation)}.log`);
  }

  /** The generation of a journal, from its file name; null for any other file. */
  static journalGeneration(fileName: string): number | null {
    const match = JOURNAL_NAME.exec(fileName);
    if (!match?.[1]) return null;
    const generation = Number(match[1]);
    return Number.isSafeInteger(generation) ? generation : null;
  }
}

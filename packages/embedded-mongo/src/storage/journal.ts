import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { syncDirectory } from "./sync-directory.ts";
import { writeAll } from "./write-all.ts";

/**
 * One append-only journal file, open for writing. It only moves bytes; what goes in them (frames), when to
 * sync, and which journal is current are decided by the storage that owns it.
 */
export class JournalFile {
  readonly path: string;
  readonly generation: number;
  readonly #handle: FileHandle;
  #size: number;
  /** Set once a write fails part-way: where the file ends is then unknown, so nothing more may be written. */
  #broken = false;

  private constructor(path: string, generation: number, handle: FileHandle, size: number) {
    this.path = path;
    this.generation = generation;
    this.#handle = handle;
    this.#size = size;
  }

  /**
   * Creates a new, empty journal. Its directory is synced before returning, so that the file's name is on
   * disk before any write to it is acknowledged; otherwise a power loss could lose the whole file.
   */
  static async create(path: string, generation: number): Promise<JournalFile> {
    // "wx": a journal of this generation must not exist; silently appending to an unknown file would be worse.
    const handle = await open(path, "wx");
    try {
      await syncDirectory(dirname(path));
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new JournalFile(path, generation, handle, 0);
  }

  /**
   * Opens an existing journal to append after its last intact frame at `validBytes`, first cutting off (and
   * syncing away) anything after it, so that new frames follow intact ones and a reader never meets the old
   * torn bytes between them.
   */
  static async resume(path: string, generation: number, validBytes: number): Promise<JournalFile> {
    const handle = await open(path, "r+");
    try {
      const { size } = await handle.stat();
      if (size !== validBytes) {
        await handle.truncate(validBytes);
        await handle.datasync();
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new JournalFile(path, generation, handle, validBytes);
  }

  /** Bytes written to the file so far (not necessarily synced). */
  get size(): number {
    return this.#size;
  }

  /** Appends the buffers, in order, at the end of the file. Callers must not overlap calls. */
  async write(buffers: readonly Buffer[]): Promise<void> {
    if (this.#broken) throw new Error(`journal ${this.path} is unusable after an earlier failed write`);
    try {
      this.#size = await writeAll(this.#handle, buffers, this.#size);
    } catch (error) {
      this.#broken = true;
      throw error;
    }
  }

  /** fdatasync: the written bytes (and the file size) are on disk when this resolves. */
  async datasync(): Promise<void> {
    await this.#handle.datasync();
  }

  async close(): Promise<void> {
    await this.#handle.close();
  }
}

import { open, readFile, realpath, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";

/** Attempts to take the lock before giving up, when other processes keep taking over stale locks too. */
const MAX_ATTEMPTS = 5;
/**
 * A lock file with no pid in it may be one its creator has just created and not yet written (or one a crash
 * left empty), so it is read a few times before it is judged stale.
 */
const UNREADABLE_RETRIES = 5;
const UNREADABLE_RETRY_MS = 20;

type LockOwner = { pid: number } | "unknown" | "gone";

/**
 * Lock files this process holds (or is taking), by canonical path (symlinks resolved, so two spellings of one
 * directory are one key). Kept on globalThis so that every copy of
 * this module loaded in the process sees the same set. It is what tells a second open in this process (refused)
 * from a lock file that merely holds our pid because an earlier process had the same one: a container's
 * server often runs as pid 1 every time it is restarted after a kill.
 */
const HELD_KEY = Symbol.for("@tinkuy/embedded-mongo/held-locks");
const held = ((globalThis as Record<symbol, unknown>)[HELD_KEY] ??= new Set<string>()) as Set<string>;

/**
 * Ownership of a data directory by one server: a lock file holding the owner's pid, created exclusively, so a
 * second server (in another process, or a second open in this one) is refused rather than allowed to corrupt
 * the files. A lock whose pid is no longer running is stale (a crash or kill -9 leaves one) and is taken over.
 *
 * Limits: a dead owner's pid reused by an unrelated live process makes a stale lock look alive (the error says
 * to delete the file then); worker threads share their process's pid, so two threads of one process are not
 * kept apart; and two servers taking over the same stale lock at the same instant are not told apart (the file
 * system offers no atomic compare-and-replace).
 */
export class DirectoryLock {
  /** The lock file. */
  readonly path: string;
  readonly #key: string;
  #released = false;

  private constructor(path: string, key: string) {
    this.path = path;
    this.#key = key;
  }

  /** Takes the lock file at `path`, taking over a stale one, or throws if a live process holds it. */
  static async acquire(path: string, logger: Logger): Promise<DirectoryLock> {
    const key = join(await realpath(dirname(path)), basename(path));
    // Checked and claimed together, before the lock file is touched, so two opens racing in this process
    // cannot both get through.
    if (held.has(key)) throw inUse(path, process.pid);
    held.add(key);
    try {
      await take(path, logger);
    } catch (error) {
      held.delete(key);
      throw error;
    }
    return new DirectoryLock(path, key);
  }

  /** Deletes the lock file, if it is still ours. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    try {
      const owner = await readOwnerOnce(this.path);
      // A server that (wrongly) took the lock over meanwhile keeps it: deleting its file would unprotect it.
      if (typeof owner === "object" && owner.pid !== process.pid) return;
      await unlink(this.path).catch(ignoreMissing);
    } finally {
      // Only now: until the file is gone, another open in this process must still be refused.
      held.delete(this.#key);
    }
  }
}

/** Creates the lock file, taking over a stale one; throws if another live process holds it. */
async function take(path: string, logger: Logger): Promise<void> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (await tryCreate(path)) return;
    const owner = await readOwner(path);
    if (owner === "gone") continue; // Released between our attempt and the read: try again.
    let why: string;
    if (owner === "unknown") {
      why = "it holds no pid (a crash left it empty)";
    } else if (owner.pid === process.pid) {
      // Not held by this process (checked before), so an earlier process with the same pid left it.
      why = `it holds this process's pid, ${String(owner.pid)}, left by an earlier process with that pid`;
    } else if (isRunning(owner.pid)) {
      throw inUse(path, owner.pid);
    } else {
      why = `its owner, pid ${String(owner.pid)}, is no longer running (it crashed or was killed)`;
    }
    logger.warn(
      { lockFile: path, pid: owner === "unknown" ? null : owner.pid },
      `taking over a stale lock file: ${why}`,
    );
    await unlink(path).catch(ignoreMissing);
  }
  throw new Error(
    `Could not lock data directory ${dirname(path)}: lock file ${path} kept reappearing; ` +
      `is another server starting?`,
  );
}

/** Creates the lock file with our pid; false if it already exists. */
async function tryCreate(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, "wx");
  } catch (error) {
    if (errorCode(error) === "EEXIST") return false;
    throw error;
  }
  try {
    await handle.writeFile(`${String(process.pid)}\n`);
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(ignoreMissing);
    throw error;
  }
  return true;
}

async function readOwner(path: string): Promise<LockOwner> {
  for (let retry = 0; ; retry++) {
    const owner = await readOwnerOnce(path);
    if (owner !== "unknown" || retry >= UNREADABLE_RETRIES) return owner;
    await sleep(UNREADABLE_RETRY_MS);
  }
}

async function readOwnerOnce(path: string): Promise<LockOwner> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return "gone";
    throw error;
  }
  const match = /^\s*([0-9]+)\s*$/.exec(text);
  const pid = Number(match?.[1]);
  // pid 0 (and negatives) would make process.kill address a process group, never a single owner.
  return Number.isSafeInteger(pid) && pid > 0 ? { pid } : "unknown";
}

/** Whether a process with this pid exists. EPERM means it exists but belongs to another user. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) !== "ESRCH";
  }
}

function inUse(path: string, pid: number): Error {
  const who = pid === process.pid ? `pid ${String(pid)}, this very process` : `pid ${String(pid)}`;
  const hint =
    pid === process.pid
      ? "Close the storage that has it open before opening it again."
      : `Stop that server first; if no server is running, delete ${path} and retry.`;
  return new Error(
    `Data directory ${dirname(path)} is in use by another server (${who}): lock file ${path} exists. ${hint}`,
  );
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function ignoreMissing(error: unknown): void {
  if (errorCode(error) !== "ENOENT") throw error;
}

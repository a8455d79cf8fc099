import { open } from "node:fs/promises";

/**
 * Flushes a directory's entries to disk. Syncing a file makes its contents durable but, on POSIX, not its name:
 * a newly created, renamed or deleted entry survives a power loss only once its directory is synced too.
 */
export async function syncDirectory(path: string): Promise<void> {
  // Windows cannot open a directory as a file; NTFS journals its metadata, so there is nothing to do.
  if (process.platform === "win32") return;
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

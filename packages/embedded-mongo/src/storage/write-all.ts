import type { FileHandle } from "node:fs/promises";

/**
 * Writes buffers at a position in one `writev` call when it can, continuing after a short write, which the
 * operating system is allowed to make; returns the position after the last byte.
 */
export async function writeAll(
  handle: FileHandle,
  buffers: readonly Buffer[],
  position: number,
): Promise<number> {
  let remaining = buffers.filter((buffer) => buffer.length > 0);
  let at = position;
  while (remaining.length > 0) {
    const { bytesWritten } = await handle.writev(remaining, at);
    if (bytesWritten <= 0)
      throw new Error(`write to ${String(handle.fd)} made no progress at position ${String(at)}`);
    at += bytesWritten;
    let skip = bytesWritten;
    const rest: Buffer[] = [];
    for (const buffer of remaining) {
      if (skip >= buffer.length) {
        skip -= buffer.length;
      } else {
        rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
        skip = 0;
      }
    }
    remaining = rest;
  }
  return at;
}

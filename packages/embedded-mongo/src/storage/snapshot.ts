import type { Document } from "bson";
import { open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { FrameBatch, readFrames } from "./framing.ts";
import { isStorageRecord } from "./is-storage-record.ts";
import { decodeRecordPayload, recordPayload } from "./record-payload.ts";
import type { StorageRecord } from "./records.ts";
import { syncDirectory } from "./sync-directory.ts";
import { writeAll } from "./write-all.ts";

/*
 * A snapshot file is frames (see framing.ts): a header, the records that rebuild the state, and an end marker.
 *
 *   { format: "embedded-mongo snapshot", version: 1, generation }   the journal that follows it
 *   { op: ..., ... }                                                  StorageRecords
 *   { end: true, records: <count> }                                   proves the file is complete
 *
 * The end marker catches a snapshot cut at a frame boundary, which frame checksums alone would not notice.
 */

const FORMAT = "embedded-mongo snapshot";
const VERSION = 1;
/** Records are written in pieces of about this size, so a large state never becomes one large buffer. */
const WRITE_BYTES = 1024 * 1024;

/** A snapshot read back by {@link readSnapshot}. */
export interface LoadedSnapshot {
  /** The generation of the journal whose changes follow this snapshot. */
  readonly generation: number;
  readonly records: StorageRecord[];
  readonly bytes: number;
}

/** What {@link writeSnapshot} wrote. */
export interface WrittenSnapshot {
  readonly records: number;
  readonly bytes: number;
}

/**
 * Writes a snapshot of `records` to `tempPath`, syncs it and renames it over `path`, then syncs the directory:
 * at every moment `path` holds either the previous complete snapshot or the new complete one. The records are
 * consumed in pieces, with a write awaited between pieces. On failure the temporary file is removed and `path`
 * is untouched.
 */
export async function writeSnapshot(
  path: string,
  tempPath: string,
  generation: number,
  records: Iterable<StorageRecord>,
): Promise<WrittenSnapshot> {
  const handle = await open(tempPath, "w");
  let count = 0;
  let position = 0;
  let complete = false;
  try {
    const batch = new FrameBatch();
    batch.add({ format: FORMAT, version: VERSION, generation });
    for (const record of records) {
      batch.addPayload(recordPayload(record));
      count += 1;
      if (batch.byteLength >= WRITE_BYTES) position = await writeAll(handle, batch.take(), position);
    }
    batch.add({ end: true, records: count });
    position = await writeAll(handle, batch.take(), position);
    await handle.sync();
    complete = true;
  } finally {
    await handle.close();
    if (!complete) await rm(tempPath, { force: true });
  }
  await rename(tempPath, path);
  await syncDirectory(dirname(path));
  return { records: count, bytes: position };
}

/**
 * Reads and verifies a snapshot. Unlike a journal's last record, a snapshot was synced before it was put in
 * place, so any damage (a checksum failing, a missing end marker, a stray frame) is fatal: going on would
 * silently lose the data it held.
 */
export async function readSnapshot(path: string): Promise<LoadedSnapshot> {
  const corrupt = (detail: string): Error =>
    new Error(
      `Snapshot ${path} is corrupt: ${detail}. Refusing to start, because the data it holds would be lost; ` +
        `restore the data directory from a backup.`,
    );
  let generation: number | null = null;
  let ended = false;
  let expected = 0;
  const records: StorageRecord[] = [];
  const result = await readFrames(
    path,
    (doc: Document, offset: number) => {
      const at = `at byte offset ${String(offset)}`;
      if (ended) throw corrupt(`a frame follows the end marker ${at}`);
      if (generation === null) {
        if (doc["format"] !== FORMAT) throw corrupt(`it does not start with a snapshot header`);
        if (doc["version"] !== VERSION)
          throw corrupt(`unsupported snapshot version ${String(doc["version"])}`);
        const value: unknown = doc["generation"];
        if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
          throw corrupt(`invalid generation ${String(value)} in the header`);
        }
        generation = value;
      } else if (doc["end"] === true) {
        ended = true;
        expected = typeof doc["records"] === "number" ? doc["records"] : -1;
      } else if (isStorageRecord(doc)) {
        records.push(doc);
      } else {
        throw corrupt(`a frame that is not a storage record ${at}`);
      }
    },
    decodeRecordPayload,
  );
  if (result.damage) {
    throw corrupt(`${result.damage.reason} at byte offset ${String(result.damage.offset)}`);
  }
  if (generation === null) throw corrupt("the file is empty");
  if (!ended) throw corrupt(`it has no end marker (cut short after ${String(result.fileBytes)} bytes)`);
  if (expected !== records.length) {
    throw corrupt(
      `the end marker counts ${String(expected)} records but ${String(records.length)} were read`,
    );
  }
  return { generation, records, bytes: result.fileBytes };
}

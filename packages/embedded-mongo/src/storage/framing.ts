import { deserialize, serialize } from "bson";
import type { Document } from "bson";
import { open } from "node:fs/promises";
import { crc32 } from "node:zlib";

/*
 * The on-disk format shared by journals and snapshots: a sequence of frames, each
 *
 *   [u32 LE payload length][u32 LE crc32 of the payload][payload: one BSON document]
 *
 * The length lets a reader find the next frame; the checksum tells a frame that was written completely from one
 * a crash cut short or that the disk damaged, which the length alone cannot.
 */

const HEADER_BYTES = 8;
/** The smallest BSON document (`{}`) is 5 bytes, so a shorter payload can only be damage. */
const MIN_PAYLOAD_BYTES = 5;
/** Batches start in small chunks, so a flush of one record does not allocate megabytes, and grow up to this. */
const MIN_CHUNK_BYTES = 64 * 1024;
const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
/** How much of a file a reader asks for at a time. */
const READ_BYTES = 1024 * 1024;

/** A position in a {@link FrameBatch} to go back to if a group of frames cannot be added whole. */
export interface FrameBatchMark {
  readonly full: number;
  readonly chunk: Buffer | null;
  readonly start: number;
  readonly used: number;
  readonly bytes: number;
}

/**
 * Frames encoded into a few large buffers, ready for one vectored write. Documents are serialized when they
 * are added, so later changes to them cannot change what is written.
 */
export class FrameBatch {
  /** Chunks already filled, as the slices to write. */
  #full: Buffer[] = [];
  /** The chunk being filled; `start..used` is encoded but not yet taken. */
  #chunk: Buffer | null = null;
  #start = 0;
  #used = 0;
  #bytes = 0;
  /** Bytes added over the batch's life, to size new chunks for how busy it is. */
  #lifetimeBytes = 0;

  /** Bytes of the frames added since the last {@link take}. */
  get byteLength(): number {
    return this.#bytes;
  }

  /** Serializes a document and appends its frame; returns the frame's size in bytes. */
  add(doc: Document): number {
    return this.addPayload(serialize(doc));
  }

  /** Appends the frame of a payload that is already BSON (copied now); returns the frame's size in bytes. */
  addPayload(payload: Uint8Array): number {
    const size = HEADER_BYTES + payload.length;
    let chunk = this.#chunk;
    if (chunk === null || chunk.length - this.#used < size) chunk = this.#newChunk(size);
    chunk.writeUInt32LE(payload.length, this.#used);
    chunk.writeUInt32LE(crc32(payload), this.#used + 4);
    chunk.set(payload, this.#used + HEADER_BYTES);
    this.#used += size;
    this.#bytes += size;
    this.#lifetimeBytes += size;
    return size;
  }

  /** The current position, for {@link rollback}. */
  mark(): FrameBatchMark {
    return {
      full: this.#full.length,
      chunk: this.#chunk,
      start: this.#start,
      used: this.#used,
      bytes: this.#bytes,
    };
  }

  /** Forgets every frame added since `mark` (with no {@link take} in between). */
  rollback(mark: FrameBatchMark): void {
    this.#full.length = mark.full;
    this.#chunk = mark.chunk;
    this.#start = mark.start;
    this.#used = mark.used;
    this.#bytes = mark.bytes;
  }

  /**
   * The frames added since the last call, in order, as buffers to write. The rest of the current chunk keeps
   * serving later frames: they go after the bytes handed out, which are never written to again.
   */
  take(): Buffer[] {
    const out = this.#full;
    if (this.#chunk !== null && this.#used > this.#start)
      out.push(this.#chunk.subarray(this.#start, this.#used));
    this.#full = [];
    this.#start = this.#used;
    this.#bytes = 0;
    return out;
  }

  #newChunk(minBytes: number): Buffer {
    if (this.#chunk !== null && this.#used > this.#start)
      this.#full.push(this.#chunk.subarray(this.#start, this.#used));
    const preferred = Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, this.#lifetimeBytes));
    const chunk = Buffer.allocUnsafe(Math.max(minBytes, preferred));
    this.#chunk = chunk;
    this.#start = 0;
    this.#used = 0;
    return chunk;
  }
}

/** Where and why reading frames stopped before the end of a file. */
export interface FrameDamage {
  /** Byte offset of the first frame that is not whole and intact. */
  readonly offset: number;
  readonly reason: string;
}

/** The outcome of {@link readFrames}. */
export interface FrameReadResult {
  /** Bytes from the start of the file to the end of the last intact frame. */
  readonly validBytes: number;
  /** The size of the file. */
  readonly fileBytes: number;
  /** Null when every byte of the file belongs to an intact frame. */
  readonly damage: FrameDamage | null;
}

/**
 * Reads a file of frames in order, calling `onFrame` with each document (by `decode`: bson's defaults unless told)
 * and the byte offset of its frame, and stops at the first frame that is cut short, fails its checksum or is
 * not BSON. Reads in chunks, so a large file is never held in memory whole. Errors thrown by `onFrame` end
 * the read and propagate.
 */
export async function readFrames(
  path: string,
  onFrame: (doc: Document, offset: number) => void,
  decode: (payload: Uint8Array) => Document = deserialize,
): Promise<FrameReadResult> {
  const handle = await open(path, "r");
  try {
    const fileBytes = (await handle.stat()).size;
    /** Bytes read but not yet parsed start at `buffer[at]`, which is file offset `bufferOffset + at`. */
    let buffer = Buffer.alloc(0);
    let bufferOffset = 0;
    let at = 0;
    let readTo = 0;

    /** Makes `count` bytes from the current frame available, or says the file ends before them. */
    const have = async (count: number): Promise<boolean> => {
      const available = buffer.length - at;
      if (available >= count) return true;
      if (bufferOffset + at + count > fileBytes) return false;
      const toRead = Math.min(Math.max(count - available, READ_BYTES), fileBytes - readTo);
      const next = Buffer.allocUnsafe(available + toRead);
      buffer.copy(next, 0, at);
      let filled = available;
      while (filled < next.length) {
        const { bytesRead } = await handle.read(next, filled, next.length - filled, readTo);
        if (bytesRead === 0) break; // The file shrank while we read it.
        filled += bytesRead;
        readTo += bytesRead;
      }
      bufferOffset += at;
      at = 0;
      buffer = next.subarray(0, filled);
      return filled >= count;
    };

    for (;;) {
      const offset = bufferOffset + at;
      const done = (reason: string | null): FrameReadResult => ({
        validBytes: offset,
        fileBytes,
        damage: reason === null ? null : { offset, reason },
      });
      if (offset >= fileBytes) return done(null);
      if (!(await have(HEADER_BYTES))) {
        return done(
          `incomplete frame header (${String(fileBytes - offset)} of ${String(HEADER_BYTES)} bytes)`,
        );
      }
      const length = buffer.readUInt32LE(at);
      const checksum = buffer.readUInt32LE(at + 4);
      if (length < MIN_PAYLOAD_BYTES) return done(`impossible payload length ${String(length)}`);
      if (!(await have(HEADER_BYTES + length))) {
        const present = Math.max(0, fileBytes - offset - HEADER_BYTES);
        return done(`incomplete payload (${String(present)} of ${String(length)} bytes)`);
      }
      const payload = buffer.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length);
      if (crc32(payload) !== checksum) return done("checksum mismatch");
      let doc: Document;
      try {
        doc = decode(payload);
      } catch (error) {
        return done(`payload is not valid BSON (${error instanceof Error ? error.message : String(error)})`);
      }
      at += HEADER_BYTES + length;
      onFrame(doc, offset);
    }
  } finally {
    await handle.close();
  }
}

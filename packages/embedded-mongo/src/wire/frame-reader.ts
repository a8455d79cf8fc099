import { HEADER_SIZE, MAX_MESSAGE_SIZE } from "./protocol.ts";
import { ProtocolError } from "./protocol-error.ts";

/**
 * Splits a TCP byte stream into whole wire messages. Chunks are kept in a list and joined only when a
 * message is complete, so a large message arriving in many chunks is copied once.
 */
export class FrameReader {
  #chunks: Buffer[] = [];
  #buffered = 0;
  readonly #maxMessageSize: number;

  constructor(maxMessageSize = MAX_MESSAGE_SIZE) {
    this.#maxMessageSize = maxMessageSize;
  }

  /** Adds bytes and returns every message now complete; throws ProtocolError on an impossible length. */
  push(chunk: Buffer): Buffer[] {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const messages: Buffer[] = [];
    while (this.#buffered >= 4) {
      const length = this.#peekLength();
      if (length < HEADER_SIZE || length > this.#maxMessageSize) {
        throw new ProtocolError(
          `invalid message length ${length} (must be between ${HEADER_SIZE} and ${this.#maxMessageSize})`,
        );
      }
      if (this.#buffered < length) break;
      messages.push(this.#take(length));
    }
    return messages;
  }

  #peekLength(): number {
    const first = this.#chunks[0] as Buffer;
    if (first.length >= 4) return first.readInt32LE(0);
    const joined = Buffer.concat(this.#chunks);
    this.#chunks = [joined];
    return joined.readInt32LE(0);
  }

  #take(length: number): Buffer {
    const first = this.#chunks[0] as Buffer;
    if (first.length < length) {
      const joined = Buffer.concat(this.#chunks);
      this.#chunks = [joined];
    }
    const head = this.#chunks[0] as Buffer;
    const message = head.subarray(0, length);
    if (head.length === length) this.#chunks.shift();
    else this.#chunks[0] = head.subarray(length);
    this.#buffered -= length;
    return message;
  }
}

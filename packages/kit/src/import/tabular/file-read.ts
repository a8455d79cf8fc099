import { createHash } from "node:crypto";
import { createReadStream, type ReadStream } from "node:fs";
import { ImportError } from "../import-error.ts";

/** A file read from start to end, its bytes counted (for progress) and hashed as they pass. */
export class FileRead {
  readonly #path: string;
  readonly #hash = createHash("sha256");
  #bytes = 0;
  #sha256: string | undefined;
  #finished = false;

  constructor(path: string) {
    this.#path = path;
  }

  /** Bytes read so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The file from its start, counted and hashed as it is read (once per file). */
  stream(): ReadStream {
    const input = createReadStream(this.#path);
    input.on("data", (chunk: Buffer | string) => {
      this.#bytes += chunk.length;
      this.#hash.update(chunk);
    });
    return input;
  }

  /** Marks the file as read to its end, so that its digest is the whole file's. */
  finish(): void {
    this.#finished = true;
  }

  sha256(): string {
    if (!this.#finished) throw new ImportError("the file's digest is known only once it has been read");
    this.#sha256 ??= this.#hash.digest("hex");
    return this.#sha256;
  }
}

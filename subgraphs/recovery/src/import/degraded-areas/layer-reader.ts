import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { invariant } from "@tinkuy/kit";
import Assembler from "stream-json/assembler.js";
import { verifyFile } from "stream-json/file/verifier.js";
import { parser, type Token } from "stream-json/parser.js";

/**
 * What a layer's top level says, known only once the file has been read to its end: RFC 7946 does not order an
 * object's members, so `type` may come after `features`.
 */
export interface LayerHeader {
  /** The top-level `type` member (undefined when absent, or when the top level is not an object). */
  type: unknown;
  /** Whether the top level has one `features` member that is an array (`twice`: two such members). */
  features: "array" | "absent" | "not an array" | "twice";
  /** The top-level `crs` member (GeoJSON 2008), undefined when absent. */
  crs: unknown;
  /** Whether the top level is a JSON object at all. */
  object: boolean;
}

/** A file that is not JSON: the parser's reason, and where the verifier found it (1-based line and column). */
export class LayerSyntaxError extends Error {
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(reason: string, line?: number, column?: number) {
    super(line === undefined ? reason : `line ${line}, column ${column ?? "?"}: ${reason}`);
    this.name = "LayerSyntaxError";
    this.line = line;
    this.column = column;
  }
}

export interface LayerReaderOptions {
  /**
   * Leave each feature's `geometry` member out (its tokens are read and dropped, never assembled): a pass that
   * only needs ids holds no coordinates.
   */
  skipGeometry?: boolean;
}

/** Where the walker is in the document. */
type Place = "before" | "root" | "features" | "after";

/**
 * Reads a GeoJSON FeatureCollection feature by feature with stream-json's token parser: at any time it holds one
 * feature being assembled and the parser's window on the file (a few 64 KiB blocks), never the collection. The
 * top-level members other than `features` are kept only when small by nature (`type`, `crs`); any other is read
 * past. The bytes read are counted (progress) and hashed (the dataset's SHA-256) on the way.
 */
export class LayerReader {
  readonly #file: string;
  readonly #skipGeometry: boolean;
  readonly #hash = createHash("sha256");
  #bytes = 0;
  #header: LayerHeader | undefined;
  #digest: string | undefined;

  constructor(file: string, options: LayerReaderOptions = {}) {
    this.#file = file;
    this.#skipGeometry = options.skipGeometry ?? false;
  }

  /** Bytes of the file read so far (the parser may not have reached the last of them yet). */
  bytesRead(): number {
    return this.#bytes;
  }

  /** The SHA-256 (hex) of the whole file; only once `features()` has run to the end. */
  sha256(): string {
    invariant(this.#digest !== undefined, "the layer's digest is asked before the layer was read whole");
    return this.#digest;
  }

  /** The top level's members; only once `features()` has run to the end. */
  header(): LayerHeader {
    invariant(this.#header !== undefined, "the layer's header is asked before the layer was read whole");
    return this.#header;
  }

  /**
   * Each element of the top-level `features` array, in order, as `JSON.parse` would give it (without `geometry`
   * when so asked). Stops early, with `header()` saying why, when the top level is not an object. A file that is
   * not JSON throws a {@link LayerSyntaxError} saying where (the features of the blocks read before it have been
   * yielded).
   */
  async *features(): AsyncGenerator<unknown, void, undefined> {
    const header: LayerHeader = { type: undefined, features: "absent", crs: undefined, object: false };
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        this.#hash.update(chunk);
        this.#bytes += chunk.length;
        done(null, chunk);
      },
    });
    const tokens = parser.asStream({ packValues: true, streamValues: false });
    const piped = pipeline(createReadStream(this.#file), counter, tokens);
    // The pipeline's own promise settles with the iteration below; its failure surfaces through it.
    piped.catch(() => undefined);

    let place: Place = "before";
    /** The top-level member whose value comes next. */
    let member: string | undefined;
    /** Containers still open in a value being read past (0: not skipping). */
    let skipping = 0;
    /** The value being assembled: a kept member, or one feature. */
    let assembling: { asm: Assembler; into: "type" | "crs" | "feature" } | undefined;
    /** Whether the feature's `geometry` key was just dropped (its value follows, to be read past). */
    let dropNext = false;
    let featuresSeen = false;

    try {
      for await (const token of tokens as AsyncIterable<Token>) {
        if (skipping > 0) {
          if (opens(token)) skipping++;
          else if (token.name === "endObject" || token.name === "endArray") skipping--;
          continue;
        }
        if (dropNext) {
          dropNext = false;
          if (opens(token)) skipping = 1;
          continue;
        }
        if (assembling) {
          const { asm, into } = assembling;
          if (
            into === "feature" &&
            this.#skipGeometry &&
            asm.depth === 1 &&
            token.name === "keyValue" &&
            token.value === "geometry"
          ) {
            dropNext = true;
            continue;
          }
          asm.consume(token);
          if (!asm.done) continue;
          assembling = undefined;
          if (into === "feature") yield asm.current;
          else header[into] = asm.current;
          continue;
        }
        switch (place) {
          case "before":
            if (token.name !== "startObject") {
              this.#header = header;
              return;
            }
            header.object = true;
            place = "root";
            break;
          case "root":
            if (token.name === "endObject") {
              place = "after";
              break;
            }
            if (member === undefined) {
              invariant(token.name === "keyValue", `the parser gave ${token.name} where a key belongs`);
              member = token.value;
              break;
            }
            if (member === "features") {
              const twice = featuresSeen;
              featuresSeen = true;
              if (twice) header.features = "twice";
              if (token.name === "startArray") place = "features";
              else {
                if (!twice) header.features = "not an array";
                if (opens(token)) skipping = 1;
              }
            } else if (member === "type" || member === "crs") {
              const asm = new Assembler();
              asm.consume(token);
              if (asm.done) header[member] = asm.current;
              else assembling = { asm, into: member };
            } else if (opens(token)) skipping = 1;
            member = undefined;
            break;
          case "features":
            if (token.name === "endArray") {
              if (header.features !== "twice") header.features = "array";
              place = "root";
              member = undefined;
              break;
            }
            assembling = { asm: new Assembler(), into: "feature" };
            assembling.asm.consume(token);
            if (assembling.asm.done) {
              const value: unknown = assembling.asm.current;
              assembling = undefined;
              yield value;
            }
            break;
          case "after":
            break;
        }
      }
      await piped;
    } catch (error) {
      tokens.destroy();
      if (error instanceof LayerSyntaxError) throw error;
      if ((error as NodeJS.ErrnoException).code !== undefined) throw error;
      throw await this.#locate(error as Error);
    }
    this.#header = header;
    this.#digest = this.#hash.digest("hex");
  }

  /** The parser's error, placed by stream-json's verifier (it knows lines and columns; the parser does not). */
  async #locate(error: Error): Promise<LayerSyntaxError> {
    const reason = error.message.replace(/^Parser (cannot parse input: )?/, "");
    try {
      await verifyFile(this.#file);
    } catch (found) {
      const place = found as { line?: number; pos?: number; message?: string };
      if (typeof place.line === "number") return new LayerSyntaxError(reason, place.line, place.pos);
    }
    return new LayerSyntaxError(reason);
  }
}

function opens(token: Token): boolean {
  return token.name === "startObject" || token.name === "startArray";
}

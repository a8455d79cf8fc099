import { Long, type Document } from "bson";
import { MongoCommandError } from "./errors.ts";

/** An open cursor: the rest of a result set, handed out batch by batch by `getMore`. */
export interface OpenCursor {
  id: Long;
  ns: string;
  docs: Document[];
  position: number;
  /** The find projection, applied batch by batch as documents leave. */
  project: ((docs: Document[]) => Document[]) | undefined;
}

/**
 * Open cursors across all connections, as in MongoDB (a cursor may be continued on another pooled connection).
 * Results are materialised when the cursor opens; idle cursors are reaped after `idleMs`.
 */
export class CursorRegistry {
  readonly #cursors = new Map<bigint, OpenCursor & { touched: number }>();
  readonly #idleMs: number;
  #next = BigInt(Date.now()) * 1000n;

  constructor(idleMs = 10 * 60_000) {
    this.#idleMs = idleMs;
  }

  get size(): number {
    return this.#cursors.size;
  }

  open(ns: string, docs: Document[], position: number, project: OpenCursor["project"]): Long {
    this.#reap();
    const id = Long.fromBigInt(++this.#next);
    this.#cursors.set(id.toBigInt(), { id, ns, docs, position, project, touched: Date.now() });
    return id;
  }

  /** The cursor for `getMore`; an unknown id or a namespace mismatch is the client's error. */
  get(id: bigint, ns: string): OpenCursor {
    const cursor = this.#cursors.get(id);
    if (!cursor) throw new MongoCommandError("CursorNotFound", `cursor id ${id} not found`);
    if (cursor.ns !== ns) {
      throw new MongoCommandError(
        "Unauthorized",
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`,
      );
    }
    cursor.touched = Date.now();
    return cursor;
  }

  close(id: bigint): boolean {
    return this.#cursors.delete(id);
  }

  /** Forgets cursors on a namespace that no longer exists. */
  closeNamespace(prefix: string): void {
    for (const [id, cursor] of this.#cursors) {
      if (cursor.ns === prefix || cursor.ns.startsWith(prefix + ".")) this.#cursors.delete(id);
    }
  }

  #reap(): void {
    const cutoff = Date.now() - this.#idleMs;
    for (const [id, cursor] of this.#cursors) if (cursor.touched < cutoff) this.#cursors.delete(id);
  }
}

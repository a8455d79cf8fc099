import { deserialize, serialize, type Document } from "bson";
import type { FieldPicker } from "./bson-fields.ts";
import type { DocumentStore } from "./document-store.ts";

/** The first slab of a collection; each next one doubles, up to {@link MAX_SLAB_BYTES}. */
const MIN_SLAB_BYTES = 64 * 1024;
const MAX_SLAB_BYTES = 16 * 1024 * 1024;
/** Slabs are rewritten once dead bytes (replaced or deleted documents) pass this share of all slab bytes … */
const COMPACT_DEAD_SHARE = 0.25;
/** … and this many bytes, so small collections do not rewrite on every few updates. */
const COMPACT_MIN_DEAD_BYTES = 8 * 1024 * 1024;
/** Slot numbers are renumbered once dead slots are this share of all of them (and at least 1,024). */
const COMPACT_DEAD_SLOTS = 0.5;
const DECODE = { allowObjectSmallerThanBufferSize: true } as const;

/**
 * A {@link DocumentStore} that keeps each document as its BSON bytes in large `Buffer` slabs, outside the V8
 * heap: the garbage collector never marks the data, only a map from `_id` key to slot and one number per slot
 * (where its bytes are). A slab is only ever appended to, so bytes once stored never change: a replacement
 * writes new bytes and the old ones become dead; once enough are dead, the live documents are copied into fresh
 * slabs and the old slabs are left to whoever still holds a view of them (a snapshot being written).
 */
export class BsonSlabStore implements DocumentStore {
  /** `_id` key → slot; slots increase with insertion, so the map's order is the natural order. */
  readonly #slots = new Map<string, number>();
  /** Slot → location: slab number × 2^32 + byte offset in the slab; -1 for a deleted document. */
  #locations = new Float64Array(1024);
  #nextSlot = 0;
  #slabs: Buffer[] = [];
  /** The slab being filled is the last one; bytes used in it. */
  #used = 0;
  #liveBytes = 0;
  /** Bytes of the slabs before the last one (their unused ends count as dead). */
  #closedBytes = 0;

  get size(): number {
    return this.#slots.size;
  }

  has(id: string): boolean {
    return this.#slots.has(id);
  }

  get(id: string): Document | undefined {
    const slot = this.#slots.get(id);
    return slot === undefined ? undefined : this.#decode(slot);
  }

  bytes(id: string): Uint8Array | undefined {
    const slot = this.#slots.get(id);
    return slot === undefined ? undefined : this.#view(slot);
  }

  put(id: string, doc: Document | Uint8Array): Uint8Array {
    const bson = doc instanceof Uint8Array ? doc : serialize(doc);
    const location = this.#append(bson);
    const slot = this.#slots.get(id);
    if (slot === undefined) {
      const fresh = this.#newSlot();
      this.#slots.set(id, fresh);
      this.#locations[fresh] = location;
    } else {
      this.#liveBytes -= this.#lengthAt(this.#locations[slot] as number);
      this.#locations[slot] = location;
    }
    this.#liveBytes += bson.length;
    const view = this.#viewAt(location);
    this.#maybeCompact();
    return view;
  }

  delete(id: string): boolean {
    const slot = this.#slots.get(id);
    if (slot === undefined) return false;
    this.#liveBytes -= this.#lengthAt(this.#locations[slot] as number);
    this.#locations[slot] = -1;
    this.#slots.delete(id);
    this.#maybeCompact();
    return true;
  }

  *entries(): IterableIterator<[string, Document]> {
    for (const [id, slot] of this.#slots) yield [id, this.#decode(slot)];
  }

  *values(): IterableIterator<Document> {
    for (const slot of this.#slots.values()) yield this.#decode(slot);
  }

  *rawValues(): IterableIterator<Uint8Array> {
    for (const slot of this.#slots.values()) yield this.#view(slot);
  }

  byIds(ids: Iterable<string>): Document[] {
    return this.#sortedSlots(ids).map((slot) => this.#decode(slot));
  }

  *matching(
    ids: Iterable<string> | undefined,
    picker: FieldPicker | undefined,
    test: (doc: Document) => boolean,
    examined: () => void,
  ): IterableIterator<Document> {
    const slots = ids === undefined ? this.#slots.values() : this.#sortedSlots(ids);
    for (const slot of slots) {
      examined();
      if (!picker) {
        const doc = this.#decode(slot);
        if (test(doc)) yield doc;
        continue;
      }
      const location = this.#locations[slot] as number;
      if (test(picker.pick(this.#slabAt(location), location % 2 ** 32))) yield this.#decode(slot);
    }
  }

  /** The slots of these `_id` keys, each once, in natural order. */
  #sortedSlots(ids: Iterable<string>): number[] {
    const slots: number[] = [];
    const seen = new Set<number>();
    for (const id of ids) {
      const slot = this.#slots.get(id);
      if (slot === undefined || seen.has(slot)) continue;
      seen.add(slot);
      slots.push(slot);
    }
    return slots.sort((a, b) => a - b);
  }

  #decode(slot: number): Document {
    const location = this.#locations[slot] as number;
    return deserialize(this.#slabAt(location), { ...DECODE, index: location % 2 ** 32 });
  }

  #view(slot: number): Uint8Array {
    return this.#viewAt(this.#locations[slot] as number);
  }

  #viewAt(location: number): Uint8Array {
    const offset = location % 2 ** 32;
    const slab = this.#slabAt(location);
    return slab.subarray(offset, offset + slab.readInt32LE(offset));
  }

  #lengthAt(location: number): number {
    return this.#slabAt(location).readInt32LE(location % 2 ** 32);
  }

  #slabAt(location: number): Buffer {
    return liveSlab(this.#slabs, location);
  }

  /** Copies `bson` after the last stored bytes (a new slab when they do not fit); returns its location. */
  #append(bson: Uint8Array): number {
    let slab = this.#slabs.at(-1);
    if (!slab || slab.length - this.#used < bson.length) {
      const previous = slab?.length ?? MIN_SLAB_BYTES / 2;
      const size = Math.max(bson.length, Math.min(MAX_SLAB_BYTES, previous * 2));
      // Slow: its own memory, never a slice of Node's shared pool, so releasing it gives the memory back.
      this.#closedBytes += slab?.length ?? 0;
      slab = Buffer.allocUnsafeSlow(size);
      this.#slabs.push(slab);
      this.#used = 0;
    }
    slab.set(bson, this.#used);
    const location = (this.#slabs.length - 1) * 2 ** 32 + this.#used;
    this.#used += bson.length;
    return location;
  }

  #newSlot(): number {
    if (this.#nextSlot === this.#locations.length) {
      const grown = new Float64Array(this.#locations.length * 2);
      grown.set(this.#locations);
      this.#locations = grown;
    }
    return this.#nextSlot++;
  }

  /** Rewrites the slabs when enough of their bytes are dead, and renumbers slots when enough are unused. */
  #maybeCompact(): void {
    // Written bytes not held by a live document; the unwritten end of the last slab is not dead.
    const written = this.#closedBytes + this.#used;
    const dead = written - this.#liveBytes;
    if (dead > COMPACT_MIN_DEAD_BYTES && dead > written * COMPACT_DEAD_SHARE) {
      this.#rewrite();
      return;
    }
    const unused = this.#nextSlot - this.#slots.size;
    if (unused >= 1024 && unused > this.#nextSlot * COMPACT_DEAD_SLOTS) this.#rewrite();
  }

  /** Copies every live document, in natural order, into fresh slabs and slots. */
  #rewrite(): void {
    const old = { slabs: this.#slabs, locations: this.#locations };
    this.#slabs = [];
    this.#used = 0;
    this.#closedBytes = 0;
    this.#locations = new Float64Array(Math.max(1024, this.#slots.size * 2));
    this.#nextSlot = 0;
    for (const [id, slot] of this.#slots) {
      const location = old.locations[slot] as number;
      const slab = liveSlab(old.slabs, location);
      const offset = location % 2 ** 32;
      const fresh = this.#nextSlot++;
      this.#locations[fresh] = this.#append(slab.subarray(offset, offset + slab.readInt32LE(offset)));
      this.#slots.set(id, fresh);
    }
  }
}

/** The slab holding the document at `location`; a live document's slab is never released. */
function liveSlab(slabs: readonly Buffer[], location: number): Buffer {
  const slab = slabs[Math.floor(location / 2 ** 32)];
  if (!slab) throw new Error(`invariant: no slab for a live document at ${location}`);
  return slab;
}

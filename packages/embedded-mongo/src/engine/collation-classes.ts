import type { Collation } from "./collation.ts";
import { isPlainObject } from "./paths.ts";

/** Most strings per chunk of the sorted representatives before the chunk splits in two. */
const CHUNK = 512;

/** What {@link CollationClasses.canonicalValue} answers when a lookup meets a string no class holds. */
export const UNKNOWN_CLASS: unique symbol = Symbol("unknown collation class");

/**
 * The equivalence classes of strings under one collation, each named by its first-seen member (its
 * representative): replacing every string by its representative gives a value whose ordinary binary key
 * (`indexKey`) is equal for two values exactly when the collation finds them equal. That is what a hash index
 * with a collation, `distinct` and `$group` under a collation key on.
 *
 * `Intl.Collator` has no sort keys (ICU's `getSortKey` is not exposed), so the classes are found by
 * comparison: the representatives are kept sorted by `collation.compare` in chunks of at most 512 (a binary
 * search over the chunks' last members, then within one chunk), so finding a class costs O(log n)
 * comparisons and adding one moves at most a chunk. Each string met is also remembered with its
 * representative, so a repeated string costs one hash lookup. Classes are never removed: a class whose
 * documents are all gone costs its memory until the index is rebuilt (restart, or drop and create).
 */
export class CollationClasses {
  readonly collation: Collation;
  readonly #chunks: string[][] = [];
  readonly #seen = new Map<string, string>();

  constructor(collation: Collation) {
    this.collation = collation;
  }

  /** How many classes are known. */
  get size(): number {
    let n = 0;
    for (const chunk of this.#chunks) n += chunk.length;
    return n;
  }

  /**
   * The representative of `s`'s class; a string in no class founds one when `add` is true, and is
   * undefined otherwise (a lookup: no stored value is equal to it).
   */
  canonical(s: string, add: boolean): string | undefined {
    const known = this.#seen.get(s);
    if (known !== undefined) return known;
    const compare = this.collation.compare;
    const chunks = this.#chunks;
    // The first chunk whose last member is not below s.
    let low = 0;
    let high = chunks.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const chunk = chunks[mid] as string[];
      if (compare(chunk[chunk.length - 1] as string, s) < 0) low = mid + 1;
      else high = mid;
    }
    const at = Math.min(low, chunks.length - 1);
    const chunk = chunks[at];
    let position = 0;
    if (chunk) {
      let lo = 0;
      let hi = chunk.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const c = compare(chunk[mid] as string, s);
        if (c === 0) {
          const representative = chunk[mid] as string;
          this.#seen.set(s, representative);
          return representative;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
      }
      position = lo;
    }
    if (!add) return undefined;
    if (!chunk) chunks.push([s]);
    else {
      chunk.splice(position, 0, s);
      if (chunk.length > CHUNK) chunks.splice(at + 1, 0, chunk.splice(CHUNK >> 1));
    }
    this.#seen.set(s, s);
    return s;
  }

  /**
   * `value` with every string (inside arrays and embedded documents too, field names excepted) replaced by
   * its class's representative; {@link UNKNOWN_CLASS} when `add` is false and some string is in no class.
   */
  canonicalValue(value: unknown, add: boolean): unknown {
    if (typeof value === "string") return this.canonical(value, add) ?? UNKNOWN_CLASS;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const element of value) {
        const each = this.canonicalValue(element, add);
        if (each === UNKNOWN_CLASS) return UNKNOWN_CLASS;
        out.push(each);
      }
      return out;
    }
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) {
        const each = this.canonicalValue(inner, add);
        if (each === UNKNOWN_CLASS) return UNKNOWN_CLASS;
        out[key] = each;
      }
      return out;
    }
    return value;
  }
}

/** Whether a value holds a string anywhere (itself, an element, an embedded field's value). */
export function holdsString(value: unknown): boolean {
  if (typeof value === "string") return true;
  if (Array.isArray(value)) return value.some(holdsString);
  if (isPlainObject(value)) return Object.values(value).some(holdsString);
  return false;
}

import { invariant } from "@tinkuy/kit";

/**
 * A small seeded pseudo-random generator (mulberry32) for deterministic seed data: the same seed gives the
 * same sequence on every machine. Not for anything security-related.
 */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One value, with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, weight] of entries) {
      r -= weight;
      if (r < 0) return value;
    }
    return (entries[entries.length - 1] as readonly [T, number])[0];
  }

  /** A date uniformly between two dates (inclusive of the first). */
  dateBetween(from: Date, to: Date): Date {
    return new Date(from.getTime() + Math.floor(this.next() * Math.max(0, to.getTime() - from.getTime())));
  }
}

/**
 * Splits `total` in proportion to the weights by largest remainder, so the parts are integers that add up to
 * `total` exactly (quotas of seed data that must match a published total at any scale).
 */
export function apportion<K>(total: number, weights: readonly (readonly [K, number])[]): [K, number][] {
  const sum = weights.reduce((s, [, w]) => s + w, 0);
  const parts = weights.map(([key, w], index) => {
    const exact = (total * w) / sum;
    return { key, index, n: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let left = total - parts.reduce((s, p) => s + p.n, 0);
  for (const part of [...parts].sort((a, b) => b.rest - a.rest || a.index - b.index)) {
    if (left-- <= 0) break;
    part.n++;
  }
  return parts.map((p) => [p.key, p.n]);
}

/**
 * Draws keys in proportion to what is left of their quotas, optionally skewed by a factor per key, so a
 * stream of draws hits the quotas' totals exactly without holding the stream in memory. A caller may also
 * `take` keys it chose itself; the draws then steer the totals back towards the quotas.
 */
export class QuotaSampler<K> {
  readonly #random: SeededRandom;
  readonly #left: Map<K, number>;
  readonly #initial: Map<K, number>;

  constructor(random: SeededRandom, quotas: readonly (readonly [K, number])[]) {
    this.#random = random;
    this.#left = new Map(quotas);
    this.#initial = new Map(quotas);
  }

  /** A key, with probability proportional to its remaining quota times `factor(key)`; does not take it. */
  draw(factor: (key: K) => number = () => 1): K {
    // Once every quota is spent (possible only through `take`), fall back to the original proportions.
    const source = [...this.#left.values()].some((n) => n > 0) ? this.#left : this.#initial;
    const weight = (key: K, n: number): number => Math.max(n, 0) * factor(key);
    let sum = 0;
    for (const [key, n] of source) sum += weight(key, n);
    let r = this.#random.next() * sum;
    let last: K | undefined;
    for (const [key, n] of source) {
      if (weight(key, n) <= 0) continue;
      last = key;
      r -= weight(key, n);
      if (r < 0) return key;
    }
    invariant(last !== undefined, "a quota draw needs a key with a positive weight");
    return last;
  }

  /** Counts one `key` against its quota. */
  take(key: K): void {
    this.#left.set(key, (this.#left.get(key) ?? 0) - 1);
  }
}

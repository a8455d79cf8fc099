/** Who the seeded operations and reports are recorded by: the demo-data generator (see their provenance). */
export const SEEDED_BY = "seed:tinkuy-demo";
/** Milliseconds in a day. */
export const DAY = 86_400_000;

/** A 32-bit seed for one stream of the generator, derived from the seed and a label (FNV-1a). */
export function derive(seed: number, label: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${seed}:${label}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Midnight UTC of an ISO day (`2025-01-31`). */
export function day(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

/** Rounds to a number of decimals. */
export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

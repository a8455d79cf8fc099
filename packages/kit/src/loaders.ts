import DataLoader from "dataloader";

/** Largest batch sent as one query; DataLoader splits bigger ones. */
const MAX_BATCH = 1000;

/**
 * A per-request loader of one entity by a unique key: one database command per batch of keys, results in
 * the order of the keys, `null` for a key with no entity.
 */
export function uniqueLoader<K extends string, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (value: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(
    async (keys) => {
      const found = new Map<K, V>();
      for (const value of await fetch(keys)) found.set(keyOf(value), value);
      return keys.map((key) => found.get(key) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/**
 * A per-request loader of the entities that share a key (an operator's records): one database command per
 * batch, an empty list for a key with none.
 */
export function groupLoader<K extends string, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (value: V) => K,
): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(
    async (keys) => {
      const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
      for (const value of await fetch(keys)) groups.get(keyOf(value))?.push(value);
      return keys.map((key) => groups.get(key) ?? []);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

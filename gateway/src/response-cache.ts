import { createHash } from "node:crypto";
import {
  HeaderMap,
  type ApolloServerPlugin,
  type GraphQLRequestContextResponseForOperation,
  type GraphQLResponse,
} from "@apollo/server";
import type { Viewer } from "@tinkuy/kit";
import { LRUCache } from "lru-cache";
import type { GatewayContext } from "./context.ts";

/** How the response cache is sized and how long an entry may live. */
export interface ResponseCacheOptions {
  /** Off: every operation executes, and every response says `bypass`. */
  enabled: boolean;
  /** How long an entry lives: the backstop for writes that do not pass through this gateway. */
  ttlMs: number;
  maxEntries: number;
  /** The entries' JSON size, summed; one entry may take at most a quarter of it. */
  maxBytes: number;
}

/** The defaults `RESPONSE_CACHE*` fall back to (see env.ts). */
export const RESPONSE_CACHE_DEFAULTS: ResponseCacheOptions = {
  enabled: true,
  ttlMs: 30_000,
  maxEntries: 10_000,
  maxBytes: 64 * 1024 * 1024,
};

/** The response header that says how an operation was answered. */
export const CACHE_HEADER = "x-tinkuy-cache";

/**
 * `hit`: from the cache; `miss`: executed (and stored if it can be); `shared`: the result of an identical request
 * that was executing when this one arrived; `bypass`: not a cacheable operation (a mutation, or the cache is off).
 */
export type CacheOutcome = "hit" | "miss" | "shared" | "bypass";

/** What the cache holds at a moment, for operators and tests. */
export interface ResponseCacheStats {
  entries: number;
  bytes: number;
  /** Requests waiting for an identical request to finish. */
  waiting: number;
  /** Bumped by every mutation; a response computed under an older generation is never stored. */
  generation: number;
}

/** The plugin and a view of its state. */
export interface ResponseCache {
  plugin: ApolloServerPlugin<GatewayContext>;
  stats(): ResponseCacheStats;
}

type Data = Record<string, unknown>;

interface Entry {
  data: Data;
  bytes: number;
}

/** One executing request that identical requests may wait for; settles with its data when that can be shared. */
interface Flight {
  generation: number;
  result: Promise<Data | undefined>;
  settle(data: Data | undefined): void;
}

/**
 * A response cache for read-mostly queries, as an Apollo Server plugin: `responseForOperation` answers from
 * the cache (or from an identical request already executing), `willSendResponse` stores.
 *
 * Entries are keyed by a SHA-256 of the operation text, the operation name, the variables (canonical JSON) and
 * the viewer's access profile: role, pillar, donor and grants, not the viewer's id, because the subgraphs
 * answer every viewer with the same profile alike (two analysts share entries; two donors never do, their
 * funded projects differ). Only queries are cached, and only complete answers without errors: a partial answer
 * while a pillar is down, or one with a `FORBIDDEN` field, is never served again.
 *
 * Every mutation by a viewer who can write (an editor or an admin) through this gateway clears the cache when
 * it starts and again when it ends, and bumps a generation: a query that was executing meanwhile may have read
 * the old data, so it is not stored, and no later request waits for it. A write is thus visible in the next read. Writes that bypass this gateway
 * (seeds, imports, another instance) are covered only by the TTL.
 *
 * A waiter gives up after `waitMs` and executes itself: a leader that never reaches `willSendResponse` (a
 * plugin throwing before execution) must not stall its key.
 */
export function createResponseCache(options: ResponseCacheOptions & { waitMs: number }): ResponseCache {
  const entries = new LRUCache<string, Entry>({
    max: options.maxEntries,
    maxSize: options.maxBytes,
    maxEntrySize: Math.max(1, Math.floor(options.maxBytes / 4)),
    sizeCalculation: (entry) => Math.max(1, entry.bytes),
    ttl: options.ttlMs,
  });
  const flights = new Map<string, Flight>();
  let generation = 0;
  let waiting = 0;

  const invalidate = () => {
    generation += 1;
    entries.clear();
  };

  const stats = (): ResponseCacheStats => ({
    entries: entries.size,
    bytes: entries.calculatedSize,
    waiting,
    generation,
  });

  if (!options.enabled) {
    return {
      stats,
      plugin: {
        requestDidStart: () =>
          Promise.resolve({
            responseForOperation: ({ response }) => {
              response.http.headers.set(CACHE_HEADER, "bypass");
              return Promise.resolve(null);
            },
          }),
      },
    };
  }

  const plugin: ApolloServerPlugin<GatewayContext> = {
    requestDidStart: () => {
      let mutation = false;
      /** Set when this request executes a query whose answer may be stored. */
      let pending: { key: string; generation: number; flight: Flight | undefined } | undefined;

      return Promise.resolve({
        responseForOperation: async (context) => {
          const mark = (outcome: CacheOutcome) => context.response.http.headers.set(CACHE_HEADER, outcome);
          const kind = context.operation.operation;
          // Only editors and admins can write (the subgraphs refuse everyone else), so only their mutations
          // invalidate: a public client sending mutations cannot keep the cache empty.
          const role = context.contextValue.viewer.role;
          if (kind === "mutation" && (role === "AGENCY_EDITOR" || role === "ADMIN")) {
            mutation = true;
            invalidate();
          }
          if (kind !== "query") {
            mark("bypass");
            return null;
          }
          const key = cacheKey(context);
          const cached = entries.get(key);
          if (cached) return answer(cached.data, "hit");
          const current = flights.get(key);
          if (current && current.generation === generation) {
            waiting += 1;
            const data = await within(current.result, options.waitMs).finally(() => (waiting -= 1));
            if (data) return answer(data, "shared");
            if (flights.get(key) === current) flights.delete(key);
            // The first request failed, was partial, or raced a write: execute, and store if this one can be.
            pending = { key, generation, flight: undefined };
            mark("miss");
            return null;
          }
          const flight = newFlight(generation);
          flights.set(key, flight);
          pending = { key, generation, flight };
          mark("miss");
          return null;
        },

        willSendResponse: ({ response }) => {
          if (mutation) invalidate();
          if (!pending) return Promise.resolve();
          const { key, flight } = pending;
          const data = pending.generation === generation ? completeData(response) : undefined;
          if (data) {
            const json = JSON.stringify(data);
            entries.set(key, { data: deepFreeze(data), bytes: Buffer.byteLength(json) });
          }
          if (flight) {
            if (flights.get(key) === flight) flights.delete(key);
            flight.settle(data);
          }
          return Promise.resolve();
        },
      });
    },
  };
  return { plugin, stats };
}

/** The cache key of a query for its viewer's access profile. */
function cacheKey(context: GraphQLRequestContextResponseForOperation<GatewayContext>): string {
  const viewer: Viewer = context.contextValue.viewer;
  const parts = [
    context.source,
    context.operationName,
    canonical(context.request.variables ?? {}),
    viewer.role,
    viewer.pillar,
    viewer.donor,
    [...viewer.grants].sort(),
  ];
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64url");
}

/** The value with every object's keys sorted, so that equal variables stringify equally. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    sorted[key] = canonical((value as Record<string, unknown>)[key]);
  return sorted;
}

/** The data of a complete, error-free, single (not incremental) answer; otherwise undefined. */
function completeData(response: GraphQLResponse): Data | undefined {
  if (response.body.kind !== "single") return undefined;
  const { data, errors } = response.body.singleResult;
  if (errors?.length || !data) return undefined;
  if (response.http.status !== undefined && response.http.status !== 200) return undefined;
  return data;
}

function answer(data: Data, outcome: "hit" | "shared"): GraphQLResponse {
  return {
    http: { headers: new HeaderMap([[CACHE_HEADER, outcome]]) },
    body: { kind: "single", singleResult: { data } },
  };
}

function newFlight(generation: number): Flight {
  let settle: (data: Data | undefined) => void = () => undefined;
  const result = new Promise<Data | undefined>((resolve) => (settle = resolve));
  return { generation, result, settle };
}

/** The promise's value, or undefined once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Entries are shared by every request that reads them: nothing may change one after it is stored. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

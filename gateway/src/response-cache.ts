import { createHash } from "node:crypto";
import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from "@apollo/server";
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
  /** Hits written straight to HTTP, before Apollo's request pipeline (the other hits went through it). */
  shortcuts: number;
}

/** A stored answer written straight to HTTP, without Apollo's request pipeline. */
export interface ShortcutAnswer {
  headers: Record<string, string>;
  body: string;
}

/** The plugin, the HTTP shortcut for hits, and a view of its state. */
export interface ResponseCache {
  plugin: ApolloServerPlugin<GatewayContext>;
  /**
   * The stored answer for a plain JSON POST (`query`, optional `operationName` and `variables`, nothing else)
   * whose `accept` Apollo would answer with JSON; undefined when there is none or the request is anything else,
   * and the request then goes through Apollo as usual.
   */
  shortcut(body: unknown, headers: HeaderMap, viewer: Viewer): ShortcutAnswer | undefined;
  stats(): ResponseCacheStats;
}

type Data = Record<string, unknown>;

interface Entry {
  /** The response body exactly as Apollo writes it: `{"data":…}` and a newline. */
  json: string;
  bytes: number;
  /** The parsed data, kept once a hit has gone through Apollo (GET, extensions, negotiated `accept`). */
  data?: Data;
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
  let shortcuts = 0;

  const invalidate = () => {
    generation += 1;
    entries.clear();
  };

  const stats = (): ResponseCacheStats => ({
    entries: entries.size,
    bytes: entries.calculatedSize,
    waiting,
    generation,
    shortcuts,
  });

  if (!options.enabled) {
    return {
      stats,
      shortcut: () => undefined,
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
          const viewer = context.contextValue.viewer;
          const key = cacheKey(
            context.source,
            context.request.operationName,
            context.request.variables,
            viewer,
          );
          const cached = entries.get(key);
          if (cached) {
            cached.data ??= deepFreeze((JSON.parse(cached.json) as { data: Data }).data);
            return answer(cached.data, "hit");
          }
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
            // As Apollo's default `stringifyResult` writes it (JSON and a newline).
            const json = `${JSON.stringify({ data })}\n`;
            entries.set(key, { json, bytes: Buffer.byteLength(json) });
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
  const shortcut = (body: unknown, headers: HeaderMap, viewer: Viewer): ShortcutAnswer | undefined => {
    const contentType = JSON_ANSWER.get(headers.get("accept") ?? "");
    if (!contentType || !isPlainRequest(body)) return undefined;
    const key = cacheKey(body.query, body.operationName ?? null, body.variables ?? undefined, viewer);
    const cached = entries.get(key);
    if (!cached) return undefined;
    shortcuts += 1;
    // As Apollo's cache-control plugin answers every operation here (no @cacheControl hints): never stored by
    // browsers or proxies, since an answer may hold what only this viewer's profile may read.
    return {
      headers: { "content-type": contentType, "cache-control": "no-store", [CACHE_HEADER]: "hit" },
      body: cached.json,
    };
  };
  return { plugin, shortcut, stats };
}

/** The content type Apollo answers a single result with, for the `accept` values the shortcut takes. */
const JSON_ANSWER = new Map([
  ["", "application/json; charset=utf-8"],
  ["*/*", "application/json; charset=utf-8"],
  ["application/json", "application/json; charset=utf-8"],
  ["application/graphql-response+json", "application/graphql-response+json; charset=utf-8"],
]);

/** A JSON POST body with a query and nothing but an operation name and variables beside it. */
function isPlainRequest(
  body: unknown,
): body is { query: string; operationName?: string | null; variables?: Record<string, unknown> | null } {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  const request = body as Record<string, unknown>;
  for (const key of Object.keys(request)) {
    if (key !== "query" && key !== "operationName" && key !== "variables") return false;
  }
  const { query, operationName, variables } = request;
  return (
    typeof query === "string" &&
    (operationName === undefined || operationName === null || typeof operationName === "string") &&
    (variables === undefined ||
      variables === null ||
      (typeof variables === "object" && !Array.isArray(variables)))
  );
}

/**
 * The cache key of a query for its viewer's access profile. The shortcut computes it from the request body, the
 * plugin from Apollo's request context; both see the same text, name and variables.
 */
function cacheKey(
  source: string | undefined,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  viewer: Viewer,
): string {
  const parts = [
    source,
    operationName ?? null,
    canonical(variables ?? {}),
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

/** An entry's data is shared by every hit that reads it: nothing may change it once parsed. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

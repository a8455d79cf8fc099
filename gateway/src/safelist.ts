import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ApolloServerPlugin, PersistedQueryOptions } from "@apollo/server";
import { GraphQLError } from "graphql";
import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import type { GatewayContext } from "./context.ts";

/**
 * `off`: Apollo's automatic persisted queries as usual, any operation runs. `accept`: operations of the manifest
 * run by hash or id, and any other operation still runs but is logged (a dry run before enforcing).
 * `enforce`: only the manifest's operations run; anything else is refused before it is parsed.
 */
export type PersistedOperationsMode = "off" | "accept" | "enforce";

/** The registered operations: SHA-256 (hex) of the operation text → the text. */
export type PersistedOperationsManifest = ReadonlyMap<string, string>;

/** How the gateway treats persisted operations (see `PERSISTED_OPERATIONS` in env.ts). */
export interface PersistedOperationsConfig {
  mode: PersistedOperationsMode;
  manifest: PersistedOperationsManifest;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const HASH = /^[0-9a-f]{64}$/;
const SHA256_PREFIX = "sha256:";

/** The configuration with `texts` registered beside the manifest's operations (the gateway's own pages). */
export function withOperations(
  config: PersistedOperationsConfig,
  texts: readonly string[],
): PersistedOperationsConfig {
  return {
    ...config,
    manifest: new Map([...config.manifest, ...texts.map((text) => [sha256(text), text] as const)]),
  };
}

/**
 * Reads a manifest in graphql-codegen client preset's `persisted-documents.json` format
 * (`{ "sha256:<hex>": "<text>" }`, or bare hex keys). Throws, naming the entry, unless every key is the SHA-256
 * of its text: that is what lets a client send the hash in Apollo's APQ format and lets a free-text request be
 * matched to a registered one exactly.
 */
export function readPersistedOperations(path: string): PersistedOperationsManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: cannot read the manifest as JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error(`${path}: the manifest must be a JSON object of SHA-256 hash → operation text`);
  }
  const manifest = new Map<string, string>();
  for (const [key, text] of Object.entries(parsed)) {
    // The client preset writes document ids (`sha256:<hex>`); other tools write the bare hash.
    const hash = key.startsWith(SHA256_PREFIX) ? key.slice(SHA256_PREFIX.length) : key;
    if (!HASH.test(hash)) throw new Error(`${path}: key "${key}" is not a lowercase hex SHA-256`);
    if (typeof text !== "string" || text.trim() === "") {
      throw new Error(`${path}: the entry "${hash}" must be the operation text`);
    }
    if (sha256(text) !== hash) {
      throw new Error(
        `${path}: the entry "${hash}" is not the SHA-256 of its text (regenerate the manifest)`,
      );
    }
    manifest.set(hash, text);
  }
  if (manifest.size === 0) throw new Error(`${path}: the manifest registers no operation`);
  return manifest;
}

/** The error a free-text (or unregistered) operation gets under `enforce`: HTTP 400, before parsing. */
export function notRegistered(): GraphQLError {
  return new GraphQLError(
    "This gateway runs registered operations only: send the operation's hash in " +
      "`extensions.persistedQuery.sha256Hash` (or as `documentId`) instead of its text, or the text of a " +
      "registered operation exactly as registered.",
    { extensions: { code: "BAD_REQUEST", http: { status: 400 } } },
  );
}

/** What Apollo parses instead of an operation text the safelist refuses. */
const REFUSED_PLACEHOLDER = "{ __typename }";

/** Apollo prefixes the keys it gives the persisted-query cache. */
const APQ_PREFIX = "apq:";

/** Where Apollo's APQ keeps operations when a manifest is in force: the manifest, then (accept) what clients registered. */
function manifestCache(config: PersistedOperationsConfig): NonNullable<PersistedQueryOptions["cache"]> {
  const registered =
    config.mode === "accept"
      ? new LRUCache<string, string>({ max: 10_000, maxSize: 10_000_000, sizeCalculation: (v) => v.length })
      : undefined;
  const hashOf = (key: string) => (key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key);
  return {
    get: (key) => Promise.resolve(config.manifest.get(hashOf(key)) ?? registered?.get(hashOf(key))),
    set: (key, value) => {
      // Under enforce a client cannot register anything: the plugin has refused unregistered text already.
      registered?.set(hashOf(key), value);
      return Promise.resolve();
    },
    delete: (key) => Promise.resolve(registered?.delete(hashOf(key)) ?? false),
  };
}

/** A `documentId` (GraphQL-over-HTTP persisted documents: `sha256:<hex>` or the bare hex) as a hash. */
function documentHash(body: unknown): string | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const id = (body as Record<string, unknown>)["documentId"];
  if (typeof id !== "string") return undefined;
  return id.startsWith(SHA256_PREFIX) ? id.slice(SHA256_PREFIX.length) : id;
}

/**
 * The Apollo options that make the gateway honour a persisted-operations manifest: `persistedQueries` (Apollo's
 * APQ, looking hashes up in the manifest) and a plugin that turns a `documentId` into an APQ hash and, under
 * `enforce`, refuses any operation text that is not registered, before Apollo parses it. (The response cache's
 * HTTP shortcut answers a free-text POST only from an entry stored under that exact text after it went through
 * this plugin, so it cannot open a way around it.)
 */
export function safelist(
  config: PersistedOperationsConfig,
  logger: Logger,
): { persistedQueries?: PersistedQueryOptions; plugins: ApolloServerPlugin<GatewayContext>[] } {
  if (config.mode === "off") return { plugins: [] };
  const plugin: ApolloServerPlugin<GatewayContext> = {
    requestDidStart: ({ request }) => {
      const documentId = documentHash(request.http?.body);
      if (
        request.query === undefined &&
        !request.extensions?.["persistedQuery"] &&
        documentId !== undefined
      ) {
        request.extensions = {
          ...request.extensions,
          persistedQuery: { version: 1, sha256Hash: documentId },
        };
      }
      const text = request.query;
      if (typeof text !== "string" || config.manifest.has(sha256(text))) return Promise.resolve({});
      if (config.mode === "accept") {
        logger.warn(
          { operationName: request.operationName, hash: sha256(text) },
          "operation not in the persisted-operations manifest (it would be refused under enforce)",
        );
        return Promise.resolve({});
      }
      // Apollo answers an error thrown before parsing with a 500; the first hook whose error reaches the client
      // with its own status is didResolveOperation. So the unregistered text is never parsed: Apollo parses a
      // constant in its place (and no APQ hash is left to register it under), and the request is refused there.
      request.query = REFUSED_PLACEHOLDER;
      if (request.extensions) delete request.extensions["persistedQuery"];
      return Promise.resolve({
        didResolveOperation: () => Promise.reject(notRegistered()),
      });
    },
  };
  return { persistedQueries: { cache: manifestCache(config), ttl: null }, plugins: [plugin] };
}

import { baseEnv, hubSecret, parseEnv, portVar, subgraphUrlVariable } from "@tinkuy/kit";
import { z } from "zod";
import { PILLARS } from "../../subgraphs/index.ts";
import { RESPONSE_CACHE_DEFAULTS, type ResponseCacheOptions } from "./response-cache.ts";
import { readPersistedOperations, type PersistedOperationsConfig } from "./safelist.ts";

/** The HS256 secret `npm start`, the tests and `npm run token` use when none is configured; refused in production. */
export const DEVELOPMENT_TOKEN_SECRET = "tinkuy-development-token-secret-do-not-use-in-production";

const url = z.url().optional();

/** `SUBGRAPH_<NAME>_URL` for every pillar of the list: where to reach it instead of the supergraph's URL. */
const subgraphUrlVariables = Object.fromEntries(PILLARS.map((pillar) => [subgraphUrlVariable(pillar), url]));

/** The gateway's configuration, parsed once at boot. */
export function gatewayEnv(env: Record<string, string | undefined> = process.env) {
  const parsed = parseEnv(
    baseEnv.extend({
      PORT: portVar(4000),
      ...subgraphUrlVariables,
      /** How long one subgraph fetch may take before it is aborted (the gateway has no limit of its own). */
      SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
      /** Tokens must name this issuer (`iss`) and audience (`aud`). */
      AUTH_ISSUER: z.string().min(1).default("tinkuy-dev"),
      AUTH_AUDIENCE: z.string().min(1).default("tinkuy"),
      /** Production: the identity provider's JWKS (RS256/ES256/PS256/EdDSA tokens). */
      AUTH_JWKS_URL: url,
      /** Development: tokens signed HS256 with this secret (`npm run token`). */
      AUTH_HS256_SECRET: z.string().min(32).default(DEVELOPMENT_TOKEN_SECRET),
      /** The response cache for queries (see response-cache.ts); `off` executes every operation. */
      RESPONSE_CACHE: z.enum(["on", "off"]).default("on"),
      /** How long a cached answer lives: the backstop for writes that do not pass through this gateway. */
      RESPONSE_CACHE_TTL_MS: z.coerce
        .number()
        .int()
        .min(1)
        .max(86_400_000)
        .default(RESPONSE_CACHE_DEFAULTS.ttlMs),
      RESPONSE_CACHE_MAX_ENTRIES: z.coerce
        .number()
        .int()
        .min(1)
        .max(10_000_000)
        .default(RESPONSE_CACHE_DEFAULTS.maxEntries),
      /** The cached answers' JSON size, summed, in bytes. */
      RESPONSE_CACHE_MAX_BYTES: z.coerce.number().int().min(1_024).default(RESPONSE_CACHE_DEFAULTS.maxBytes),
      /** A persisted-operations manifest (graphql-codegen client preset's `persisted-documents.json`). */
      PERSISTED_OPERATIONS_FILE: z.string().min(1).optional(),
      /** off | accept | enforce (see safelist.ts); default: enforce in production when a file is given, else off. */
      PERSISTED_OPERATIONS: z.enum(["off", "accept", "enforce"]).optional(),
    }),
    env,
  );
  const production = parsed.NODE_ENV === "production";
  if (production && !parsed.AUTH_JWKS_URL) {
    process.stderr.write("invalid environment: AUTH_JWKS_URL: production verifies tokens against a JWKS\n");
    process.exit(1);
  }
  const persistedOperations = persistedOperationsConfig(
    parsed.PERSISTED_OPERATIONS ?? (production && parsed.PERSISTED_OPERATIONS_FILE ? "enforce" : "off"),
    parsed.PERSISTED_OPERATIONS_FILE,
  );
  return {
    ...parsed,
    production,
    persistedOperations,
    hubSecret: hubSecret(parsed),
    /** `SUBGRAPH_<NAME>_URL` overrides of the URLs recorded in the supergraph, by subgraph name. */
    subgraphUrls: Object.fromEntries(
      PILLARS.map((pillar) => [
        pillar.name,
        (parsed as Record<string, unknown>)[subgraphUrlVariable(pillar)],
      ]),
    ) as Record<string, string | undefined>,
    responseCache: {
      enabled: parsed.RESPONSE_CACHE === "on",
      ttlMs: parsed.RESPONSE_CACHE_TTL_MS,
      maxEntries: parsed.RESPONSE_CACHE_MAX_ENTRIES,
      maxBytes: parsed.RESPONSE_CACHE_MAX_BYTES,
    } satisfies ResponseCacheOptions,
    auth: production
      ? { issuer: parsed.AUTH_ISSUER, audience: parsed.AUTH_AUDIENCE, jwksUrl: parsed.AUTH_JWKS_URL }
      : {
          issuer: parsed.AUTH_ISSUER,
          audience: parsed.AUTH_AUDIENCE,
          jwksUrl: parsed.AUTH_JWKS_URL,
          hs256Secret: parsed.AUTH_HS256_SECRET,
        },
  };
}

/** The safelist's mode and manifest; exits naming the problem when a mode needs a manifest it cannot read. */
function persistedOperationsConfig(
  mode: PersistedOperationsConfig["mode"],
  file: string | undefined,
): PersistedOperationsConfig {
  if (mode === "off") return { mode, manifest: new Map() };
  if (!file) {
    process.stderr.write(
      `invalid environment: PERSISTED_OPERATIONS_FILE: PERSISTED_OPERATIONS=${mode} needs a manifest\n`,
    );
    process.exit(1);
  }
  try {
    return { mode, manifest: readPersistedOperations(file) };
  } catch (error) {
    process.stderr.write(`invalid environment: PERSISTED_OPERATIONS_FILE: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEVELOPMENT_TOKEN_SECRET, gatewayEnv } from "../../gateway/src/env.ts";
import { createGateway, type Gateway } from "../../gateway/src/gateway.ts";
import { CACHE_HEADER, RESPONSE_CACHE_DEFAULTS } from "../../gateway/src/response-cache.ts";
import {
  readPersistedOperations,
  type PersistedOperationsConfig,
  type PersistedOperationsManifest,
} from "../../gateway/src/safelist.ts";
import { readSupergraph } from "../../gateway/src/supergraph.ts";
import { EXPORT_PERIOD_QUERY } from "../../gateway/operations/export-query.ts";
import { listen } from "../../packages/kit/src/index.ts";
import {
  dashboardOperations,
  DATASETS_QUERY,
  DONOR_QUERY,
  DONORS_QUERY,
  REGION_QUERY,
  REGIONS_QUERY,
  TRENDS_QUERY,
  YEARS_QUERY,
  yearsVariables,
} from "../../gateway/operations/index.ts";
import { startHub, type Hub } from "../support/hub.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { codes, post } from "./support.ts";

/**
 * The persisted-operations safelist over real HTTP, with the typed client example's manifest: under `enforce`
 * only its operations run (by APQ hash, by `documentId`, or as their exact text), anything else is refused
 * before it is parsed, even right after the response cache stored an answer; `accept` and `off` run anything.
 */
const MANIFEST_FILE = new URL(
  "../../examples/typed-client/src/generated/persisted-documents.json",
  import.meta.url,
).pathname;
const logger = pino({ level: "silent" });
const VARIABLES = { ubigeo: "17", period: { from: "2025-01-01", to: "2025-12-31" } };

let hub: Hub;
let manifest: PersistedOperationsManifest;
let regionView: { hash: string; text: string };
const gateways: { url: string; gateway: Gateway; stop(): Promise<void> }[] = [];

async function startGateway(persistedOperations: PersistedOperationsConfig, production = false) {
  const gateway = createGateway({
    supergraphSdl: readSupergraph(),
    subgraphUrls: hub.subgraphUrls,
    logger,
    keys: TEST_KEYS,
    auth: { issuer: "tinkuy-dev", audience: "tinkuy", hs256Secret: DEVELOPMENT_TOKEN_SECRET },
    production,
    subgraphTimeoutMs: 10_000,
    responseCache: { ...RESPONSE_CACHE_DEFAULTS, enabled: true },
    persistedOperations,
  });
  await gateway.apollo.start();
  const listener = await listen(gateway.handler, 0, "127.0.0.1");
  const started = {
    url: `http://127.0.0.1:${listener.port}/graphql`,
    gateway,
    stop: async () => {
      await listener.stop();
      await gateway.apollo.stop();
    },
  };
  gateways.push(started);
  return started;
}

let enforcing: Awaited<ReturnType<typeof startGateway>>;
let accepting: Awaited<ReturnType<typeof startGateway>>;
let open: Awaited<ReturnType<typeof startGateway>>;

beforeAll(async () => {
  hub = await startHub({ scale: 0.01 });
  manifest = readPersistedOperations(MANIFEST_FILE);
  const [hash, text] = [...manifest].find(([, t]) => t.startsWith("query RegionView")) ?? ["", ""];
  regionView = { hash, text };
  enforcing = await startGateway({ mode: "enforce", manifest });
  accepting = await startGateway({ mode: "accept", manifest });
  open = await startGateway({ mode: "off", manifest: new Map() });
  // The whole hub, seeded: as long as every other file's (the default 10 s is not enough for five pillars on a
  // loaded machine).
}, 120_000);

afterAll(async () => {
  for (const gateway of gateways) await gateway.stop();
  await hub?.stop();
});

const byHash = (hash: string) => ({
  variables: VARIABLES,
  extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
});
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
/** A query no manifest registers, with the same variables as RegionView. */
const UNREGISTERED =
  "query Other($ubigeo: ID!, $period: PeriodInput) { region(ubigeo: $ubigeo) { name eradication(period: $period) { operations } } }";

describe("PERSISTED_OPERATIONS=enforce", () => {
  it("runs a registered operation sent by its hash, as the typed client sends it", async () => {
    const answer = await post(enforcing.url, byHash(regionView.hash), { viewer: viewers.analyst });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.["region"]).toMatchObject({ name: "Madre de Dios" });
  });

  it("runs a registered operation sent as a documentId (sha256:<hex>)", async () => {
    const answer = await post(enforcing.url, {
      documentId: `sha256:${regionView.hash}`,
      variables: VARIABLES,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data?.["region"]).toMatchObject({ name: "Madre de Dios" });
  });

  it("answers an unknown hash with PERSISTED_QUERY_NOT_FOUND (HTTP 200, Apollo's APQ convention)", async () => {
    const answer = await post(enforcing.url, byHash(sha256("query Nope { __typename }")));
    expect(answer.status).toBe(200);
    expect(codes(answer)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    expect(answer.body.data).toBeUndefined();
  });

  it("refuses free text with HTTP 400 before parsing it: a valid query, a syntax error, introspection", async () => {
    for (const query of [UNREGISTERED, "{ region(", "{ __schema { types { name } } }"]) {
      const answer = await post(enforcing.url, { query, variables: VARIABLES }, { viewer: viewers.admin });
      expect(answer.status, query).toBe(400);
      expect(codes(answer), query).toEqual(["BAD_REQUEST"]);
      expect(answer.body.errors?.[0]?.message).toContain("registered operations only");
      expect(answer.body.data, query).toBeUndefined();
    }
  });

  it("refuses to register an operation through APQ (its text and its own hash)", async () => {
    const registering = await post(enforcing.url, { query: UNREGISTERED, ...byHash(sha256(UNREGISTERED)) });
    expect(registering.status).toBe(400);
    const later = await post(enforcing.url, byHash(sha256(UNREGISTERED)));
    expect(codes(later)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
  });

  it("keeps refusing unregistered text right after the response cache stored a registered one's answer", async () => {
    // The registered text, sent as plain text, goes through the whole pipeline and is stored…
    const first = await post(
      enforcing.url,
      { query: regionView.text, variables: VARIABLES },
      { viewer: viewers.donor("XM-DAC-41114") },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get(CACHE_HEADER)).toBe("miss");
    const again = await post(
      enforcing.url,
      { query: regionView.text, variables: VARIABLES },
      { viewer: viewers.donor("XM-DAC-41114") },
    );
    expect(again.headers.get(CACHE_HEADER)).toBe("hit");
    const shortcuts = enforcing.gateway.responseCache.stats().shortcuts;
    expect(shortcuts).toBeGreaterThan(0);
    // …but neither another text with the same variables nor the same text reformatted gets that answer.
    for (const query of [
      UNREGISTERED,
      `${regionView.text} `,
      regionView.text.replace("query RegionView", "query  RegionView"),
    ]) {
      const answer = await post(
        enforcing.url,
        { query, variables: VARIABLES },
        { viewer: viewers.donor("XM-DAC-41114") },
      );
      expect(answer.status, query).toBe(400);
      expect(codes(answer), query).toEqual(["BAD_REQUEST"]);
    }
    expect(enforcing.gateway.responseCache.stats().shortcuts).toBe(shortcuts);
  });

  it("keeps introspection off in production", async () => {
    const production = await startGateway({ mode: "enforce", manifest }, true);
    const introspection = await post(production.url, { query: "{ __schema { queryType { name } } }" });
    expect(introspection.status).toBe(400);
    const registered = await post(production.url, byHash(regionView.hash));
    expect(registered.body.data?.["region"]).toMatchObject({ name: "Madre de Dios" });
  });
});

describe("the gateway's own operations", () => {
  it("run under enforce: the indicators CSV executes its region view, which no client registered", async () => {
    const csv = await fetch(
      enforcing.url.replace("/graphql", "/exports/indicators.csv?from=2025-01-01&to=2025-12-31"),
    );
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain("Madre de Dios");
    // The CSV's text is registered, so a client sending it runs a registered operation; any other text is
    // refused, even right after the CSV's answer was cached.
    const registered = await post(
      enforcing.url,
      {
        query: EXPORT_PERIOD_QUERY,
        variables: {
          level: "DEPARTMENT",
          parent: null,
          period: { from: "2025-01-01", to: "2025-12-31" },
          asOf: "2025-12-31",
        },
      },
      { viewer: viewers.analyst },
    );
    expect([registered.status, registered.body.errors]).toEqual([200, undefined]);
    const widened = EXPORT_PERIOD_QUERY.replace("ubigeo", "ubigeo capital { name }");
    const refused = await post(
      enforcing.url,
      { query: widened, variables: { period: { from: "2025-01-01", to: "2025-12-31" } } },
      { viewer: viewers.analyst },
    );
    expect([refused.status, codes(refused)]).toEqual([400, ["BAD_REQUEST"]]);
  });
  it("run under enforce: the dashboard it serves sends only registered texts, and nothing else passes", async () => {
    const period = { from: "2025-01-01", to: "2025-12-31" };
    const trends = { ubigeo: "17", period, granularity: "MONTH" };
    const donors = await post(
      enforcing.url,
      { query: DONORS_QUERY, variables: {} },
      { viewer: viewers.analyst },
    );
    const [donor] = (donors.body.data?.["donors"] ?? []) as { ref: string }[];
    expect(donor).toBeDefined();
    const sent = [
      { query: YEARS_QUERY, variables: yearsVariables(2026) },
      { query: DATASETS_QUERY, variables: {} },
      { query: REGIONS_QUERY, variables: { period, asOf: period.to } },
      { query: REGIONS_QUERY, variables: { period, asOf: period.to, level: "PROVINCE", parent: "17" } },
      { query: REGION_QUERY, variables: { ubigeo: "17", period, asOf: period.to } },
      { query: TRENDS_QUERY, variables: trends },
      { query: DONORS_QUERY, variables: {} },
      { query: DONOR_QUERY, variables: { ref: donor?.ref } },
    ];
    for (const body of sent) {
      const answer = await post(enforcing.url, body, { viewer: viewers.analyst });
      expect(answer.status, body.query.slice(0, 40)).toBe(200);
      expect(answer.body.errors, body.query.slice(0, 40)).toBeUndefined();
    }
    // Exactly the texts above: the page sends nothing else (no per-month aliases since the trends use `series`).
    expect(new Set(dashboardOperations())).toEqual(new Set(sent.map((body) => body.query)));
    // One field more than the dashboard sends is another text: refused.
    const widened = TRENDS_QUERY.replace("ubigeo\n", "ubigeo\n      name\n");
    expect(widened).not.toBe(TRENDS_QUERY);
    const refused = await post(enforcing.url, { query: widened, variables: trends });
    expect([refused.status, codes(refused)]).toEqual([400, ["BAD_REQUEST"]]);
  });
});

describe("PERSISTED_OPERATIONS=accept and off", () => {
  it("accept: runs the manifest's operations by hash, and any other operation too", async () => {
    const registered = await post(accepting.url, byHash(regionView.hash));
    expect(registered.body.data?.["region"]).toMatchObject({ name: "Madre de Dios" });
    const free = await post(accepting.url, { query: UNREGISTERED, variables: VARIABLES });
    expect(free.status).toBe(200);
    expect(free.body.data?.["region"]).toMatchObject({ name: "Madre de Dios" });
  });

  it("off: runs free text, and Apollo's automatic persisted queries register any operation", async () => {
    const free = await post(open.url, { query: UNREGISTERED, variables: VARIABLES });
    expect(free.body.data?.["region"]).toMatchObject({ name: "Madre de Dios" });
    const unknown = await post(open.url, byHash(sha256(UNREGISTERED)));
    expect(codes(unknown)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    const registering = await post(open.url, { query: UNREGISTERED, ...byHash(sha256(UNREGISTERED)) });
    expect(registering.body.data?.["region"]).toMatchObject({ name: "Madre de Dios" });
    const known = await post(open.url, byHash(sha256(UNREGISTERED)));
    expect(known.body.data?.["region"]).toMatchObject({ name: "Madre de Dios" });
  });
});

describe("configuration", () => {
  const production = {
    NODE_ENV: "production",
    HUB_SECRET: "a-production-secret-of-at-least-32-characters",
    AUTH_JWKS_URL: "https://id.example.org/jwks.json",
  };

  it("is off in development, and enforces in production once a manifest is given", () => {
    expect(gatewayEnv({}).persistedOperations.mode).toBe("off");
    expect(gatewayEnv({ PERSISTED_OPERATIONS_FILE: MANIFEST_FILE }).persistedOperations.mode).toBe("off");
    expect(gatewayEnv(production).persistedOperations.mode).toBe("off");
    const enforced = gatewayEnv({
      ...production,
      PERSISTED_OPERATIONS_FILE: MANIFEST_FILE,
    }).persistedOperations;
    expect(enforced.mode).toBe("enforce");
    expect(enforced.manifest.size).toBe(2);
    expect(
      gatewayEnv({ PERSISTED_OPERATIONS: "accept", PERSISTED_OPERATIONS_FILE: MANIFEST_FILE })
        .persistedOperations.mode,
    ).toBe("accept");
  });

  it("exits at boot naming the problem: a mode without a manifest, or a manifest whose ids are not its texts' hashes", () => {
    const dir = mkdtempSync(join(tmpdir(), "tinkuy-safelist-"));
    const forged = join(dir, "forged.json");
    writeFileSync(
      forged,
      JSON.stringify({ [`sha256:${sha256("query A { __typename }")}`]: "query B { __typename }" }),
    );
    const exit = vi.spyOn(process, "exit").mockImplementation((() => {
      throw new Error("exit");
    }) as never);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(() => gatewayEnv({ PERSISTED_OPERATIONS: "enforce" })).toThrow("exit");
      expect(String(stderr.mock.calls.at(-1)?.[0])).toContain("PERSISTED_OPERATIONS_FILE");
      expect(() =>
        gatewayEnv({ PERSISTED_OPERATIONS: "enforce", PERSISTED_OPERATIONS_FILE: forged }),
      ).toThrow("exit");
      expect(String(stderr.mock.calls.at(-1)?.[0])).toContain("is not the SHA-256 of its text");
    } finally {
      exit.mockRestore();
      stderr.mockRestore();
    }
  });
});

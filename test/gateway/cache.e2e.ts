import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEVELOPMENT_TOKEN_SECRET, gatewayEnv } from "../../gateway/src/env.ts";
import { createGateway, type Gateway } from "../../gateway/src/gateway.ts";
import {
  CACHE_HEADER,
  RESPONSE_CACHE_DEFAULTS,
  type ResponseCacheOptions,
} from "../../gateway/src/response-cache.ts";
import { readSupergraph } from "../../gateway/src/supergraph.ts";
import { listen, type Viewer } from "../../packages/kit/src/index.ts";
import { looksLikeInitials, looksLikePseudonym } from "../support/access-matrix.ts";
import { startHub, tokenFor, type Hub } from "../support/hub.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { codes, post, type Answer } from "./support.ts";

/**
 * The gateway's response cache over real HTTP, in database commands and `x-tinkuy-cache` headers (never in
 * time): repeated reads cost nothing, a write is visible in the next read, access profiles never share an
 * entry, errors are never stored, identical requests in flight execute once, and `RESPONSE_CACHE=off` turns it
 * all off.
 *
 * Three gateways over the same four subgraphs: the hub's own (cache on), one configured with
 * `RESPONSE_CACHE=off`, and one whose formalization fetches pass through a gate the test opens, so that
 * identical requests are provably in flight together (its cache holds two entries).
 */
let hub: Hub;
let uncached: TestGateway;
let gated: TestGateway & { gate: Gate };

interface TestGateway {
  url: string;
  gateway: Gateway;
  stop(): Promise<void>;
}

const logger = pino({ level: "silent" });
const PERIOD = { from: "2025-01-01", to: "2025-12-31" };

async function startGateway(
  subgraphUrls: Record<string, string>,
  responseCache: ResponseCacheOptions,
): Promise<TestGateway> {
  const gateway = createGateway({
    supergraphSdl: readSupergraph(),
    subgraphUrls,
    logger,
    keys: TEST_KEYS,
    auth: { issuer: "tinkuy-dev", audience: "tinkuy", hs256Secret: DEVELOPMENT_TOKEN_SECRET },
    production: false,
    subgraphTimeoutMs: 10_000,
    responseCache,
  });
  await gateway.apollo.start();
  const listener = await listen(gateway.handler, 0, "127.0.0.1");
  return {
    url: `http://127.0.0.1:${listener.port}/graphql`,
    gateway,
    stop: async () => {
      await listener.stop();
      await gateway.apollo.stop();
    },
  };
}

/**
 * A proxy in front of one subgraph. After `hold()`, the next request it receives is forwarded at once, but the
 * subgraph's answer is withheld from the gateway until `release()`: that request is provably in flight, and has
 * read the database, while the test does something else. Every other request passes straight through.
 */
interface Gate {
  url: string;
  hold(): { arrived: Promise<void>; release: () => void };
  stop(): Promise<void>;
}

async function startGate(target: string): Promise<Gate> {
  let held: { arrive: () => void; released: Promise<void> } | undefined;
  const forward = async (
    request: IncomingMessage,
  ): Promise<{ status: number; type: string; body: Buffer }> => {
    const claim = held;
    held = undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string" && !["host", "connection", "content-length"].includes(name))
        headers.set(name, value);
    }
    const upstream = await fetch(target, { method: "POST", headers, body: Buffer.concat(chunks) });
    const answer = {
      status: upstream.status,
      type: upstream.headers.get("content-type") ?? "application/json",
      body: Buffer.from(await upstream.arrayBuffer()),
    };
    if (claim) {
      claim.arrive();
      await claim.released;
    }
    return answer;
  };
  const server = createServer((request, response) => {
    forward(request)
      .then(({ status, type, body }) => {
        response.writeHead(status, { "content-type": type });
        response.end(body);
      })
      .catch(() => {
        response.writeHead(502);
        response.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    hold() {
      let arrive: () => void = () => undefined;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      held = { arrive, released };
      return { arrived, release };
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** POSTs `query` to the hub's gateway (or `url`) as `viewer`. */
function send(
  query: string,
  variables: Record<string, unknown>,
  viewer: Viewer,
  url = hub.gatewayUrl,
): Promise<Answer> {
  return post(url, { query, variables }, { viewer });
}

const outcome = (answer: Answer): string | null => answer.headers.get(CACHE_HEADER);

/** Database commands on any collection since the last reset (handshakes and heartbeats excluded). */
function databaseCommands(): number {
  let total = 0;
  for (const stats of Object.values(hub.mongo.stats().namespaces))
    for (const count of Object.values(stats.commands)) total += count;
  return total;
}

/** The same viewer under another id: the same access profile. */
const alias = (viewer: Viewer, id: string): Viewer => ({ ...viewer, id });

const REGION_VIEW = /* GraphQL */ `
  query RegionView($period: PeriodInput) {
    regions {
      ubigeo
      name
      formalization {
        total
        active
        excluded
      }
      eradication(period: $period) {
        operations
        value
      }
      recovery(period: $period) {
        hectaresDegraded
      }
      livelihoods(period: $period) {
        activeProjects
      }
    }
  }
`;

/** Madre de Dios's REINFO figures, which a status change moves. */
const FIGURES = `query ReinfoFigures { region(ubigeo: "17") { formalization { total active suspended } } }`;
type Figures = { total: number; active: number; suspended: number };
const figures = (answer: Answer): Figures =>
  (answer.body.data?.["region"] as { formalization: Figures }).formalization;
/** The figures after one more record is suspended. */
const suspended = (was: Figures): Figures => ({
  total: was.total,
  active: was.active - 1,
  suspended: was.suspended + 1,
});

/** The code of an ACTIVE record in Madre de Dios, read past every cache. */
async function activeRecord(): Promise<string> {
  const answer = await send(
    `query Active { reinfoRecords(filter: { ubigeo: "17", status: ACTIVE }, first: 1) { edges { node { code } } } }`,
    {},
    viewers.admin,
    uncached.url,
  );
  const code = (answer.body.data?.["reinfoRecords"] as { edges: { node: { code: string } }[] }).edges[0]?.node
    .code;
  if (!code) throw new Error("no ACTIVE record left in Madre de Dios");
  return code;
}

/** Suspends the record through the gateway at `url`, as the formalization pillar's editor. */
async function suspend(code: string, url: string): Promise<Answer> {
  const answer = await send(
    `mutation Suspend($code: ID!, $key: String!) {
      changeReinfoStatus(
        input: { code: $code, status: SUSPENDED, reason: "Cache test", legalBasis: "DS 018-2017-EM" }
        idempotencyKey: $key
      ) { status }
    }`,
    { code, key: `cache-e2e-suspend-${code}` },
    viewers.editor("formalization"),
    url,
  );
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data).toEqual({ changeReinfoStatus: { status: "SUSPENDED" } });
  return answer;
}

/** A person's REINFO record, a project with a funding donor, and that donor. */
const subject = { person: "", project: "", funder: "" };

beforeAll(async () => {
  hub = await startHub({ responseCache: { enabled: true } });
  uncached = await startGateway(hub.subgraphUrls, gatewayEnv({ RESPONSE_CACHE: "off" }).responseCache);
  const gate = await startGate(hub.subgraphUrls["formalization"] ?? "");
  const gateway = await startGateway(
    { ...hub.subgraphUrls, formalization: gate.url },
    { ...gatewayEnv({}).responseCache, maxEntries: 2 },
  );
  gated = {
    ...gateway,
    gate,
    stop: async () => {
      await gateway.stop();
      await gate.stop();
    },
  };

  const records = await send(
    `query Subjects { reinfoRecords(first: 100) { edges { node { code operator { kind } } } } }`,
    {},
    viewers.admin,
    uncached.url,
  );
  type Edges = { edges: { node: { code: string; operator: { kind: string } } }[] };
  subject.person =
    (records.body.data?.["reinfoRecords"] as Edges).edges.find((e) => e.node.operator.kind === "PERSON")?.node
      .code ?? "";
  const projects = await send(
    `query Projects { livelihoodProjects(first: 20) { edges { node { iatiIdentifier participatingOrgs { role ref } } } } }`,
    {},
    viewers.admin,
    uncached.url,
  );
  type Orgs = { iatiIdentifier: string; participatingOrgs: { role: string; ref: string | null }[] };
  const funded = (projects.body.data?.["livelihoodProjects"] as { edges: { node: Orgs }[] }).edges
    .map((edge) => edge.node)
    .find((node) => node.participatingOrgs.some((org) => org.role === "FUNDING" && org.ref));
  subject.project = funded?.iatiIdentifier ?? "";
  subject.funder = funded?.participatingOrgs.find((org) => org.role === "FUNDING" && org.ref)?.ref ?? "";
  expect(Object.values(subject).every((value) => value.length > 0)).toBe(true);
}, 120_000);

afterAll(async () => {
  await gated?.stop();
  await uncached?.stop();
  await hub?.stop();
});

describe("the response cache", () => {
  it("answers a repeated read from the cache without a database command", async () => {
    hub.mongo.resetStats();
    const first = await send(REGION_VIEW, { period: PERIOD }, viewers.analyst);
    expect(first.body.errors).toBeUndefined();
    expect(outcome(first)).toBe("miss");
    expect(databaseCommands()).toBeGreaterThan(0);

    hub.mongo.resetStats();
    const second = await send(REGION_VIEW, { period: PERIOD }, viewers.analyst);
    expect(outcome(second)).toBe("hit");
    expect(hub.mongo.stats().namespaces).toEqual({});
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
  });

  it("writes a hit before Apollo's pipeline, byte for byte as Apollo wrote it, for plain JSON requests only", async () => {
    const query = `query Shortcut($ubigeo: ID!) { region(ubigeo: $ubigeo) { name formalization { total } } }`;
    const body = { query, variables: { ubigeo: "10" } };
    const shortcuts = () => hub.gateway.responseCache.stats().shortcuts;
    const executed = await post(hub.gatewayUrl, body, { viewer: viewers.analyst });
    expect(outcome(executed)).toBe("miss");
    const before = shortcuts();
    const hit = await post(hub.gatewayUrl, body, { viewer: viewers.analyst });
    expect([outcome(hit), shortcuts()]).toEqual(["hit", before + 1]);
    expect(hit.text).toBe(executed.text);
    for (const header of ["content-type", "cache-control"])
      expect(hit.headers.get(header), header).toBe(executed.headers.get(header));
    expect(hit.headers.get("cache-control")).toBe("no-store");
    expect(hit.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    // The content type Apollo would choose for the same accept header (asked of the gateway without a cache).
    const accept = { accept: "application/graphql-response+json" };
    const viaApollo = await post(uncached.url, body, { viewer: viewers.analyst, headers: accept });
    const viaShortcut = await post(hub.gatewayUrl, body, { viewer: viewers.analyst, headers: accept });
    expect([outcome(viaShortcut), shortcuts()]).toEqual(["hit", before + 2]);
    expect(viaShortcut.headers.get("content-type")).toBe(viaApollo.headers.get("content-type"));
    expect(viaShortcut.text).toBe(viaApollo.text);

    // Anything else still hits, through Apollo: extensions, an accept list to negotiate, a GET.
    const withExtensions = await post(
      hub.gatewayUrl,
      { ...body, extensions: {} },
      { viewer: viewers.analyst },
    );
    const negotiated = await post(hub.gatewayUrl, body, {
      viewer: viewers.analyst,
      headers: { accept: "application/json, text/plain;q=0.5" },
    });
    const search = new URLSearchParams({ query, variables: JSON.stringify(body.variables) });
    const get = await fetch(`${hub.gatewayUrl}?${search.toString()}`, {
      headers: {
        authorization: `Bearer ${await tokenFor(viewers.analyst)}`,
        "apollo-require-preflight": "1",
      },
    });
    expect([outcome(withExtensions), outcome(negotiated), get.headers.get(CACHE_HEADER)]).toEqual([
      "hit",
      "hit",
      "hit",
    ]);
    expect([withExtensions.text, negotiated.text, await get.text()]).toEqual([hit.text, hit.text, hit.text]);
    expect(shortcuts()).toBe(before + 2);

    // The shortcut is keyed like every entry: another profile, other variables or another name execute.
    const otherProfile = await post(hub.gatewayUrl, body, { viewer: viewers.public });
    const otherName = await post(
      hub.gatewayUrl,
      { ...body, operationName: "Shortcut" },
      { viewer: viewers.analyst },
    );
    expect([outcome(otherProfile), outcome(otherName)]).toEqual(["miss", "miss"]);
    expect(shortcuts()).toBe(before + 2);
  });

  it("keys on the variables, in any key order, and on the operation", async () => {
    const query = `query Figures($ubigeo: ID!) { region(ubigeo: $ubigeo) { formalization { total } } }`;
    const other = `query OtherFigures($ubigeo: ID!) { region(ubigeo: $ubigeo) { formalization { total } } }`;
    expect(outcome(await send(query, { ubigeo: "17" }, viewers.analyst))).toBe("miss");
    expect(outcome(await send(query, { ubigeo: "21" }, viewers.analyst))).toBe("miss");
    expect(outcome(await send(other, { ubigeo: "17" }, viewers.analyst))).toBe("miss");
    expect(outcome(await send(query, { ubigeo: "17" }, viewers.analyst))).toBe("hit");
    const nested = `query Nested($period: PeriodInput) { region(ubigeo: "17") { eradication(period: $period) { operations } } }`;
    const forward = { period: { from: "2025-01-01", to: "2025-12-31" } };
    const backward = { period: { to: "2025-12-31", from: "2025-01-01" } };
    expect(outcome(await send(nested, forward, viewers.analyst))).toBe("miss");
    expect(outcome(await send(nested, backward, viewers.analyst))).toBe("hit");
  });

  it("shows a write through the gateway in the very next read, whoever reads", async () => {
    const code = await activeRecord();
    const before = await send(FIGURES, {}, viewers.analyst);
    const publicBefore = await send(FIGURES, {}, viewers.public);
    expect([outcome(before), outcome(publicBefore)]).toEqual(["miss", "miss"]);
    expect(outcome(await send(FIGURES, {}, viewers.analyst))).toBe("hit");
    expect(outcome(await send(FIGURES, {}, viewers.public))).toBe("hit");

    const write = await suspend(code, hub.gatewayUrl);
    expect(outcome(write)).toBe("bypass");

    const after = await send(FIGURES, {}, viewers.analyst);
    const publicAfter = await send(FIGURES, {}, viewers.public);
    expect([outcome(after), outcome(publicAfter)]).toEqual(["miss", "miss"]);
    expect(figures(after)).toEqual(suspended(figures(before)));
    expect(figures(publicAfter)).toEqual(figures(after));
    expect(outcome(await send(FIGURES, {}, viewers.analyst))).toBe("hit");
  });

  it("keeps its entries when someone who cannot write sends a mutation", async () => {
    expect(["miss", "hit"]).toContain(outcome(await send(FIGURES, {}, viewers.analyst)));
    expect(outcome(await send(FIGURES, {}, viewers.analyst))).toBe("hit");
    const code = await activeRecord();
    for (const viewer of [viewers.public, viewers.analyst, viewers.donor("XM-DAC-41114")]) {
      const refused = await send(
        `mutation ($code: ID!) { changeReinfoStatus(input: { code: $code, status: SUSPENDED, reason: "x", legalBasis: "y" }, idempotencyKey: "cache-e2e-refused") { status } }`,
        { code },
        viewer,
      );
      expect(refused.body.errors?.[0]?.extensions?.["code"]).toBe("FORBIDDEN");
    }
    expect(outcome(await send(FIGURES, {}, viewers.analyst))).toBe("hit");
  });

  it("does not store a read that was in flight while a write went through", async () => {
    const code = await activeRecord();
    const hold = gated.gate.hold();
    const racing = send(FIGURES, {}, viewers.analyst, gated.url);
    await hold.arrived; // the read has its figures from the database, from before the write
    await suspend(code, gated.url);
    hold.release();
    const stale = await racing;
    expect(outcome(stale)).toBe("miss");

    const next = await send(FIGURES, {}, viewers.analyst, gated.url);
    expect(outcome(next)).toBe("miss");
    expect(figures(next)).toEqual(suspended(figures(stale)));
    expect(outcome(await send(FIGURES, {}, viewers.analyst, gated.url))).toBe("hit");
  });

  it("never shares an entry between access profiles, and shares one between viewers of the same profile", async () => {
    const AGGREGATE = `query Aggregate { region(ubigeo: "17") { name formalization { total } } }`;
    const profiles = [
      viewers.public,
      viewers.analyst,
      viewers.analystWithPersonalData,
      viewers.editor("formalization"),
      viewers.editor("eradication"),
      viewers.donor(subject.funder),
      viewers.donor("XM-DAC-NOT-A-FUNDER"),
      viewers.admin,
    ];
    const first = [];
    for (const viewer of profiles) first.push(outcome(await send(AGGREGATE, {}, viewer)));
    expect(first).toEqual(profiles.map(() => "miss"));
    const again = [];
    for (const viewer of profiles)
      again.push(outcome(await send(AGGREGATE, {}, alias(viewer, "someone-else"))));
    expect(again).toEqual(profiles.map(() => "hit"));
  });

  it("keeps an analyst's masked answer from an analyst granted personal data, and the reverse", async () => {
    const MINER = `query Miner($code: ID!) { reinfoRecord(code: $code) { minerName operator { ruc } } }`;
    type Miner = { minerName: string; operator: { ruc: string } };
    const miner = (answer: Answer) => answer.body.data?.["reinfoRecord"] as Miner;
    const masked = await send(MINER, { code: subject.person }, viewers.analyst);
    expect(outcome(masked)).toBe("miss");
    expect(looksLikeInitials(miner(masked).minerName)).toBe(true);
    expect(looksLikePseudonym(miner(masked).operator.ruc)).toBe(true);

    const granted = await send(MINER, { code: subject.person }, viewers.analystWithPersonalData);
    expect(outcome(granted)).toBe("miss");
    expect(looksLikeInitials(miner(granted).minerName)).toBe(false);
    expect(miner(granted).operator.ruc).toMatch(/^\d{11}$/);

    const otherAnalyst = await send(
      MINER,
      { code: subject.person },
      alias(viewers.analyst, "analyst-2@test"),
    );
    expect(outcome(otherAnalyst)).toBe("hit");
    expect(otherAnalyst.body).toEqual(masked.body);
    const otherGranted = await send(
      MINER,
      { code: subject.person },
      alias(viewers.analystWithPersonalData, "analyst-pd-2@test"),
    );
    expect(outcome(otherGranted)).toBe("hit");
    expect(otherGranted.body).toEqual(granted.body);
  });

  it("keeps a donor's funded figures from a donor that does not fund the project", async () => {
    const FUNDED = `query Funded($id: ID!) { livelihoodProject(iatiIdentifier: $id) { transactions { type value } } }`;
    const funder = await send(FUNDED, { id: subject.project }, viewers.donor(subject.funder));
    expect(outcome(funder)).toBe("miss");
    expect(funder.body.errors).toBeUndefined();
    expect(outcome(await send(FUNDED, { id: subject.project }, viewers.donor(subject.funder)))).toBe("hit");

    const stranger = await send(FUNDED, { id: subject.project }, viewers.donor("XM-DAC-NOT-A-FUNDER"));
    expect(outcome(stranger)).toBe("miss");
    expect(codes(stranger)).toEqual(["FORBIDDEN"]);
    expect(stranger.body.data?.["livelihoodProject"]).toEqual({ transactions: null });
  });

  it("never stores an answer with errors", async () => {
    // Region figures (public) and record detail (not): data and a FORBIDDEN error, executed every time.
    const MIXED = `query Mixed { region(ubigeo: "17") { formalization { total } } reinfoRecords(first: 1) { totalCount } }`;
    for (let i = 0; i < 2; i++) {
      hub.mongo.resetStats();
      const refused = await send(MIXED, {}, viewers.public);
      expect(codes(refused)).toEqual(["FORBIDDEN"]);
      expect(refused.body.data?.["region"]).toEqual({
        formalization: { total: expect.any(Number) as number },
      });
      expect(outcome(refused)).toBe("miss");
      expect(databaseCommands()).toBeGreaterThan(0);
    }
    expect(
      outcome(await send(`query Broken { region(ubigeo: "17") { nope } }`, {}, viewers.public)),
    ).toBeNull();
  });

  it("never serves an answer given while a pillar was down once the pillar is back", async () => {
    const OUTAGE = `query DuringOutage($period: PeriodInput) {
      regions { ubigeo formalization { active } eradication(period: $period) { operations } }
    }`;
    type Row = { eradication: unknown };
    await hub.stopSubgraph("eradication");
    try {
      for (let i = 0; i < 2; i++) {
        const partial = await send(OUTAGE, { period: PERIOD }, viewers.analyst);
        expect(codes(partial)).toEqual(["SUBGRAPH_UNAVAILABLE"]);
        expect(outcome(partial)).toBe("miss");
      }
    } finally {
      await hub.restartSubgraph("eradication");
    }
    const full = await send(OUTAGE, { period: PERIOD }, viewers.analyst);
    expect(outcome(full)).toBe("miss");
    expect(full.body.errors).toBeUndefined();
    expect((full.body.data?.["regions"] as Row[]).every((row) => row.eradication !== null)).toBe(true);
    expect(outcome(await send(OUTAGE, { period: PERIOD }, viewers.analyst))).toBe("hit");
  });

  it("executes identical requests in flight together once, and the others share its answer", async () => {
    const N = 8;
    hub.mongo.resetStats();
    const alone = await send(REGION_VIEW, { period: PERIOD }, viewers.analyst, uncached.url);
    expect(alone.body.errors).toBeUndefined();
    const oneRequest = databaseCommands();
    expect(oneRequest).toBeGreaterThan(0);

    hub.mongo.resetStats();
    const hold = gated.gate.hold();
    const first = send(REGION_VIEW, { period: PERIOD }, viewers.analyst, gated.url);
    await hold.arrived;
    const others = Array.from({ length: N - 1 }, (_, i) =>
      send(REGION_VIEW, { period: PERIOD }, alias(viewers.analyst, `analyst-${i}@test`), gated.url),
    );
    await vi.waitFor(() => expect(gated.gateway.responseCache.stats().waiting).toBe(N - 1), {
      timeout: 30_000,
    });
    hold.release();
    const answers = await Promise.all([first, ...others]);

    expect(answers.map(outcome).sort()).toEqual(["miss", ...Array.from({ length: N - 1 }, () => "shared")]);
    expect(outcome(answers[0] as Answer)).toBe("miss");
    for (const answer of answers) expect(answer.body).toEqual(alone.body);
    expect(databaseCommands()).toBe(oneRequest);
    expect(gated.gateway.responseCache.stats().waiting).toBe(0);
    expect(outcome(await send(REGION_VIEW, { period: PERIOD }, viewers.analyst, gated.url))).toBe("hit");
  });

  it("keeps at most its configured number of entries, dropping the least recently used", async () => {
    const figures = (ubigeo: string) =>
      send(`query Bounded { region(ubigeo: "${ubigeo}") { name } }`, {}, viewers.analyst, gated.url);
    expect(outcome(await figures("17"))).toBe("miss");
    expect(outcome(await figures("21"))).toBe("miss");
    expect(outcome(await figures("17"))).toBe("hit");
    expect(outcome(await figures("22"))).toBe("miss");
    expect(gated.gateway.responseCache.stats().entries).toBe(2);
    expect(outcome(await figures("17"))).toBe("hit");
    expect(outcome(await figures("21"))).toBe("miss");
  });
});

describe("RESPONSE_CACHE=off", () => {
  it("is on by default, for 30 seconds, and off when asked", () => {
    expect(gatewayEnv({}).responseCache).toEqual(RESPONSE_CACHE_DEFAULTS);
    expect(RESPONSE_CACHE_DEFAULTS).toMatchObject({ enabled: true, ttlMs: 30_000 });
    expect(gatewayEnv({ RESPONSE_CACHE: "off" }).responseCache.enabled).toBe(false);
    expect(
      gatewayEnv({ RESPONSE_CACHE_TTL_MS: "5000", RESPONSE_CACHE_MAX_ENTRIES: "50" }).responseCache,
    ).toMatchObject({ enabled: true, ttlMs: 5_000, maxEntries: 50 });
  });

  it("executes every request, alone or together: nothing is ever a hit", async () => {
    const counts = [];
    for (let i = 0; i < 3; i++) {
      hub.mongo.resetStats();
      const answer = await send(REGION_VIEW, { period: PERIOD }, viewers.analyst, uncached.url);
      expect(answer.body.errors).toBeUndefined();
      expect(outcome(answer)).toBe("bypass");
      counts.push(databaseCommands());
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);

    hub.mongo.resetStats();
    const together = await Promise.all(
      Array.from({ length: 4 }, () => send(REGION_VIEW, { period: PERIOD }, viewers.analyst, uncached.url)),
    );
    expect(together.map(outcome)).toEqual(["bypass", "bypass", "bypass", "bypass"]);
    expect(databaseCommands()).toBe(4 * (counts[0] ?? 0));
  });
});

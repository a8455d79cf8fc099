import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { auditServer } from "graphql-http";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type { Connection } from "mongoose";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "../../gateway/src/gateway.ts";
import { readSupergraph } from "../../gateway/src/supergraph.ts";
import { DEVELOPMENT_HUB_SECRET, listen, ViewerSigner, VIEWER_HEADER } from "../../packages/kit/src/index.ts";
import { auditEntries } from "../support/database.ts";
import { startHub, tokenFor, type Hub } from "../support/hub.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { codes, post } from "./support.ts";

/**
 * Who may see what through the real gateway over HTTP, what a subgraph reached directly answers, the limits on
 * abusive requests, errors that leak nothing, and the GraphQL-over-HTTP audit.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
}, 120_000);
afterAll(async () => {
  await hub?.stop();
});

const REGION = `{ region(ubigeo: "17") { name formalization { active excluded } eradication(period: { from: "2025-01-01", to: "2025-12-31" }) { operations } } }`;

describe("who you are at the gateway", () => {
  it("answers the public (no token) with aggregates and refuses it record detail with FORBIDDEN", async () => {
    const answer = await post(hub.gatewayUrl, {
      query: `${REGION.slice(0, -1)} reinfoRecords(first: 1) { totalCount } }`,
    });
    expect(answer.status).toBe(200);
    const data = answer.body.data as {
      region: { name: string; formalization: { active: number } };
      reinfoRecords: unknown;
    };
    expect(data.region.name).toBe("Madre de Dios");
    expect(data.region.formalization.active).toBeGreaterThan(0);
    expect(data.reinfoRecords).toBeNull();
    expect(codes(answer)).toEqual(["FORBIDDEN"]);
  });

  it("refuses a token that is forged, expired, for another audience or issuer, or not a bearer token, with 401", async () => {
    const forged = await tokenFor(viewers.admin, { secret: "someone-elses-secret-of-at-least-32-chars" });
    const expired = await tokenFor(viewers.admin, { expiresIn: "1 minute ago" });
    for (const authorization of [
      `Bearer ${forged}`,
      `Bearer ${expired}`,
      "Basic YWRtaW46YWRtaW4=",
      "Bearer not.a.jwt",
    ]) {
      const answer = await post(hub.gatewayUrl, { query: "{ __typename }" }, { headers: { authorization } });
      expect(answer.status).toBe(401);
      expect(codes(answer)).toEqual(["UNAUTHENTICATED"]);
      expect(answer.headers.get("www-authenticate")).toBe("Bearer");
    }
  });

  it("shows an analyst pseudonyms for persons' RUCs that still join the four pillars", async () => {
    const list = await post(
      hub.gatewayUrl,
      {
        query: `{ reinfoRecords(first: 100, filter: { status: EXCLUDED }) { edges { node { minerName operator { ruc kind } } } } }`,
      },
      { viewer: viewers.analyst },
    );
    const nodes = (
      list.body.data?.["reinfoRecords"] as {
        edges: { node: { minerName: string; operator: { ruc: string; kind: string } } }[];
      }
    ).edges.map((e) => e.node);
    const person = nodes.find((n) => n.operator.kind === "PERSON");
    expect(person?.operator.ruc).toMatch(/^psn_/);
    expect(person?.minerName).toMatch(/^(\p{Lu}\. ?)+$/u);
    const query = `query ($ruc: ID!) { operator(ruc: $ruc) { ruc name reinfoRecords { code } interventions { id } liabilities { id } livelihoodEnrollments { status project { iatiIdentifier } } } }`;
    const masked = await post(
      hub.gatewayUrl,
      { query, variables: { ruc: person?.operator.ruc } },
      { viewer: viewers.analyst },
    );
    expect(masked.body.errors).toBeUndefined();
    const view = masked.body.data?.["operator"] as { ruc: string; reinfoRecords: unknown[] };
    expect(view.ruc).toBe(person?.operator.ruc);
    expect(view.reinfoRecords.length).toBeGreaterThan(0);
    // The same operator, unmasked for an analyst granted personal data, has the same records in every pillar.
    const real = TEST_KEYS.pseudonyms.unmask(person?.operator.ruc ?? "", "ruc");
    const granted = await post(
      hub.gatewayUrl,
      { query, variables: { ruc: real } },
      { viewer: viewers.analystWithPersonalData },
    );
    const full = granted.body.data?.["operator"] as Record<string, unknown>;
    expect(full["ruc"]).toBe(real);
    expect({ ...view, ruc: real, name: full["name"] }).toEqual(full);
    expect(masked.text).not.toContain(real);
  });

  it("lets an agency editor write its own pillar only", async () => {
    const mutation = `mutation ($input: UpdateProsecutorCaseloadInput!) { updateProsecutorCaseload(input: $input, idempotencyKey: "trust-e2e-0001") { id } }`;
    const offices = await post(
      hub.gatewayUrl,
      { query: `{ prosecutorOffices { id prosecutors openCases closedCases } }` },
      { viewer: viewers.analyst },
    );
    type Office = { id: string; prosecutors: number; openCases: number; closedCases: number };
    const office = (offices.body.data?.["prosecutorOffices"] as Office[])[0] as Office;
    const officeId = office.id;
    // Closed cases never decrease: report one more than the office last did.
    const input = {
      officeId,
      prosecutors: office.prosecutors,
      openCases: office.openCases,
      closedCases: office.closedCases + 1,
    };
    const refused = await post(
      hub.gatewayUrl,
      { query: mutation, variables: { input } },
      { viewer: viewers.editor("formalization") },
    );
    expect(codes(refused)).toEqual(["FORBIDDEN"]);
    const done = await post(
      hub.gatewayUrl,
      { query: mutation, variables: { input } },
      { viewer: viewers.editor("eradication"), headers: { "x-request-id": "trust-e2e-write-01" } },
    );
    expect(done.body.errors).toBeUndefined();
    expect(done.body.data?.["updateProsecutorCaseload"]).toEqual({ id: officeId });
    // The subgraph audits the write under the request id the client got back (sent beside the signature).
    const eradication = hub.pillars.find((pillar) => pillar.name === "eradication");
    const audited = await auditEntries(eradication?.connection as Connection, {
      operation: "updateProsecutorCaseload",
      outcome: "OK",
    });
    expect(audited.map((entry) => [entry.requestId, entry.viewer.id])).toContainEqual([
      "trust-e2e-write-01",
      viewers.editor("eradication").id,
    ]);
  });
});

describe("a subgraph reached directly", () => {
  const entities = `{ _entities(representations: [{ __typename: "Region", ubigeo: "17" }]) { ... on Region { name } } }`;

  it("answers nothing without the gateway's signature: no header, an expired one, a forged one", async () => {
    const expired = await new ViewerSigner(DEVELOPMENT_HUB_SECRET, -1).sign(viewers.admin);
    const forged = await new ViewerSigner("not-the-hub-secret-but-32-chars-long").sign(viewers.admin);
    for (const url of Object.values(hub.subgraphUrls)) {
      for (const headers of [
        {},
        { [VIEWER_HEADER]: expired },
        { [VIEWER_HEADER]: forged },
        { [VIEWER_HEADER]: "garbage" },
      ]) {
        for (const query of ["{ _service { sdl } }", entities]) {
          const answer = await post(url, { query }, { headers });
          expect(answer.status).toBe(401);
          expect(answer.body.data).toBeUndefined();
          expect(codes(answer)).toEqual(["UNAUTHENTICATED"]);
        }
      }
    }
  });

  it("answers the gateway's signature", async () => {
    const header = await TEST_KEYS.signer.sign(viewers.public);
    const answer = await post(
      hub.subgraphUrls["formalization"] ?? "",
      { query: entities },
      { headers: { [VIEWER_HEADER]: header } },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ _entities: [{ name: "Madre de Dios" }] });
  });
});

describe("limits against abusive requests", () => {
  const expect400 = async (body: unknown, code = "GRAPHQL_VALIDATION_FAILED") => {
    const answer = await post(hub.gatewayUrl, body, { viewer: viewers.admin });
    expect(answer.status).toBe(400);
    expect(codes(answer)).toContain(code);
    return answer;
  };

  it("refuses a deep query", async () => {
    let selection = "name";
    for (let i = 0; i < 14; i++) selection = `parent { ${selection} }`;
    await expect400({ query: `{ region(ubigeo: "170101") { ${selection} } }` });
  });

  it("refuses an alias bomb and a directive flood", async () => {
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: regions { name }`).join(" ");
    await expect400({ query: `{ ${aliases} }` });
    const directives = Array.from({ length: 50 }, () => "@include(if: true)").join(" ");
    await expect400({ query: `{ __typename ${directives} }` });
  });

  it("refuses a query whose cost is too high: a huge page, or many pages under aliases", async () => {
    const huge = await expect400({ query: `{ reinfoRecords(first: 100000) { totalCount } }` });
    expect(huge.body.errors?.[0]?.message).toMatch(/Cost limit/);
    const page = `reinfoRecords(first: 100) { edges { node { code statusHistory { reason } operator { reinfoRecords { code } } } } }`;
    const many = Array.from({ length: 10 }, (_, i) => `p${i}: ${page}`).join(" ");
    expect((await expect400({ query: `{ ${many} }` })).body.errors?.[0]?.message).toMatch(/Cost limit/);
  });

  it("refuses a page larger than 100 with BAD_USER_INPUT naming `first`", async () => {
    const answer = await post(
      hub.gatewayUrl,
      { query: `{ reinfoRecords(first: 101) { totalCount } }` },
      { viewer: viewers.admin },
    );
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
  });

  it("refuses a batch array, a 10 MB body, malformed JSON and too many tokens", async () => {
    await expect400([{ query: "{ __typename }" }, { query: "{ __typename }" }], "BAD_REQUEST");
    const huge = await post(
      hub.gatewayUrl,
      JSON.stringify({ query: `{ __typename }`, pad: "x".repeat(10_000_000) }),
    );
    expect(huge.status).toBe(413);
    const malformed = await post(hub.gatewayUrl, '{"query": "{ __typename }"');
    expect(malformed.status).toBe(400);
    expect(codes(malformed)).toEqual(["BAD_REQUEST"]);
    await expect400({ query: `{ ${"__typename ".repeat(6_000)} }` }, "GRAPHQL_PARSE_FAILED");
  });

  it("answers a syntax error with 400, not 500", async () => {
    await expect400({ query: "{ region(ubigeo: ) {" }, "GRAPHQL_PARSE_FAILED");
  });

  it("refuses a mutation over GET, and a GET without a CSRF-safe header", async () => {
    const token = await tokenFor(viewers.admin);
    const mutation = encodeURIComponent(`mutation { __typename }`);
    const get = await fetch(`${hub.gatewayUrl}?query=${mutation}`, {
      headers: { authorization: `Bearer ${token}`, "apollo-require-preflight": "true" },
    });
    expect(get.status).toBe(405);
    const csrf = await fetch(`${hub.gatewayUrl}?query=${encodeURIComponent("{ __typename }")}`);
    expect(csrf.status).toBe(400);
    expect(await csrf.text()).toContain("CSRF");
  });
});

describe("errors that leak nothing", () => {
  it("returns a request id in a header and in every error, and honours the caller's", async () => {
    const answer = await post(
      hub.gatewayUrl,
      { query: `{ reinfoRecords(first: 1) { totalCount } }` },
      { headers: { "x-request-id": "caller-chosen-id-1" } },
    );
    expect(answer.headers.get("x-request-id")).toBe("caller-chosen-id-1");
    expect(answer.body.errors?.[0]?.extensions?.["requestId"]).toBe("caller-chosen-id-1");
    const generated = await post(hub.gatewayUrl, { query: `{ nope }` });
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.body.errors?.[0]?.extensions?.["requestId"]).toBe(generated.headers.get("x-request-id"));
  });

  it("reports a subgraph that answers with an error page as unavailable, without its body, URL or socket error", async () => {
    await hub.stopSubgraph("recovery");
    const port = new URL(hub.subgraphUrls["recovery"] ?? "").port;
    const broken = createServer((_, response) => {
      response.writeHead(500, { "content-type": "text/plain" });
      response.end("MongoServerError: E11000 at /srv/internal/recovery.js:12 ECONNREFUSED 10.0.0.7:27017");
    });
    await new Promise<void>((resolve) => broken.listen(Number(port), "127.0.0.1", resolve));
    try {
      const answer = await post(
        hub.gatewayUrl,
        {
          query: `{ region(ubigeo: "17") { name recovery(period: { from: "2025-01-01", to: "2025-12-31" }) { hectaresDegraded } } }`,
        },
        { viewer: viewers.analyst },
      );
      expect(answer.status).toBe(200);
      expect(answer.body.data?.["region"]).toEqual({ name: "Madre de Dios", recovery: null });
      expect(answer.body.errors).toEqual([
        {
          message: "The recovery pillar is unavailable; its fields are null in this response.",
          extensions: {
            code: "SUBGRAPH_UNAVAILABLE",
            pillar: "recovery",
            requestId: answer.headers.get("x-request-id"),
          },
        },
      ]);
      for (const leak of ["Mongo", "E11000", "/srv", "ECONNREFUSED", "10.0.0.7", "127.0.0.1", port, "stack"])
        expect(answer.text).not.toContain(leak);
    } finally {
      broken.closeAllConnections();
      await new Promise<void>((resolve) => broken.close(() => resolve()));
      await hub.restartSubgraph("recovery");
    }
  });
});

describe("GraphQL over HTTP", () => {
  /**
   * The `graphql-http` audit. Every MUST passes. The SHOULDs we deviate from on purpose, with the reason (the
   * MAYs about GET variants are not asserted):
   */
  const WHY_NOT_200 =
    "Apollo Server answers requests that never execute (unparsable, invalid, uncoercible variables) with 400 " +
    "even for `accept: application/json`; we keep that, because the trust issue asks for 400 on a syntax error " +
    "and because caches, proxies and monitoring then see a client error as one. The body is still a GraphQL " +
    "response with `errors`.";
  const ACCEPTED_SHOULD_FAILURES: Record<string, string> = {
    "SHOULD use 200 status code on document parsing failure when accepting application/json": WHY_NOT_200,
    "SHOULD use 200 status code on document validation failure when accepting application/json": WHY_NOT_200,
    "SHOULD use a status code of 200 on variable coercion failure when accepting application/json":
      WHY_NOT_200,
  };

  it("passes every MUST of the graphql-http server audit", async () => {
    const results = await auditServer({ url: hub.gatewayUrl });
    const failedMusts = results
      .filter((r) => r.status === "error")
      .map((r) => `${r.name}: ${"reason" in r ? r.reason : ""}`);
    expect(failedMusts).toEqual([]);
    const warnings = results.filter((r) => r.status === "warn").map((r) => r.name);
    expect(warnings.filter((name) => !(name in ACCEPTED_SHOULD_FAILURES))).toEqual([]);
  });
});

describe("in production", () => {
  const logLines: string[] = [];
  let url = "";
  let stop: () => Promise<void> = () => Promise.resolve();
  let sign: (viewer: typeof viewers.analyst) => Promise<string> = () => Promise.resolve("");

  beforeAll(async () => {
    // The identity provider: an RS256 key pair whose public half is served as a JWKS over HTTP.
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "idp-key-1", alg: "RS256", use: "sig" };
    const idp = createServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => idp.listen(0, "127.0.0.1", resolve));
    const jwksUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/jwks.json`;
    sign = (viewer) =>
      new SignJWT({ role: viewer.role, grants: viewer.grants })
        .setProtectedHeader({ alg: "RS256", kid: "idp-key-1" })
        .setSubject(viewer.id)
        .setIssuer("https://idp.example.gob.pe")
        .setAudience("tinkuy")
        .setExpirationTime("5m")
        .sign(privateKey);
    const gateway = createGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: hub.subgraphUrls,
      logger: pino({ level: "info" }, { write: (line: string) => void logLines.push(line) }),
      keys: TEST_KEYS,
      auth: { issuer: "https://idp.example.gob.pe", audience: "tinkuy", jwksUrl },
      production: true,
      subgraphTimeoutMs: 10_000,
    });
    await gateway.apollo.start();
    const listener = await listen(gateway.handler, 0, "127.0.0.1");
    url = `http://127.0.0.1:${listener.port}/graphql`;
    stop = async () => {
      await listener.stop();
      await gateway.apollo.stop();
      idp.closeAllConnections();
      await new Promise<void>((resolve) => idp.close(() => resolve()));
    };
  });
  afterAll(() => stop());

  it("verifies tokens against the identity provider's JWKS and refuses development tokens", async () => {
    const answer = await post(
      url,
      { query: `{ reinfoRecords(first: 1) { totalCount } }` },
      {
        headers: { authorization: `Bearer ${await sign(viewers.analyst)}` },
      },
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.["reinfoRecords"]).toEqual({ totalCount: expect.any(Number) as number });
    const development = await post(url, { query: "{ __typename }" }, { viewer: viewers.admin });
    expect(development.status).toBe(401);
  });

  it("logs every error as JSON with the request id the client received", async () => {
    const answer = await post(url, { query: "{ reinfoRecords(first: 1) { totalCount } }" });
    const requestId = answer.headers.get("x-request-id");
    expect(answer.body.errors?.[0]?.extensions?.["requestId"]).toBe(requestId);
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(
      expect.objectContaining({ requestId, code: "FORBIDDEN", msg: "client error" }),
    );
  });

  it("turns off introspection, field suggestions and the landing page", async () => {
    const introspection = await post(url, { query: "{ __schema { types { name } } }" });
    expect(introspection.status).toBe(400);
    expect(introspection.text).not.toContain("ReinfoRecord");
    const typo = await post(url, { query: '{ regoin(ubigeo: "17") { name } }' });
    expect(typo.status).toBe(400);
    expect(typo.text).not.toMatch(/Did you mean/);
    expect(typo.text).not.toContain('"region"');
    const landing = await fetch(url, { headers: { accept: "text/html" } });
    expect(await landing.text()).not.toMatch(/<html/i);
  });
});

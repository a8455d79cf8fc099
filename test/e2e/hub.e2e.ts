import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { registration } from "../formalization/fixtures.ts";
import { tokenFor } from "../support/hub.ts";
import { freePort, startService, type Service } from "../support/processes.ts";
import { viewers } from "../support/viewers.ts";

let mongo: EmbeddedMongo;
let formalization: Service;
let gateway: Service;
let gatewayUrl: string;
let subgraphUrl: string;

/** Runs an operation through the gateway as the formalization pillar's editor. */
async function query(body: { query: string; variables?: Record<string, unknown> }) {
  const response = await fetch(gatewayUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${await tokenFor(viewers.editor("formalization"))}`,
    },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
}

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  const subgraphPort = await freePort();
  const gatewayPort = await freePort();
  formalization = await startService(
    "subgraphs/formalization/src/index.ts",
    {
      MONGODB_URI: mongo.uri,
      FORMALIZATION_DB: "e2e_formalization",
      PORT: String(subgraphPort),
      LOG_LEVEL: "warn",
    },
    `http://127.0.0.1:${subgraphPort}/healthz`,
  );
  gateway = await startService(
    "gateway/src/index.ts",
    {
      PORT: String(gatewayPort),
      SUBGRAPH_FORMALIZATION_URL: `http://127.0.0.1:${subgraphPort}/graphql`,
      LOG_LEVEL: "warn",
    },
    `http://127.0.0.1:${gatewayPort}/healthz`,
  );
  gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
  subgraphUrl = `http://127.0.0.1:${subgraphPort}/graphql`;
  // Two processes started from source: the gateway alone took 20 s to answer /healthz at a load of 24 on two
  // cores, past the default 10 s.
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await formalization?.stop();
  await mongo?.stop();
});

describe("the hub over HTTP", () => {
  it("registers records through the gateway and answers a region's formalization figures and an operator's records", async () => {
    for (const [i, ubigeo] of ["130801", "130808", "130808"].entries()) {
      const result = await query({
        query: `mutation($input: RegisterReinfoRecordInput!, $key: String!) {
          registerReinfoRecord(input: $input, idempotencyKey: $key) { code } }`,
        variables: {
          input: registration({ code: `REINFO-E2E${i}`, ubigeo, latitude: -8.0, longitude: -77.4 }),
          key: `e2e-register-${i}`,
        },
      });
      expect(result.errors).toBeUndefined();
    }
    const changed = await query({
      query: `mutation { changeReinfoStatus(
        input: { code: "REINFO-E2E2", status: FORMALIZED, reason: "Culminó la formalización", legalBasis: "DL 1293" },
        idempotencyKey: "e2e-formalize-2") { status } }`,
    });
    expect(changed.data).toEqual({ changeReinfoStatus: { status: "FORMALIZED" } });

    const region = await query({
      query: `{ region(ubigeo: "1308") { name formalization { total formalized formalizationRate
        children { region { name } total } } } }`,
    });
    expect(region.errors).toBeUndefined();
    const figures = (region.data?.region as { formalization: { children: { total: number }[] } })
      .formalization;
    expect(region.data?.region).toMatchObject({
      name: "Pataz",
      formalization: { total: 3, formalized: 1, formalizationRate: 1 / 3 },
    });
    expect(figures.children.filter((c) => c.total > 0).map((c) => c)).toEqual([
      { region: { name: "Tayabamba" }, total: 1 },
      { region: { name: "Parcoy" }, total: 2 },
    ]);

    const operator = await query({
      query: `{ operator(ruc: "20131368829") { kind reinfoRecords { code status district { name } } } }`,
    });
    expect(operator.data?.operator).toEqual({
      kind: "COMPANY",
      reinfoRecords: [
        { code: "REINFO-E2E0", status: "ACTIVE", district: { name: "Tayabamba" } },
        { code: "REINFO-E2E1", status: "ACTIVE", district: { name: "Parcoy" } },
        { code: "REINFO-E2E2", status: "FORMALIZED", district: { name: "Parcoy" } },
      ],
    });
  });

  it("answers bad input with BAD_USER_INPUT through the gateway", async () => {
    const result = await query({ query: `{ operator(ruc: "20512333798") { ruc } }` });
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
  });

  it("has the subgraph process refuse a request that did not come through the gateway", async () => {
    const response = await fetch(subgraphUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ _service { sdl } }" }),
    });
    expect(response.status).toBe(401);
    const ready = await fetch(new URL("/readyz", subgraphUrl));
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("stops the subgraph and the gateway cleanly on SIGTERM", async () => {
    expect(await gateway.stop()).toBe(0);
    expect(await formalization.stop()).toBe(0);
  });
});

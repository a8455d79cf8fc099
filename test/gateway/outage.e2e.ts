import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen } from "../../packages/kit/src/index.ts";
import { PILLAR_NAMES } from "../../subgraphs/index.ts";
import { startHub, type Hub } from "../support/hub.ts";
import { viewers } from "../support/viewers.ts";
import { codes, post } from "./support.ts";

/**
 * One pillar down, or hanging: the other pillars still answer, with one error naming the missing pillar; the
 * gateway stays ready and says which pillar is degraded; the pillar comes back without restarting the gateway.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ subgraphTimeoutMs: 1_500 });
}, 120_000);
afterAll(async () => {
  await hub?.stop();
});

const PERIOD = `period: { from: "2025-01-01", to: "2025-12-31" }`;
const VIEW = `{
  regions {
    ubigeo
    formalization { active }
    eradication(${PERIOD}) { operations }
    recovery(${PERIOD}) { hectaresDegraded }
    livelihoods(${PERIOD}) { activeProjects }
    services(${PERIOD}) { activeProjects }
  }
}`;
type Row = Record<string, unknown>;

async function readyz() {
  const response = await fetch(new URL("/readyz", hub.gatewayUrl));
  return {
    status: response.status,
    body: (await response.json()) as { status: string; subgraphs: Record<string, string> },
  };
}

describe("partial failure", () => {
  it("answers the other pillars and one error naming the pillar that is down, with HTTP 200", async () => {
    const before = await post(hub.gatewayUrl, { query: VIEW }, { viewer: viewers.analyst });
    expect(before.body.errors).toBeUndefined();
    await hub.stopSubgraph("eradication");
    const answer = await post(hub.gatewayUrl, { query: VIEW }, { viewer: viewers.analyst });
    expect(answer.status).toBe(200);
    expect(answer.body.errors?.map((e) => e.extensions)).toEqual([
      { code: "SUBGRAPH_UNAVAILABLE", pillar: "eradication", requestId: answer.headers.get("x-request-id") },
    ]);
    const rows = answer.body.data?.["regions"] as Row[];
    const full = before.body.data?.["regions"] as Row[];
    expect(rows).toHaveLength(25);
    expect(rows.every((row) => row["eradication"] === null)).toBe(true);
    expect(rows.map(({ eradication: _, ...rest }) => rest)).toEqual(
      full.map(({ eradication: _, ...rest }) => rest),
    );
  });

  it("stays ready while reporting the degraded pillar", async () => {
    expect(await readyz()).toEqual({
      status: 200,
      body: {
        status: "degraded",
        // Every pillar of the list, each up but the one stopped.
        subgraphs: Object.fromEntries(
          PILLAR_NAMES.map((name) => [name, name === "eradication" ? "down" : "up"]),
        ),
      },
    });
  });

  it("gives full answers again once the pillar is back, without restarting the gateway", async () => {
    await hub.restartSubgraph("eradication");
    const answer = await post(hub.gatewayUrl, { query: VIEW }, { viewer: viewers.analyst });
    expect(answer.body.errors).toBeUndefined();
    expect((answer.body.data?.["regions"] as Row[]).every((row) => row["eradication"] !== null)).toBe(true);
    expect((await readyz()).body.status).toBe("ready");
  });

  it("cuts off a pillar that hangs at the subgraph timeout and answers the rest", async () => {
    await hub.stopSubgraph("livelihoods");
    const { release } = await hub.hangSubgraph("livelihoods");
    try {
      const answer = await post(hub.gatewayUrl, { query: VIEW }, { viewer: viewers.analyst });
      expect(answer.status).toBe(200);
      expect(codes(answer)).toEqual(["SUBGRAPH_UNAVAILABLE"]);
      expect(answer.body.errors?.[0]?.extensions?.["pillar"]).toBe("livelihoods");
      expect((answer.body.data?.["regions"] as Row[]).every((row) => row["formalization"] !== null)).toBe(
        true,
      );
    } finally {
      await release();
      await hub.restartSubgraph("livelihoods");
    }
  });
});

describe("graceful shutdown", () => {
  it("lets an in-flight request finish while refusing new connections", async () => {
    // A second listener on the same gateway handler, so stopping it leaves the hub's own for the other tests.
    const listener = await listen(hub.gateway.handler, 0, "127.0.0.1");
    await hub.stopSubgraph("recovery");
    const { connected, release } = await hub.hangSubgraph("recovery");
    try {
      const inFlight = post(
        `http://127.0.0.1:${listener.port}/graphql`,
        { query: VIEW },
        { viewer: viewers.analyst },
      );
      await connected;
      const stopped = listener.stop();
      const answer = await inFlight;
      await stopped;
      expect(answer.status).toBe(200);
      expect(answer.body.errors?.[0]?.extensions?.["pillar"]).toBe("recovery");
      await expect(fetch(`http://127.0.0.1:${listener.port}/healthz`)).rejects.toThrow();
    } finally {
      await release();
      await hub.restartSubgraph("recovery");
    }
  });
});

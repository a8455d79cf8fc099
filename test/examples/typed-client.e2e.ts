import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GraphQLRequestError,
  operatorView,
  regionView,
  summarizeOperator,
  summarizeRegion,
} from "../../examples/typed-client/src/client.ts";
import { post } from "../gateway/support.ts";
import { startHub, tokenFor, type Hub } from "../support/hub.ts";
import { viewers } from "../support/viewers.ts";

/**
 * The typed client example against the real hub (its gateway with persisted operations off, as in development):
 * its functions return the same figures as the README's queries sent as plain text.
 */
let hub: Hub;
const PERIOD = { from: "2025-01-01", to: "2025-12-31" };

beforeAll(async () => {
  hub = await startHub({ scale: 0.02 });
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

describe("the typed client example", () => {
  it("returns the README region view's figures, equal to a direct GraphQL query's", async () => {
    const token = await tokenFor(viewers.analyst);
    const region = await regionView({ url: hub.gatewayUrl, token }, "17", PERIOD);
    const direct = await post(
      hub.gatewayUrl,
      {
        query: `query RegionView($period: PeriodInput) {
          region(ubigeo: "17") {
            name
            formalization { total active suspended excluded formalized formalizationRate }
            eradication(period: $period) { operations value arrests }
            recovery(period: $period) { hectaresDegraded hectaresRestored restorationRatio }
            livelihoods(period: $period) { activeProjects beneficiaries { total women formerMiners } }
            services(period: $period) { activeProjects executed executedPerInhabitant }
          }
        }`,
        variables: { period: PERIOD },
      },
      { viewer: viewers.analyst },
    );
    expect(direct.body.errors).toBeUndefined();
    const expected = direct.body.data?.["region"] as Record<string, unknown>;
    expect(region).toMatchObject(expected);
    expect(region?.formalization?.total).toBeGreaterThan(0);
    expect(region?.eradication?.operations).toBeGreaterThan(0);
    const summary = summarizeRegion(region!);
    expect(summary[0]).toBe("Madre de Dios (17)");
    expect(summary.join("\n")).toContain(`${region?.formalization?.total} records`);
  });

  it("shows an operator across the pillars, as a direct query does", async () => {
    const token = await tokenFor(viewers.admin);
    const first = await post(
      hub.gatewayUrl,
      { query: "{ reinfoRecords(first: 1) { edges { node { code operator { ruc } } } } }" },
      { viewer: viewers.admin },
    );
    const edges = (
      first.body.data?.["reinfoRecords"] as { edges: { node: { code: string; operator: { ruc: string } } }[] }
    ).edges;
    const ruc = edges[0]?.node.operator.ruc ?? "";
    const operator = await operatorView({ url: hub.gatewayUrl, token }, ruc);
    expect(operator?.ruc).toBe(ruc);
    expect(operator?.reinfoRecords?.map((r) => r.code)).toContain(edges[0]?.node.code);
    const direct = await post(
      hub.gatewayUrl,
      {
        query: "query ($ruc: ID!) { operator(ruc: $ruc) { name interventions { id } liabilities { id } } }",
        variables: { ruc },
      },
      { viewer: viewers.admin },
    );
    const expected = direct.body.data?.["operator"] as {
      name: string;
      interventions: unknown[];
      liabilities: unknown[];
    };
    expect(operator?.name).toBe(expected.name);
    expect(operator?.interventions).toHaveLength(expected.interventions.length);
    expect(operator?.liabilities).toHaveLength(expected.liabilities.length);
    expect(summarizeOperator(operator!)[0]).toContain(ruc);
  });

  it("gets the public viewer without a token, and rejects with the gateway's errors", async () => {
    const client = { url: hub.gatewayUrl };
    const region = await regionView(client, "17", PERIOD);
    expect(region?.name).toBe("Madre de Dios");
    const refused = await operatorView(client, "20131368829").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GraphQLRequestError);
    expect((refused as GraphQLRequestError).errors.map((e) => e.extensions?.code)).toContain("FORBIDDEN");
  });
});

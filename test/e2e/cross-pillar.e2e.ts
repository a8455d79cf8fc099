import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import type { Viewer } from "../../packages/kit/src/index.ts";
import type { OpenPillar } from "../../scripts/pillars.ts";
import { PILLAR_NAMES } from "../../subgraphs/index.ts";
import { startHub, tokenFor, type Hub } from "../support/hub.ts";
import { viewers } from "../support/viewers.ts";

/**
 * The four pillars seeded small on one embedded server, each subgraph on its own port, and the real gateway
 * over HTTP in front of them: the cross-pillar views as a ministry or a donor would query them.
 */
let hub: Hub;
let mongo: EmbeddedMongo;
let pillars: OpenPillar[];
let gatewayUrl = "";

/** Runs a query through the gateway as `viewer` (an analyst granted personal data when omitted); no errors expected. */
async function query(
  text: string,
  variables: Record<string, unknown> = {},
  viewer: Viewer = viewers.analystWithPersonalData,
) {
  const response = await fetch(gatewayUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(viewer.role === "PUBLIC" ? {} : { authorization: `Bearer ${await tokenFor(viewer)}` }),
    },
    body: JSON.stringify({ query: text, variables }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  expect(body.errors).toBeUndefined();
  return body.data ?? {};
}

/** Database commands per subgraph database since the last reset. */
function commandsByDatabase(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [ns, stats] of Object.entries(mongo.stats().namespaces)) {
    const db = ns.split(".")[0] ?? ns;
    out[db] = (out[db] ?? 0) + Object.values(stats.commands).reduce((a, b) => a + b, 0);
  }
  return out;
}

beforeAll(async () => {
  hub = await startHub();
  ({ mongo, pillars, gatewayUrl } = hub);
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

const REGION_VIEW = /* GraphQL */ `
  query RegionView($ubigeo: ID!, $period: PeriodInput) {
    region(ubigeo: $ubigeo) {
      name
      formalization {
        total
        active
        suspended
        excluded
        formalized
        formalizationRate
      }
      eradication(period: $period) {
        operations
        value
        arrests
      }
      recovery(period: $period) {
        hectaresDegraded
        hectaresRestored
        restorationRatio
      }
      livelihoods(period: $period) {
        activeProjects
        beneficiaries {
          total
          women
          formerMiners
        }
      }
      indicators(period: $period) {
        activeRecords
        excludedRecords
        operationsPerThousandActiveRecords
        restoredPerDegradedHectare
        degradedHectaresPerActiveRecord
        formerMinerBeneficiariesPerExcludedRecord
      }
    }
  }
`;

const YEAR_2025 = { from: "2025-01-01", to: "2025-12-31" };

describe("the cross-pillar view through the gateway", () => {
  it("links a department's REINFO mix, enforcement, restoration and livelihoods in one query", async () => {
    const data = await query(REGION_VIEW, { ubigeo: "17", period: YEAR_2025 });
    const region = data.region as {
      name: string;
      formalization: { total: number; active: number; excluded: number };
      eradication: { operations: number; value: string };
      recovery: { hectaresDegraded: number; hectaresRestored: number; restorationRatio: number | null };
      livelihoods: { activeProjects: number; beneficiaries: { formerMiners: number } };
      indicators: {
        activeRecords: number;
        operationsPerThousandActiveRecords: number | null;
        restoredPerDegradedHectare: number | null;
        degradedHectaresPerActiveRecord: number | null;
        formerMinerBeneficiariesPerExcludedRecord: number | null;
      };
    };
    expect(region.name).toBe("Madre de Dios");
    expect(region.formalization.total).toBeGreaterThan(0);
    expect(region.eradication.operations).toBeGreaterThan(0);
    expect(region.eradication.value).toMatch(/^\d+\.\d{2}$/);
    expect(region.recovery.hectaresDegraded).toBeGreaterThan(0);
    expect(region.livelihoods.activeProjects).toBeGreaterThanOrEqual(0);
    // The indicators are computed in eradication and recovery from REINFO's figure brought by @requires.
    const { indicators } = region;
    expect(indicators.activeRecords).toBe(region.formalization.active);
    expect(indicators.operationsPerThousandActiveRecords).toBeCloseTo(
      (region.eradication.operations * 1000) / region.formalization.active,
      9,
    );
    expect(indicators.degradedHectaresPerActiveRecord).toBeCloseTo(
      region.recovery.hectaresDegraded / region.formalization.active,
      6,
    );
    expect(indicators.restoredPerDegradedHectare).toBeCloseTo(region.recovery.restorationRatio ?? NaN, 6);
    expect(indicators.formerMinerBeneficiariesPerExcludedRecord).toBeCloseTo(
      region.livelihoods.beneficiaries.formerMiners / region.formalization.excluded,
      9,
    );
  });

  it("answers an operator across pillars: REINFO records, interventions, liabilities and enrolments", async () => {
    const data = await query(`{
      region(ubigeo: "17") { enforcementTargets: eradication(period: { from: "2024-01-01", to: "2026-12-31" }) { operations } }
      enforcementOperations(filter: { ubigeo: "17" }, first: 50) {
        edges { node { targetedOperators { ruc } } }
      }
    }`);
    const rucs = (
      data.enforcementOperations as { edges: { node: { targetedOperators: { ruc: string }[] } }[] }
    ).edges.flatMap((edge) => edge.node.targetedOperators.map((operator) => operator.ruc));
    expect(rucs.length).toBeGreaterThan(0);
    const operator = await query(
      `query ($ruc: ID!) {
        operator(ruc: $ruc) {
          ruc kind
          reinfoRecords { code status }
          interventions { id date }
          liabilities { id }
          livelihoodEnrollments { status }
        }
      }`,
      { ruc: rucs[0] },
    );
    const view = operator.operator as { ruc: string; interventions: unknown[]; reinfoRecords: unknown[] };
    expect(view.ruc).toBe(rucs[0]);
    expect(view.interventions.length).toBeGreaterThan(0);
    // The launcher seeds enforcement targets from REINFO's excluded and suspended operators.
    expect(view.reinfoRecords.length).toBeGreaterThan(0);
  });

  it("gives the exclusion evidence by region, consistent with the pillars' own data", async () => {
    const data = await query(`{
      regions {
        ubigeo
        exclusionEvidence {
          excludedRecords excludedOperators targetedByEnforcement responsibleForLiabilities
          targetedOrResponsible targetedAndResponsible shareImplicated
        }
      }
    }`);
    const regions = data.regions as {
      ubigeo: string;
      exclusionEvidence: {
        excludedOperators: number;
        targetedByEnforcement: number;
        responsibleForLiabilities: number;
        targetedOrResponsible: number;
        targetedAndResponsible: number;
      };
    }[];
    expect(regions).toHaveLength(25);
    // Recompute Madre de Dios directly from the two databases: excluded REINFO operators with a record in 17
    // that an operation in 17 targeted.
    const [formalization, eradication] = pillars.map((pillar) => pillar.connection);
    const excluded = new Set(
      await formalization
        ?.collection("reinfo_records")
        .distinct("M_RUC", { ESTADO: "EXCLUIDO", ID_DEPA: "17" }),
    );
    const targeted = new Set<string>(
      await eradication?.collection("enforcement_operations").distinct("targetRucs", { department: "17" }),
    );
    const madre = regions.find((r) => r.ubigeo === "17")?.exclusionEvidence;
    expect(madre?.excludedOperators).toBe(excluded.size);
    expect(madre?.targetedByEnforcement).toBe([...targeted].filter((ruc) => excluded.has(ruc)).length);
    expect(regions.some((r) => r.exclusionEvidence.targetedByEnforcement > 0)).toBe(true);
    for (const { exclusionEvidence: e } of regions) {
      expect(e.targetedOrResponsible).toBe(
        e.targetedByEnforcement + e.responsibleForLiabilities - e.targetedAndResponsible,
      );
      expect(e.targetedOrResponsible).toBeLessThanOrEqual(e.excludedOperators);
    }
  });

  it("keeps the RUC lists behind the evidence out of the public schema (@inaccessible)", async () => {
    for (const field of ["enforcementTargetRucs", "liabilityResponsibleRucs"]) {
      const response = await fetch(gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: `{ region(ubigeo: "17") { ${field} } }` }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    }
  });

  it("costs a fixed number of database commands per subgraph for the region view, however many departments", async () => {
    const ALL = /* GraphQL */ `
      query ($period: PeriodInput) {
        regions {
          formalization {
            total
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
    const FEW = ALL.replace("regions {", 'regions(level: PROVINCE, parent: "17") {');
    mongo.resetStats();
    await query(ALL, { period: YEAR_2025 });
    const all = commandsByDatabase();
    mongo.resetStats();
    await query(FEW, { period: YEAR_2025 });
    const few = commandsByDatabase();
    expect(Object.keys(all).sort()).toEqual([...PILLAR_NAMES].sort());
    expect(all).toEqual(few);
    for (const count of Object.values(all)) expect(count).toBeLessThanOrEqual(4);
  });
});

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
  query RegionView($ubigeo: ID!, $period: PeriodInput, $end: Date) {
    region(ubigeo: $ubigeo) {
      name
      formalization(asOf: $end) {
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
        sources {
          kind
          dataset
          records
        }
      }
    }
  }
`;

const YEAR_2025 = { from: "2025-01-01", to: "2025-12-31" };
const YEAR_2024 = { from: "2024-01-01", to: "2024-12-31" };

describe("the cross-pillar view through the gateway", () => {
  it("links a department's REINFO mix, enforcement, restoration and livelihoods in one query", async () => {
    const data = await query(REGION_VIEW, { ubigeo: "17", period: YEAR_2025, end: YEAR_2025.to });
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
        sources: { kind: string; dataset: string | null; records: number }[];
      };
    };
    expect(region.name).toBe("Madre de Dios");
    expect(region.formalization.total).toBeGreaterThan(0);
    expect(region.eradication.operations).toBeGreaterThan(0);
    expect(region.eradication.value).toMatch(/^\d+\.\d{2}$/);
    expect(region.recovery.hectaresDegraded).toBeGreaterThan(0);
    expect(region.livelihoods.activeProjects).toBeGreaterThanOrEqual(0);
    // The indicators are computed in eradication and recovery from REINFO's figure brought by @requires: the
    // registry as it stood on the period's last day.
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
    // Their sources: the registry's dataset and every other pillar's, all demo data on a seeded hub.
    const datasets = indicators.sources.map((share) => share.dataset);
    expect(datasets).toContain("tinkuy-demo:formalization");
    expect(datasets.some((name) => name !== "tinkuy-demo:formalization")).toBe(true);
    for (const share of indicators.sources) expect(share.kind).toBe("SYNTHETIC");
    expect(indicators.sources.find((s) => s.dataset === "tinkuy-demo:formalization")?.records).toBe(
      region.formalization.total,
    );
  });

  it("uses 2024's registry for 2024's ratios: records excluded in June 2025 are still in it", async () => {
    const data = await query(REGION_VIEW, { ubigeo: "17", period: YEAR_2024, end: YEAR_2024.to });
    const region = data.region as {
      formalization: { active: number; excluded: number };
      eradication: { operations: number };
      indicators: {
        activeRecords: number;
        excludedRecords: number;
        operationsPerThousandActiveRecords: number;
      };
    };
    const today = (await query(`{ region(ubigeo: "17") { formalization { excluded } } }`)).region as {
      formalization: { excluded: number };
    };
    expect(today.formalization.excluded).toBeGreaterThan(0);
    expect(region.indicators.excludedRecords).toBe(0);
    expect(region.indicators.activeRecords).toBe(region.formalization.active);
    expect(region.indicators.operationsPerThousandActiveRecords).toBeCloseTo(
      (region.eradication.operations * 1000) / region.formalization.active,
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
          excludedRecords excludedOperators
          operatorsTargetedAfterExclusion shareTargetedAfterExclusion
          excludedRecordsWithLocation recordsWithDegradationAfterExclusion shareWithDegradationAfterExclusion
          responsibleForLiabilities shareResponsibleForLiabilities
          targetedByEnforcement targetedOrResponsible targetedAndResponsible shareImplicated
        }
      }
    }`);
    type Evidence = {
      excludedOperators: number;
      operatorsTargetedAfterExclusion: number;
      shareTargetedAfterExclusion: number | null;
      excludedRecordsWithLocation: number;
      recordsWithDegradationAfterExclusion: number;
      shareWithDegradationAfterExclusion: number | null;
      responsibleForLiabilities: number;
      shareResponsibleForLiabilities: number | null;
      targetedByEnforcement: number;
      targetedOrResponsible: number;
      targetedAndResponsible: number;
    };
    const regions = data.regions as { ubigeo: string; exclusionEvidence: Evidence }[];
    expect(regions).toHaveLength(25);
    // Recompute Madre de Dios directly from the two databases: excluded REINFO operators with a record in 17,
    // the earliest exclusion of each there, and the operations in 17 that targeted them on a later day.
    const [formalization, eradication] = pillars.map((pillar) => pillar.connection);
    const records = await formalization!
      .collection("reinfo_records")
      .find({ ESTADO: "EXCLUIDO", ID_DEPA: "17" }, { projection: { M_RUC: 1, history: 1 } })
      .toArray();
    const excludedOn = new Map<string, string>();
    for (const record of records) {
      const history = record.history as { status: string; date: Date }[];
      const day = history
        .filter((e) => e.status === "EXCLUIDO")
        .at(-1)!
        .date.toISOString()
        .slice(0, 10);
      const ruc = String(record.M_RUC);
      if (!excludedOn.has(ruc) || day < excludedOn.get(ruc)!) excludedOn.set(ruc, day);
    }
    const operations = await eradication!
      .collection("enforcement_operations")
      .find({ department: "17" }, { projection: { targetRucs: 1, date: 1 } })
      .toArray();
    const targetedAny = new Set<string>();
    const targetedAfter = new Set<string>();
    for (const operation of operations) {
      const day = (operation.date as Date).toISOString().slice(0, 10);
      for (const ruc of operation.targetRucs as string[]) {
        const excluded = excludedOn.get(ruc);
        if (!excluded) continue;
        targetedAny.add(ruc);
        if (day > excluded) targetedAfter.add(ruc);
      }
    }
    const madre = regions.find((r) => r.ubigeo === "17")?.exclusionEvidence;
    expect(madre?.excludedOperators).toBe(excludedOn.size);
    expect(madre?.targetedByEnforcement).toBe(targetedAny.size);
    expect(madre?.operatorsTargetedAfterExclusion).toBe(targetedAfter.size);
    expect(madre?.shareTargetedAfterExclusion).toBeCloseTo(targetedAfter.size / excludedOn.size, 12);
    expect(regions.some((r) => r.exclusionEvidence.targetedByEnforcement > 0)).toBe(true);
    for (const { exclusionEvidence: e } of regions) {
      // Each share over its own denominator.
      expect(e.operatorsTargetedAfterExclusion).toBeLessThanOrEqual(e.targetedByEnforcement);
      expect(e.recordsWithDegradationAfterExclusion).toBeLessThanOrEqual(e.excludedRecordsWithLocation);
      if (e.excludedOperators > 0) {
        expect(e.shareTargetedAfterExclusion).toBe(e.operatorsTargetedAfterExclusion / e.excludedOperators);
        expect(e.shareResponsibleForLiabilities).toBe(e.responsibleForLiabilities / e.excludedOperators);
      }
      if (e.excludedRecordsWithLocation > 0) {
        expect(e.shareWithDegradationAfterExclusion).toBe(
          e.recordsWithDegradationAfterExclusion / e.excludedRecordsWithLocation,
        );
      }
      expect(e.targetedOrResponsible).toBe(
        e.targetedByEnforcement + e.responsibleForLiabilities - e.targetedAndResponsible,
      );
      expect(e.targetedOrResponsible).toBeLessThanOrEqual(e.excludedOperators);
    }
  });

  it("keeps what the evidence is computed from out of the public schema (@inaccessible)", async () => {
    for (const field of [
      "enforcementTargets { ruc }",
      "degradedAreaSightings { latitude }",
      "liabilityResponsibleRucs",
    ]) {
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

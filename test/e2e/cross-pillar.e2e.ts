import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import type { Viewer } from "../../packages/kit/src/index.ts";
import type { OpenPillar } from "../../scripts/pillars.ts";
import { PILLAR_NAMES } from "../../subgraphs/index.ts";
import { startHub, tokenFor, type Hub } from "../support/hub.ts";
import { viewers } from "../support/viewers.ts";

/**
 * The five pillars seeded small on one embedded server, each subgraph on its own port, and the real gateway
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
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  expect(body.errors).toBeUndefined();
  expect(response.status).toBe(200);
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
      services(period: $period) {
        activeProjects
        executed
        population
        executedPerInhabitant
        byFunction {
          function
          activeProjects
          executed
        }
      }
      indicators(period: $period) {
        activeRecords
        excludedRecords
        operationsPerThousandActiveRecords
        restoredPerDegradedHectare
        degradedHectaresPerActiveRecord
        formerMinerBeneficiariesPerExcludedRecord
        investmentExecutedPerActiveRecord
        operationsPerMillionSolesInvested
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
  it("links a department's REINFO mix, enforcement, restoration, livelihoods and public investment in one query", async () => {
    const data = await query(REGION_VIEW, { ubigeo: "17", period: YEAR_2025, end: YEAR_2025.to });
    const region = data.region as {
      name: string;
      formalization: { total: number; active: number; excluded: number };
      eradication: { operations: number; value: string };
      recovery: { hectaresDegraded: number; hectaresRestored: number; restorationRatio: number | null };
      livelihoods: { activeProjects: number; beneficiaries: { formerMiners: number } };
      services: {
        activeProjects: number;
        executed: string;
        population: number;
        executedPerInhabitant: string | null;
        byFunction: { function: string; activeProjects: number; executed: string }[];
      };
      indicators: {
        activeRecords: number;
        operationsPerThousandActiveRecords: number | null;
        restoredPerDegradedHectare: number | null;
        degradedHectaresPerActiveRecord: number | null;
        formerMinerBeneficiariesPerExcludedRecord: number | null;
        investmentExecutedPerActiveRecord: string | null;
        operationsPerMillionSolesInvested: number | null;
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
    // Public investment in the same query: exact soles, by MEF function (most accrued first) adding up to the
    // department's, per inhabitant of INEI's population; and the two ratios services computes from it with
    // REINFO's active records and eradication's operations brought by @requires.
    const { services } = region;
    const cents = (soles: string) => Math.round(Number(soles) * 100);
    expect(services.executed).toMatch(/^\d+\.\d{2}$/);
    expect(cents(services.executed)).toBeGreaterThan(0);
    expect(services.population).toBeGreaterThan(100_000);
    expect(services.byFunction.reduce((n, f) => n + cents(f.executed), 0)).toBe(cents(services.executed));
    expect(services.byFunction.reduce((n, f) => n + f.activeProjects, 0)).toBe(services.activeProjects);
    const byExecuted = services.byFunction.map((f) => cents(f.executed));
    expect(byExecuted).toEqual([...byExecuted].sort((a, b) => b - a));
    expect(Number(services.executedPerInhabitant)).toBeCloseTo(
      Number(services.executed) / services.population,
      2,
    );
    expect(Number(indicators.investmentExecutedPerActiveRecord)).toBeCloseTo(
      Number(services.executed) / region.formalization.active,
      2,
    );
    expect(indicators.operationsPerMillionSolesInvested).toBeCloseTo(
      (region.eradication.operations * 1_000_000) / Number(services.executed),
      6,
    );
    // Their sources: the registry's dataset and every other pillar's, all demo data on a seeded hub.
    const datasets = indicators.sources.map((share) => share.dataset);
    expect(datasets).toContain("tinkuy-demo:services");
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
          services(period: $period) {
            activeProjects
            executed
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

describe("series and Peru as a whole through the gateway", () => {
  /** Two years of months, and one month of them. */
  const TWO_YEARS = { from: "2024-01-01", to: "2025-12-31" };
  const ONE_MONTH = { from: "2025-06-01", to: "2025-06-30" };

  const SERIES = /* GraphQL */ `
    query ($level: RegionLevel!, $period: PeriodInput!) {
      regions(level: $level) {
        ubigeo
        formalization {
          series(granularity: MONTH, period: $period) {
            from
            to
            partial
            total
            active
            excluded
          }
        }
        eradication(period: $period) {
          series(granularity: MONTH) {
            from
            to
            partial
            operations
            arrests
          }
        }
        recovery(period: $period) {
          series(granularity: MONTH) {
            from
            to
            partial
            hectaresDegraded
            hectaresRestored
          }
        }
        livelihoods(period: $period) {
          series(granularity: MONTH) {
            from
            to
            partial
            activeProjects
          }
        }
        services(period: $period) {
          series(granularity: MONTH) {
            from
            to
            partial
            activeProjects
            executed
          }
        }
        indicators(period: $period) {
          series(granularity: MONTH) {
            id
            from
            to
            partial
            activeRecords
            excludedRecords
            formalizationRate
            operationsPerThousandActiveRecords
            restoredPerDegradedHectare
            degradedHectaresPerActiveRecord
            formerMinerBeneficiariesPerExcludedRecord
            sources {
              dataset
              records
            }
          }
        }
      }
    }
  `;

  interface Point {
    from: string;
    to: string;
    partial: boolean;
    [figure: string]: unknown;
  }
  interface SeriesRegion {
    ubigeo: string;
    formalization: { series: Point[] };
    eradication: { series: Point[] };
    recovery: { series: Point[] };
    livelihoods: { series: Point[] };
    services: { series: Point[] };
    indicators: { series: Point[] };
  }

  it("answers every pillar's 24-month series for the 25 departments, no aliases, at the commands of one month", async () => {
    mongo.resetStats();
    const two = (await query(SERIES, { level: "DEPARTMENT", period: TWO_YEARS })).regions as SeriesRegion[];
    const twoYears = commandsByDatabase();
    mongo.resetStats();
    const one = (await query(SERIES, { level: "DEPARTMENT", period: ONE_MONTH })).regions as SeriesRegion[];
    expect(commandsByDatabase()).toEqual(twoYears);
    expect(Object.keys(twoYears).sort()).toEqual([...PILLAR_NAMES].sort());
    // Two per pillar when written: the series, then the indicators' points the gateway brings back for sources.
    for (const count of Object.values(twoYears)) expect(count).toBeLessThanOrEqual(4);

    expect(two).toHaveLength(25);
    for (const region of two) {
      for (const pillar of [
        "formalization",
        "eradication",
        "recovery",
        "livelihoods",
        "services",
        "indicators",
      ] as const) {
        const points = region[pillar].series;
        expect(points.map((p) => p.from)).toEqual(
          Array.from({ length: 24 }, (_, i) => new Date(Date.UTC(2024, i, 1)).toISOString().slice(0, 10)),
        );
        expect(points.every((p) => !p.partial)).toBe(true);
      }
      // Each indicators point is the RegionIndicators entity of its bucket, with REINFO's figures of its end.
      region.indicators.series.forEach((point, i) => {
        expect(point.id).toBe(`${region.ubigeo}|${point.from}|${point.to}`);
        expect(point.activeRecords).toBe(region.formalization.series[i]!.active);
      });
    }
    // June 2025 alone is the same point as June 2025 in the two years (index 17).
    for (const [i, region] of one.entries()) {
      const june = two[i]!;
      expect(region.ubigeo).toBe(june.ubigeo);
      for (const pillar of [
        "formalization",
        "eradication",
        "recovery",
        "livelihoods",
        "services",
        "indicators",
      ] as const) {
        expect(region[pillar].series).toEqual([june[pillar].series[17]]);
      }
    }
    // The ratios the other pillars compute for a point use REINFO's figure of that point's end (@requires).
    const madre = two.find((r) => r.ubigeo === "17")!;
    madre.indicators.series.forEach((point, i) => {
      const operations = madre.eradication.series[i]!.operations as number;
      const active = point.activeRecords as number;
      if (active > 0)
        expect(point.operationsPerThousandActiveRecords).toBeCloseTo((operations * 1000) / active, 9);
    });
  });

  it("gives Peru (00) the departments' sums in every pillar, its ratios recomputed from the sums", async () => {
    const PERU = /* GraphQL */ `
      query ($period: PeriodInput!) {
        peru: regions(level: COUNTRY) {
          ubigeo
          children {
            ubigeo
          }
          formalization {
            total
            active
            excluded
            formalizationRate
          }
          eradication(period: $period) {
            operations
            arrests
          }
          recovery(period: $period) {
            hectaresDegraded
            hectaresRestored
          }
          services(period: $period) {
            activeProjects
            executed
            population
          }
          indicators(period: $period) {
            activeRecords
            excludedRecords
            operationsPerThousandActiveRecords
          }
          exclusionEvidence {
            excludedRecords
            excludedOperators
            operatorsTargetedAfterExclusion
          }
        }
        departments: regions(level: DEPARTMENT) {
          formalization {
            total
            active
            excluded
            formalized
          }
          eradication(period: $period) {
            operations
            arrests
          }
          recovery(period: $period) {
            hectaresDegraded
            hectaresRestored
          }
          services(period: $period) {
            activeProjects
            executed
            population
          }
          indicators(period: $period) {
            activeRecords
            excludedRecords
          }
          exclusionEvidence {
            excludedRecords
            excludedOperators
            operatorsTargetedAfterExclusion
          }
        }
      }
    `;
    type Figures = {
      formalization: { total: number; active: number; excluded: number; formalized: number };
      eradication: { operations: number; arrests: number };
      recovery: { hectaresDegraded: number; hectaresRestored: number };
      services: { activeProjects: number; executed: string; population: number };
      indicators: {
        activeRecords: number;
        excludedRecords: number;
        operationsPerThousandActiveRecords: number;
      };
      exclusionEvidence: {
        excludedRecords: number;
        excludedOperators: number;
        operatorsTargetedAfterExclusion: number;
      };
    };
    const data = await query(PERU, { period: YEAR_2025 });
    const [peru] = data.peru as (Figures & {
      ubigeo: string;
      children: { ubigeo: string }[];
      formalization: { formalizationRate: number };
    })[];
    const departments = data.departments as Figures[];
    const sum = (pick: (d: Figures) => number) => departments.reduce((n, d) => n + pick(d), 0);
    expect(peru!.ubigeo).toBe("00");
    expect(peru!.children).toHaveLength(25);
    expect(peru!.formalization.total).toBe(sum((d) => d.formalization.total));
    expect(peru!.formalization.active).toBe(sum((d) => d.formalization.active));
    expect(peru!.formalization.excluded).toBe(sum((d) => d.formalization.excluded));
    expect(peru!.formalization.formalizationRate).toBe(
      sum((d) => d.formalization.formalized) / sum((d) => d.formalization.total),
    );
    expect(peru!.eradication.operations).toBe(sum((d) => d.eradication.operations));
    expect(peru!.eradication.arrests).toBe(sum((d) => d.eradication.arrests));
    expect(peru!.recovery.hectaresDegraded).toBeCloseTo(
      sum((d) => d.recovery.hectaresDegraded),
      6,
    );
    expect(peru!.recovery.hectaresRestored).toBeCloseTo(
      sum((d) => d.recovery.hectaresRestored),
      6,
    );
    // Public investment: a project counts once, in its first district's department, so Peru is the sum.
    expect(peru!.services.activeProjects).toBe(sum((d) => d.services.activeProjects));
    expect(Math.round(Number(peru!.services.executed) * 100)).toBe(
      sum((d) => Math.round(Number(d.services.executed) * 100)),
    );
    expect(peru!.services.population).toBe(sum((d) => d.services.population));
    expect(peru!.indicators.activeRecords).toBe(sum((d) => d.indicators.activeRecords));
    expect(peru!.indicators.excludedRecords).toBe(sum((d) => d.indicators.excludedRecords));
    expect(peru!.indicators.operationsPerThousandActiveRecords).toBeCloseTo(
      (peru!.eradication.operations * 1000) / peru!.indicators.activeRecords,
      9,
    );
    expect(peru!.exclusionEvidence.excludedRecords).toBe(sum((d) => d.exclusionEvidence.excludedRecords));
    expect(peru!.exclusionEvidence.excludedRecords).toBeGreaterThan(0);
    // Peru's evidence is the country's, not a sum: an operator excluded in two departments counts once, and one
    // targeted in any department after its earliest exclusion anywhere counts, so Peru finds at least what the
    // department that finds most does.
    const evidence = departments.map((d) => d.exclusionEvidence);
    expect(peru!.exclusionEvidence.excludedOperators).toBeLessThanOrEqual(
      sum((d) => d.exclusionEvidence.excludedOperators),
    );
    expect(peru!.exclusionEvidence.operatorsTargetedAfterExclusion).toBeGreaterThanOrEqual(
      Math.max(...evidence.map((e) => e.operatorsTargetedAfterExclusion)),
    );
    expect(peru!.exclusionEvidence.operatorsTargetedAfterExclusion).toBeGreaterThan(0);
  });
});

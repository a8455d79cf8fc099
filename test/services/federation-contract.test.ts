import { beforeAll, describe, expect, it } from "vitest";
import { ENTRIES_NOTE } from "../../packages/kit/src/index.ts";
import { SERVICES_AGENCY, editorProvenance } from "../../subgraphs/services/src/provenance.ts";
import { departments } from "../support/region-entity.ts";
import { accrual, day, OFFICIAL_FILE, project, store, SYNTHETIC_FILE } from "./fixtures.ts";
import { useServices } from "./harness.ts";

// What the gateway and the other pillars read from this one (issue 19's contract): the ratios on
// `RegionIndicators` from the figures other pillars bring (`@requires`), the datasets behind them
// (`servicesSources`, merged by formalization), this pillar's part of the catalogue (`servicesDatasets`, merged by
// recovery), and investments resolved by CUI as entities.

const h = useServices();
const ENTERED = editorProvenance(day("2025-03-04"));

const water = project({
  cui: "9100001",
  districts: ["170101"],
  executionStartedOn: day("2024-01-15"),
  execution: [accrual(2024, 1, 1_500_000), accrual(2024, 2, 500_000, ENTERED)],
});
const road = project({
  cui: "9100002",
  districts: ["170102"],
  functionCode: "15",
  provenance: SYNTHETIC_FILE,
  executionStartedOn: day("2023-06-01"),
  execution: [accrual(2023, null, 3_000_000, SYNTHETIC_FILE), accrual(2024, 3, 250_000.5, SYNTHETIC_FILE)],
});

beforeAll(async () => {
  await store(h.server.models, water, road);
});

const INDICATORS = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on RegionIndicators {
        id
        investmentExecutedPerActiveRecord
        operationsPerMillionSolesInvested
        servicesSources {
          kind
          dataset
          source
          asOf
          records
        }
      }
    }
  }
`;

type Indicators = {
  id: string;
  investmentExecutedPerActiveRecord: string | null;
  operationsPerMillionSolesInvested: number | null;
  servicesSources: { kind: string; dataset: string | null; source: string; asOf: string; records: number }[];
};

async function indicators(representations: Record<string, unknown>[]): Promise<Indicators[]> {
  const data = await h.ok<{ _entities: Indicators[] }>(INDICATORS, { r: representations });
  return data._entities;
}

describe("RegionIndicators", () => {
  it("computes the ratios from the figures the gateway brings, with the datasets of the accruals they count", async () => {
    const [md] = await indicators([
      {
        __typename: "RegionIndicators",
        id: "17|2024-01-01|2024-12-31",
        activeRecords: 300,
        enforcementOperations: 45,
      },
    ]);
    // 2,250,000.50 soles executed in 2024: the water project's two months and the road's March.
    expect(md).toEqual({
      id: "17|2024-01-01|2024-12-31",
      // 225,000,050 céntimos / 300 = 750,000.1667 céntimos.
      investmentExecutedPerActiveRecord: "7500.00",
      operationsPerMillionSolesInvested: (45 * 1_000_000) / 2_250_000.5,
      servicesSources: [
        {
          kind: "OFFICIAL",
          dataset: OFFICIAL_FILE.dataset,
          source: OFFICIAL_FILE.source,
          asOf: "2025-06-30",
          records: 1,
        },
        { kind: "ENTERED", dataset: null, source: SERVICES_AGENCY, asOf: "2025-03-04", records: 1 },
        {
          kind: "SYNTHETIC",
          dataset: SYNTHETIC_FILE.dataset,
          source: SYNTHETIC_FILE.source,
          asOf: "2025-06-30",
          records: 1,
        },
      ].sort((a, b) => b.records - a.records || a.kind.localeCompare(b.kind)),
    });
  });

  it("answers null where a ratio's denominator is zero or was not brought", async () => {
    const answers = await indicators([
      // No active records: no investment per record; nothing executed in 2022: no operations per million.
      {
        __typename: "RegionIndicators",
        id: "17|2024-01-01|2024-12-31",
        activeRecords: 0,
        enforcementOperations: 3,
      },
      {
        __typename: "RegionIndicators",
        id: "17|2022-01-01|2022-12-31",
        activeRecords: 10,
        enforcementOperations: 3,
      },
      // Only one of the two figures asked for by the gateway.
      { __typename: "RegionIndicators", id: "1701|2023-01-01|2023-12-31", enforcementOperations: 6 },
    ]);
    expect(
      answers.map((a) => [a.investmentExecutedPerActiveRecord, a.operationsPerMillionSolesInvested]),
    ).toEqual([
      [null, (3 * 1_000_000) / 2_250_000.5],
      ["0.00", null],
      [null, 2],
    ]);
    expect(answers[1]?.servicesSources).toEqual([]);
  });

  it("resolves 600 of them (25 departments × 24 months) with one database command, as one", async () => {
    const many = departments().flatMap((ubigeo) =>
      Array.from({ length: 24 }, (_, m) => {
        const from = new Date(Date.UTC(2023, m, 1)).toISOString().slice(0, 10);
        const to = new Date(Date.UTC(2023, m + 1, 0)).toISOString().slice(0, 10);
        return {
          __typename: "RegionIndicators",
          id: `${ubigeo}|${from}|${to}`,
          activeRecords: 7,
          enforcementOperations: 2,
        };
      }),
    );
    h.mongo.resetStats();
    const answers = await indicators(many);
    expect(h.allCommands()).toEqual({ investment_stats: { find: 1 } });
    expect(answers).toHaveLength(600);
    // Madre de Dios, January 2024 (the 13th month): the water project's first month.
    const january = answers.find((a) => a.id === "17|2024-01-01|2024-01-31");
    expect(january?.investmentExecutedPerActiveRecord).toBe("214285.71");
    h.mongo.resetStats();
    await indicators(many.slice(0, 1));
    expect(h.allCommands()).toEqual({ investment_stats: { find: 1 } });
  });

  it("answers null for an id that names no region and period", async () => {
    const data = await h.ok<{ _entities: unknown[] }>(INDICATORS, {
      r: [{ __typename: "RegionIndicators", id: "not-an-id", activeRecords: 1 }],
    });
    expect(data._entities).toEqual([null]);
  });
});

const CATALOGUE = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on DatasetCatalogue {
        id
        servicesDatasets {
          id
          title
          kind
          publisher
          issued
          modified
          licence
          landingPage
          note
          records {
            pillar
            entity
            records
          }
          totalRecords
        }
      }
    }
  }
`;

describe("DatasetCatalogue.servicesDatasets", () => {
  it("lists the datasets behind the investments and their accruals, one aggregation each", async () => {
    h.mongo.resetStats();
    const data = await h.ok<{
      _entities: { id: string; servicesDatasets: Record<string, unknown>[] }[];
    }>(CATALOGUE, { r: [{ __typename: "DatasetCatalogue", id: "hub" }] });
    expect(h.allCommands()).toEqual({ investment_projects: { aggregate: 2 } });
    const [catalogue] = data._entities;
    expect(catalogue?.id).toBe("hub");
    const byKind = new Map(catalogue?.servicesDatasets.map((d) => [d["kind"], d]));
    expect(byKind.get("OFFICIAL")).toMatchObject({
      title: OFFICIAL_FILE.dataset,
      publisher: OFFICIAL_FILE.source,
      issued: "2025-06-30",
      records: [
        { pillar: "services", entity: "InvestmentAccrual", records: 1 },
        { pillar: "services", entity: "InvestmentProject", records: 1 },
      ],
      totalRecords: 2,
    });
    expect(byKind.get("SYNTHETIC")).toMatchObject({
      title: SYNTHETIC_FILE.dataset,
      records: [
        { pillar: "services", entity: "InvestmentAccrual", records: 2 },
        { pillar: "services", entity: "InvestmentProject", records: 1 },
      ],
      totalRecords: 3,
    });
    expect(byKind.get("ENTERED")).toMatchObject({
      title: `Entries by ${SERVICES_AGENCY}`,
      note: ENTRIES_NOTE,
      records: [{ pillar: "services", entity: "InvestmentAccrual", records: 1 }],
      totalRecords: 1,
    });
    expect(catalogue?.servicesDatasets).toHaveLength(3);
  });
});

describe("InvestmentProject as an entity", () => {
  it("resolves references by CUI in one batch, null for an unknown one", async () => {
    h.mongo.resetStats();
    const data = await h.ok<{ _entities: ({ cui: string; name: string } | null)[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on InvestmentProject { cui function } } }`,
      {
        r: ["9100002", "9999999", "9100001"].map((cui) => ({ __typename: "InvestmentProject", cui })),
      },
    );
    expect(data._entities).toEqual([
      { cui: "9100002", function: "TRANSPORT" },
      null,
      { cui: "9100001", function: "SANITATION" },
    ]);
    expect(h.allCommands()).toEqual({ investment_projects: { find: 1 } });
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { accrual, day, OFFICIAL_FILE, project, store } from "./fixtures.ts";
import { useServices } from "./harness.ts";

const h = useServices();

// Ten investments: four in Madre de Dios (one also in Puno), the rest in Puno and Cusco; functions, statuses and
// levels of government mixed.
const investments = [
  project({ cui: "9000001", districts: ["170101"], functionCode: "18", governmentLevel: "LOCAL" }),
  project({
    cui: "9000002",
    districts: ["170102", "210101"],
    functionCode: "15",
    governmentLevel: "REGIONAL",
  }),
  project({ cui: "9000003", districts: ["170201"], functionCode: "20", status: "VIABLE" }),
  project({ cui: "9000004", districts: ["170101"], functionCode: "22", status: "FORMULATION" }),
  project({ cui: "9000005", districts: ["210101"], functionCode: "18", governmentLevel: "NATIONAL" }),
  project({ cui: "9000006", districts: ["210102"], functionCode: "18" }),
  project({ cui: "9000007", districts: ["080101"], functionCode: "12", status: "CLOSED" }),
  project({ cui: "9000008", districts: ["080101"], functionCode: "18", status: "DEACTIVATED" }),
  project({ cui: "9000009", districts: ["210101"], functionCode: "10" }),
  project({
    cui: "9000010",
    districts: ["210201"],
    functionCode: "15",
    updatedCostCents: 1_250_000_00,
    executionStartedOn: day("2023-05-02"),
    execution: [accrual(2024, 2, 20.5), accrual(2023, null, 1_000), accrual(2024, 1, 10)],
  }),
];

beforeAll(async () => {
  await store(h.server.models, ...investments);
});

const PROJECT = /* GraphQL */ `
  query ($cui: ID!) {
    investmentProject(cui: $cui) {
      cui
      name
      function
      functionCode
      programme
      subprogramme
      executingUnit
      governmentLevel
      districts {
        ubigeo
        name
      }
      status
      viableCost
      updatedCost
      accruedTotal
      registeredOn
      viableOn
      executionStartedOn
      closedOn
      execution {
        year
        month
        accrued
        provenance {
          kind
          dataset
        }
      }
      provenance {
        kind
        dataset
        source
        asOf
      }
    }
  }
`;

const LIST = /* GraphQL */ `
  query ($filter: InvestmentProjectFilter, $first: Int, $after: String) {
    investmentProjects(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          cui
        }
      }
    }
  }
`;

type Page = {
  investmentProjects: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { cui: string } }[];
  };
};

async function cuis(filter: Record<string, unknown>): Promise<string[]> {
  const data = await h.ok<Page>(LIST, { filter, first: 100 });
  expect(data.investmentProjects.totalCount).toBe(data.investmentProjects.edges.length);
  return data.investmentProjects.edges.map((e) => e.node.cui);
}

describe("investmentProject", () => {
  it("answers an investment by its CUI, money as exact soles, accruals in order", async () => {
    const { investmentProject } = await h.ok<{ investmentProject: Record<string, unknown> }>(PROJECT, {
      cui: "9000010",
    });
    expect(investmentProject).toEqual({
      cui: "9000010",
      name: "SYNTHETIC: mejoramiento del servicio de agua potable",
      function: "TRANSPORT",
      functionCode: "15",
      programme: "SANEAMIENTO",
      subprogramme: "SANEAMIENTO RURAL",
      executingUnit: "MUNICIPALIDAD DISTRITAL DE PRUEBA",
      governmentLevel: "LOCAL",
      districts: [{ ubigeo: "210201", name: "Azángaro" }],
      status: "EXECUTION",
      viableCost: "1000000.00",
      updatedCost: "1250000.00",
      accruedTotal: "1030.50",
      registeredOn: "2020-01-10",
      viableOn: "2020-03-01",
      executionStartedOn: "2023-05-02",
      closedOn: null,
      execution: [
        {
          year: 2023,
          month: null,
          accrued: "1000.00",
          provenance: { kind: "OFFICIAL", dataset: OFFICIAL_FILE.dataset },
        },
        {
          year: 2024,
          month: 1,
          accrued: "10.00",
          provenance: { kind: "OFFICIAL", dataset: OFFICIAL_FILE.dataset },
        },
        {
          year: 2024,
          month: 2,
          accrued: "20.50",
          provenance: { kind: "OFFICIAL", dataset: OFFICIAL_FILE.dataset },
        },
      ],
      provenance: {
        kind: "OFFICIAL",
        dataset: OFFICIAL_FILE.dataset,
        source: OFFICIAL_FILE.source,
        asOf: "2025-06-30",
      },
    });
  });

  it("answers null for an unknown CUI, and refuses one that is not seven digits", async () => {
    expect(await h.ok(PROJECT, { cui: "1234567" })).toEqual({ investmentProject: null });
    for (const cui of ["123456", "12345678", "90000a1", " 9000001"]) {
      const result = await h.run(PROJECT, { cui });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "cui" });
    }
  });

  it("reads many investments of one request with one command (the per-request loader)", async () => {
    h.mongo.resetStats();
    const aliases = investments.map((p, i) => `p${i}: investmentProject(cui: "${p.cui}") { cui }`).join(" ");
    const data = await h.ok<Record<string, { cui: string }>>(`{ ${aliases} }`);
    expect(Object.values(data).map((p) => p.cui)).toEqual(investments.map((p) => p.cui));
    expect(h.allCommands()).toEqual({ investment_projects: { find: 1 } });
  });
});

describe("investmentProjects", () => {
  it("filters by a region at any level (a district listed anywhere counts), Peru being every investment", async () => {
    expect(await cuis({ ubigeo: "17" })).toEqual(["9000001", "9000002", "9000003", "9000004"]);
    expect(await cuis({ ubigeo: "1701" })).toEqual(["9000001", "9000002", "9000004"]);
    expect(await cuis({ ubigeo: "210101" })).toEqual(["9000002", "9000005", "9000009"]);
    expect(await cuis({ ubigeo: "21" })).toEqual(["9000002", "9000005", "9000006", "9000009", "9000010"]);
    expect(await cuis({ ubigeo: "00" })).toHaveLength(10);
    expect(await cuis({})).toHaveLength(10);
  });

  it("filters by function, status and level of government, all together", async () => {
    expect(await cuis({ function: "SANITATION" })).toEqual(["9000001", "9000005", "9000006", "9000008"]);
    expect(await cuis({ status: "VIABLE" })).toEqual(["9000003"]);
    expect(await cuis({ governmentLevel: "REGIONAL" })).toEqual(["9000002"]);
    expect(await cuis({ ubigeo: "21", function: "SANITATION", governmentLevel: "LOCAL" })).toEqual([
      "9000006",
    ]);
    expect(await cuis({ ubigeo: "17", status: "CLOSED" })).toEqual([]);
  });

  it("pages in CUI order with cursors, counting all matches", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: Page = await h.ok<Page>(LIST, { filter: { ubigeo: "21" }, first: 2, after });
      const page = data.investmentProjects;
      expect(page.totalCount).toBe(5);
      seen.push(...page.edges.map((e) => e.node.cui));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(["9000002", "9000005", "9000006", "9000009", "9000010"]);
  });

  it("refuses an unknown region, a page size out of range and a forged cursor, naming the argument", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ filter: { ubigeo: "999999" } }, "filter.ubigeo"],
      [{ first: 0 }, "first"],
      [{ first: 101 }, "first"],
      [{ after: Buffer.from("cui:abc").toString("base64url") }, "after"],
      [{ after: Buffer.from("pam:12").toString("base64url") }, "after"],
    ];
    for (const [variables, field] of cases) {
      const result = await h.run(LIST, variables);
      expect(result.errors?.[0]?.extensions, field).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
  });
});

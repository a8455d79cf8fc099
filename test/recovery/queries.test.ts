import { beforeAll, describe, expect, it } from "vitest";
import { fromUtm } from "../../subgraphs/recovery/src/utm.ts";
import {
  RECORD_MEASUREMENT,
  RECORD_PROGRESS,
  REGISTER_AREA,
  REGISTER_PROJECT,
  area,
  liability,
  loadLiabilities,
  project,
  validRuc,
} from "./fixtures.ts";
import { useRecovery } from "./harness.ts";

const h = useRecovery();

/**
 * 45 areas: 30 in Inambari (Madre de Dios), every third INFORMAL_MINING, detected one a week from 2024-12-02;
 * 15 in Ananea (Puno), ILLEGAL_MINING, detected 2025. 30 liabilities: 20 in Recuay (Áncash, basin SANTA), 10 in
 * Ananea (basin RAMIS); 3 VERY_HIGH and 5 LOW; the first 6 under one operator's responsibility.
 */
const OPERATOR = validRuc("2045678901");

function weekly(i: number): string {
  return new Date(Date.UTC(2024, 11, 2) + i * 7 * 86_400_000).toISOString().slice(0, 10);
}

beforeAll(async () => {
  for (let i = 0; i < 45; i++) {
    const inambari = i < 30;
    const result = await h.run(REGISTER_AREA, {
      input: area({
        ubigeo: inambari ? "170102" : "211002",
        hectares: 10 + i,
        cause: inambari && i % 3 === 0 ? "INFORMAL_MINING" : "ILLEGAL_MINING",
        source: i % 2 === 0 ? "MAAP" : "GEOBOSQUES",
        detectedOn: inambari ? weekly(i) : `2025-0${1 + (i % 9)}-1${i % 10}`,
        miningCorridor: inambari ? i % 3 === 0 : null,
        geometry: null,
      }),
      key: `key-query-area-${i}`,
    });
    expect(result.errors).toBeUndefined();
  }
  await loadLiabilities(
    h.server.models,
    Array.from({ length: 30 }, (_, i) =>
      liability(i + 1, {
        ID_DIST: i < 20 ? "021701" : "211002",
        CUENCA: i < 20 ? "SANTA" : "RAMIS",
        riskLevel: i < 3 ? "VERY_HIGH" : i >= 25 ? "LOW" : null,
        responsibleRuc: i < 6 ? OPERATOR : null,
        RESPONSABLE: i < 6 ? "COMPAÑIA MINERA SANTA ROSA S.A." : null,
      }),
    ),
  );
  const projects = [
    project({ ubigeo: "1701", degradedAreaIds: ["DA-0000001", "DA-0000002"], hectaresPlanned: 20 }),
    project({ name: "Ananea", ubigeo: "211002", degradedAreaIds: ["DA-0000031"], hectaresPlanned: 40 }),
    project({ name: "Madre de Dios", ubigeo: "17", degradedAreaIds: ["DA-0000003"], hectaresPlanned: 12 }),
  ];
  for (const [i, input] of projects.entries()) {
    expect((await h.run(REGISTER_PROJECT, { input, key: `key-query-project-${i}` })).errors).toBeUndefined();
  }
  const started = await h.run(RECORD_PROGRESS, {
    input: {
      projectId: "RP-0001",
      date: "2025-05-15",
      status: "IN_PROGRESS",
      areas: [{ degradedAreaId: "DA-0000001", hectares: 4.25 }],
    },
    key: "key-query-progress-1",
  });
  expect(started.errors).toBeUndefined();
  for (const [i, value] of [0.004, 0.003, 0.002].entries()) {
    const measured = await h.run(RECORD_MEASUREMENT, {
      input: {
        projectId: "RP-0001",
        parameter: "MERCURY_IN_WATER",
        value,
        measuredOn: `2025-0${5 + i}-10`,
        station: "EM-01",
        ubigeo: "170102",
      },
      key: `key-query-measure-${i}`,
    });
    expect(measured.errors).toBeUndefined();
  }
  const cover = await h.run(RECORD_MEASUREMENT, {
    input: {
      projectId: "RP-0001",
      parameter: "FOREST_COVER",
      value: 12.5,
      measuredOn: "2025-06-10",
      station: "EM-02",
      ubigeo: "170102",
    },
    key: "key-query-measure-cover",
  });
  expect(cover.errors).toBeUndefined();
});

const AREAS = /* GraphQL */ `
  query Areas($filter: DegradedAreaFilter, $first: Int, $after: String) {
    degradedAreas(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        cursor
        node {
          id
          detectedOn
          cause
          district {
            ubigeo
          }
        }
      }
    }
  }
`;

interface AreaPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string; detectedOn: string; cause: string } }[];
}

async function areas(variables: Record<string, unknown>): Promise<AreaPage> {
  const result = await h.run(AREAS, variables);
  expect(result.errors).toBeUndefined();
  return result.data?.degradedAreas as AreaPage;
}

describe("degradedAreas", () => {
  it("pages through every area, most recent detection first, with Relay cursors and a total", async () => {
    const seen: { id: string; detectedOn: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: AreaPage = await areas({ first: 20, after });
      pages++;
      expect(page.totalCount).toBe(45);
      seen.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(new Set(seen.map((a) => a.id)).size).toBe(45);
    const order = seen.map((a) => `${a.detectedOn}|${a.id}`);
    expect(order).toEqual([...order].sort().reverse());
  });

  it("filters by region at any level, by cause, by source and by detection period", async () => {
    expect((await areas({ filter: { ubigeo: "17" } })).totalCount).toBe(30);
    expect((await areas({ filter: { ubigeo: "1701" } })).totalCount).toBe(30);
    expect((await areas({ filter: { ubigeo: "211002" } })).totalCount).toBe(15);
    expect((await areas({ filter: { cause: "INFORMAL_MINING" } })).totalCount).toBe(10);
    expect((await areas({ filter: { ubigeo: "21", cause: "INFORMAL_MINING" } })).totalCount).toBe(0);
    expect((await areas({ filter: { source: "MAAP" } })).totalCount).toBe(23);
    // Inambari's weekly detections from 2024-12-02: five fall in December 2024.
    const december = await areas({
      filter: { ubigeo: "17", period: { from: "2024-12-01", to: "2024-12-31" } },
    });
    expect(december.totalCount).toBe(5);
    expect(december.edges.every((e) => e.node.detectedOn.startsWith("2024-12"))).toBe(true);
  });

  it.each([
    ["first: 0", { first: 0 }, "first"],
    ["first over 100", { first: 101 }, "first"],
    ["a cursor it did not issue", { after: "bm9wZQ" }, "after"],
    ["an unknown region", { filter: { ubigeo: "99" } }, "filter.ubigeo"],
    [
      "a period that ends before it starts",
      { filter: { period: { from: "2025-02-01", to: "2025-01-01" } } },
      "filter.period.to",
    ],
  ])("refuses %s with BAD_USER_INPUT", async (_name, variables, field) => {
    const result = await h.run(AREAS, variables);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });
});

const LIABILITIES = /* GraphQL */ `
  query Liabilities($filter: MiningLiabilityFilter, $first: Int, $after: String) {
    miningLiabilities(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          inventoryRow
          riskLevel
          basin
        }
      }
    }
  }
`;

interface LiabilityPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { id: string; inventoryRow: number; riskLevel: string | null; basin: string } }[];
}

async function liabilities(variables: Record<string, unknown>): Promise<LiabilityPage> {
  const result = await h.run(LIABILITIES, variables);
  expect(result.errors).toBeUndefined();
  return result.data?.miningLiabilities as LiabilityPage;
}

describe("miningLiabilities", () => {
  it("pages through the inventory in row order", async () => {
    const rows: number[] = [];
    let after: string | null = null;
    for (;;) {
      const page: LiabilityPage = await liabilities({ first: 7, after });
      expect(page.totalCount).toBe(30);
      rows.push(...page.edges.map((e) => e.node.inventoryRow));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(rows).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("filters by region, risk level and basin (case and accents ignored)", async () => {
    expect((await liabilities({ filter: { ubigeo: "02" } })).totalCount).toBe(20);
    expect((await liabilities({ filter: { ubigeo: "2110" } })).totalCount).toBe(10);
    expect((await liabilities({ filter: { riskLevel: "VERY_HIGH" } })).totalCount).toBe(3);
    expect((await liabilities({ filter: { ubigeo: "21", riskLevel: "LOW" } })).totalCount).toBe(5);
    const ramis = await liabilities({ filter: { basin: "Rámis" } });
    expect(ramis.totalCount).toBe(10);
    expect(ramis.edges.every((e) => e.node.basin === "RAMIS")).toBe(true);
  });

  it("counts a region's liabilities by risk from the counters, without reading the inventory twice", async () => {
    h.mongo.resetStats();
    expect(
      (await liabilities({ filter: { ubigeo: "0217", riskLevel: "VERY_HIGH" }, first: 1 })).totalCount,
    ).toBe(3);
    expect(h.commands("mining_liabilities")).toEqual({ find: 1 });
    expect(h.commands("region_stats")).toEqual({ find: 1 });
  });

  it.each([
    [
      "a cursor of another list",
      { after: Buffer.from("area:2025-01-01|DA-0000001").toString("base64url") },
      "after",
    ],
    ["a one-letter basin", { filter: { basin: "x" } }, "filter.basin"],
  ])("refuses %s with BAD_USER_INPUT", async (_name, variables, field) => {
    const result = await h.run(LIABILITIES, variables);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });
});

describe("lookups by identifier and restoration projects", () => {
  it("answers a liability with its inventory columns, the operator responsible and a WGS84 point from its UTM", async () => {
    const result = await h.run(`{
      miningLiability(id: "1001") {
        id inventoryRow formerMiningUnit type subtype basin district { ubigeo name }
        utm { east north zone } location { latitude longitude }
        miningRightCode miningRightName holder responsible { ruc } responsibleName riskLevel inventoryResolution
      }
    }`);
    expect(result.errors).toBeUndefined();
    const found = result.data?.miningLiability as {
      utm: { east: number; north: number; zone: number };
      location: { latitude: number; longitude: number };
    };
    expect(found).toMatchObject({
      id: "1001",
      inventoryRow: 1,
      formerMiningUnit: "SANTA ROSA",
      type: "RESIDUO MINERO",
      subtype: "RELAVE",
      basin: "SANTA",
      district: { ubigeo: "021701", name: "Recuay" },
      miningRightCode: "010149108",
      responsible: { ruc: OPERATOR },
      responsibleName: "COMPAÑIA MINERA SANTA ROSA S.A.",
      riskLevel: "VERY_HIGH",
      inventoryResolution: "RM 338-2025-MINEM/DM",
    });
    expect(found.utm.zone).toBe(18);
    const expected = fromUtm(found.utm);
    expect(found.location.latitude).toBeCloseTo(expected.latitude, 5);
    expect(found.location.latitude).toBeCloseTo(-9.7201, 3);
    expect(found.location.longitude).toBeCloseTo(-77.45, 3);
  });

  it("answers a project with its areas, progress and measurements filtered by parameter", async () => {
    const result = await h.run(`{
      restorationProject(id: "RP-0001") {
        id status hectaresPlanned hectaresRestored region { ubigeo }
        degradedAreas { id hectaresRestored }
        progress { date hectaresRestored areas { degradedArea { id } hectares } }
        mercury: measurements(parameter: MERCURY_IN_WATER) { value unit measuredOn station }
        all: measurements { parameter }
      }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.restorationProject).toMatchObject({
      id: "RP-0001",
      status: "IN_PROGRESS",
      hectaresPlanned: 20,
      hectaresRestored: 4.25,
      region: { ubigeo: "1701" },
      degradedAreas: [
        { id: "DA-0000001", hectaresRestored: 4.25 },
        { id: "DA-0000002", hectaresRestored: 0 },
      ],
      progress: [
        {
          date: "2025-05-15",
          hectaresRestored: 4.25,
          areas: [{ degradedArea: { id: "DA-0000001" }, hectares: 4.25 }],
        },
      ],
      mercury: [
        { value: 0.004, unit: "mg/L", measuredOn: "2025-05-10", station: "EM-01" },
        { value: 0.003, unit: "mg/L", measuredOn: "2025-06-10", station: "EM-01" },
        { value: 0.002, unit: "mg/L", measuredOn: "2025-07-10", station: "EM-01" },
      ],
    });
    expect((result.data?.restorationProject as { all: unknown[] }).all).toHaveLength(4);
  });

  it("lists the projects in a region and below it, optionally by status", async () => {
    const ids = async (query: string) =>
      ((await h.run(query)).data?.restorationProjects as { id: string }[]).map((p) => p.id);
    expect(await ids(`{ restorationProjects { id } }`)).toEqual(["RP-0001", "RP-0002", "RP-0003"]);
    expect(await ids(`{ restorationProjects(ubigeo: "17") { id } }`)).toEqual(["RP-0001", "RP-0003"]);
    expect(await ids(`{ restorationProjects(ubigeo: "170102") { id } }`)).toEqual([]);
    expect(await ids(`{ restorationProjects(ubigeo: "21", status: PLANNED) { id } }`)).toEqual(["RP-0002"]);
    expect(await ids(`{ restorationProjects(status: IN_PROGRESS) { id } }`)).toEqual(["RP-0001"]);
  });

  it("answers null for unknown identifiers and BAD_USER_INPUT for malformed ones", async () => {
    const unknown = await h.run(
      `{ degradedArea(id: "DA-0009999") { id } miningLiability(id: "424242") { id } restorationProject(id: "RP-9999") { id } }`,
    );
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data).toEqual({ degradedArea: null, miningLiability: null, restorationProject: null });
    for (const query of [
      `{ degradedArea(id: "-17") { id } }`,
      `{ degradedArea(id: "DA 0000001") { id } }`,
      `{ restorationProject(id: "X") { id } }`,
    ]) {
      expect((await h.run(query)).errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "id",
      });
    }
    const region = await h.run(`{ restorationProjects(ubigeo: "9") { id } }`);
    expect(region.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "ubigeo" });
  });
});

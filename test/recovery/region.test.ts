import { beforeAll, describe, expect, it } from "vitest";
import { yearOf } from "../../packages/kit/src/index.ts";
import { departments, queryRegions } from "../support/region-entity.ts";
import {
  RECORD_PROGRESS,
  REGISTER_AREA,
  REGISTER_PROJECT,
  area,
  liability,
  loadLiabilities,
  project,
} from "./fixtures.ts";
import { useRecovery } from "./harness.ts";

const h = useRecovery();
const THIS_YEAR = new Date().getUTCFullYear();

/**
 * Areas in Madre de Dios (Inambari 1701, Huepetuhe 1702) and Puno; restoration reported in 2025 by a project
 * in Tambopata (IN_PROGRESS) and one in Huepetuhe (then SUSPENDED); liabilities in Recuay and Ananea.
 */
const AREAS: [string, number, string][] = [
  ["170102", 10, "2025-01-15"], // DA-0000001
  ["170102", 20, "2025-03-05"], // DA-0000002
  ["170102", 5.5, "2025-03-20"], // DA-0000003
  ["170102", 7.25, "2025-08-25"], // DA-0000004
  ["170204", 30, "2025-03-12"], // DA-0000005
  ["211002", 15, "2025-06-01"], // DA-0000006
  ["170102", 100, "2024-12-31"], // DA-0000007
  ["170101", 3, `${THIS_YEAR}-01-02`], // DA-0000008
];

beforeAll(async () => {
  for (const [i, [ubigeo, hectares, detectedOn]] of AREAS.entries()) {
    const result = await h.run(REGISTER_AREA, {
      input: area({ ubigeo, hectares, detectedOn, geometry: null, miningCorridor: null }),
      key: `key-region-area-${i}`,
    });
    expect(result.errors).toBeUndefined();
  }
  const projects = [
    project({
      ubigeo: "1701",
      degradedAreaIds: ["DA-0000001", "DA-0000002"],
      hectaresPlanned: 30,
      startDate: "2025-02-01",
    }),
    project({
      ubigeo: "170204",
      degradedAreaIds: ["DA-0000005"],
      hectaresPlanned: 25,
      startDate: "2025-02-01",
    }),
    project({ ubigeo: "21", degradedAreaIds: ["DA-0000006"], hectaresPlanned: 15 }),
  ];
  for (const [i, input] of projects.entries()) {
    expect((await h.run(REGISTER_PROJECT, { input, key: `key-region-project-${i}` })).errors).toBeUndefined();
  }
  const reports: [string, string, Record<string, unknown>][] = [
    [
      "RP-0001",
      "2025-03-15",
      { status: "IN_PROGRESS", areas: [{ degradedAreaId: "DA-0000001", hectares: 4 }] },
    ],
    ["RP-0001", "2025-04-10", { areas: [{ degradedAreaId: "DA-0000002", hectares: 6 }] }],
    ["RP-0001", "2025-08-28", { areas: [{ degradedAreaId: "DA-0000001", hectares: 2 }] }],
    [
      "RP-0002",
      "2025-05-01",
      { status: "IN_PROGRESS", areas: [{ degradedAreaId: "DA-0000005", hectares: 10 }] },
    ],
    ["RP-0002", "2025-07-01", { status: "SUSPENDED" }],
  ];
  for (const [i, [projectId, date, input]] of reports.entries()) {
    const result = await h.run(RECORD_PROGRESS, {
      input: { projectId, date, ...input },
      key: `key-region-progress-${i}`,
    });
    expect(result.errors).toBeUndefined();
  }
  const risks = ["VERY_HIGH", "VERY_HIGH", "HIGH", "MEDIUM", "MEDIUM", "MEDIUM"] as const;
  await loadLiabilities(h.server.models, [
    ...Array.from({ length: 10 }, (_, i) =>
      liability(i + 1, { ID_DIST: "021701", riskLevel: risks[i] ?? null }),
    ),
    ...Array.from({ length: 4 }, (_, i) =>
      liability(i + 11, { ID_DIST: "211002", riskLevel: i === 0 ? "LOW" : null }),
    ),
  ]);
});

const FIGURES = /* GraphQL */ `
  hectaresDegraded
  degradedAreasDetected
  hectaresRestored
  restorationRatio
  activeRestorationProjects
  liabilities {
    total
    veryHigh
    high
    medium
    low
    unknown
  }
`;

interface Figures {
  hectaresDegraded: number;
  degradedAreasDetected: number;
  hectaresRestored: number;
  restorationRatio: number | null;
  activeRestorationProjects: number;
  liabilities: { total: number };
}

describe("Region.recovery", () => {
  it("gives a region's figures for a period, and its children's, from the counters", async () => {
    const result = await queryRegions(
      h.run,
      "17",
      `recovery(period: { from: "2025-01-01", to: "2025-12-31" }) {
        from to region { ubigeo } ${FIGURES}
        children { region { ubigeo } hectaresDegraded hectaresRestored restorationRatio activeRestorationProjects }
      }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.region).toEqual({
      recovery: {
        from: "2025-01-01",
        to: "2025-12-31",
        region: { ubigeo: "17" },
        hectaresDegraded: 72.75,
        degradedAreasDetected: 5,
        hectaresRestored: 22,
        restorationRatio: 2200 / 7275,
        activeRestorationProjects: 1,
        liabilities: { total: 0, veryHigh: 0, high: 0, medium: 0, low: 0, unknown: 0 },
        children: [
          {
            region: { ubigeo: "1701" },
            hectaresDegraded: 42.75,
            hectaresRestored: 12,
            restorationRatio: 1200 / 4275,
            activeRestorationProjects: 1,
          },
          {
            region: { ubigeo: "1702" },
            hectaresDegraded: 30,
            hectaresRestored: 10,
            restorationRatio: 1 / 3,
            activeRestorationProjects: 0,
          },
          {
            region: { ubigeo: "1703" },
            hectaresDegraded: 0,
            hectaresRestored: 0,
            restorationRatio: null,
            activeRestorationProjects: 0,
          },
        ],
      },
    });
  });

  it("counts liabilities by risk level, the unassessed included, whatever the period", async () => {
    // One request per region: each asks for its own selection, and `_entities` applies one to all.
    const ancash = await queryRegions(
      h.run,
      { ancash: "02" },
      `recovery(period: { from: "2001-01-01", to: "2001-01-31" }) { ${FIGURES} }`,
    );
    const ananea = await queryRegions(
      h.run,
      { ananea: "211002" },
      "recovery { liabilities { total low unknown } }",
    );
    expect(ancash.errors).toBeUndefined();
    expect(ananea.errors).toBeUndefined();
    expect({ ...ancash.data, ...ananea.data }).toEqual({
      ancash: {
        recovery: {
          hectaresDegraded: 0,
          degradedAreasDetected: 0,
          hectaresRestored: 0,
          restorationRatio: null,
          activeRestorationProjects: 0,
          liabilities: { total: 10, veryHigh: 2, high: 1, medium: 3, low: 0, unknown: 4 },
        },
      },
      ananea: { recovery: { liabilities: { total: 4, low: 1, unknown: 3 } } },
    });
  });

  it("covers the current calendar year when no period is given", async () => {
    const result = await queryRegions(
      h.run,
      "1701",
      "recovery { from to hectaresDegraded degradedAreasDetected }",
    );
    const year = yearOf(new Date());
    expect(result.data?.region).toEqual({
      recovery: {
        from: year.from.toISOString().slice(0, 10),
        to: year.to.toISOString().slice(0, 10),
        hectaresDegraded: 3,
        degradedAreasDetected: 1,
      },
    });
  });

  it("is exact for a period that cuts months: the edges come from the records, the whole months from the counters", async () => {
    const result = await queryRegions(
      h.run,
      "17",
      `recovery(period: { from: "2025-03-10", to: "2025-08-20" }) {
        hectaresDegraded degradedAreasDetected hectaresRestored
        children { hectaresDegraded hectaresRestored }
      }`,
    );
    expect(result.errors).toBeUndefined();
    // Detected 2025-03-12 (30 ha) and 2025-03-20 (5.5 ha); restored 2025-03-15, 04-10 and 05-01 (4 + 6 + 10 ha).
    expect(result.data?.region).toEqual({
      recovery: {
        hectaresDegraded: 35.5,
        degradedAreasDetected: 2,
        hectaresRestored: 20,
        children: [
          { hectaresDegraded: 5.5, hectaresRestored: 10 },
          { hectaresDegraded: 30, hectaresRestored: 10 },
          { hectaresDegraded: 0, hectaresRestored: 0 },
        ],
      },
    });
  });

  it("refuses a period that ends before it starts, naming period.to", async () => {
    const result = await queryRegions(
      h.run,
      "17",
      `recovery(period: { from: "2025-02-01", to: "2025-01-01" }) { hectaresDegraded }`,
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "period.to" });
  });
});

describe("Region.recovery for all 25 departments", () => {
  const ALL = (period: string, children: string) => `
    ubigeo
    recovery${period} { ${FIGURES} ${children} }
  `;

  async function run(selection: string): Promise<{ ubigeo: string; recovery: Figures }[]> {
    h.mongo.resetStats();
    const result = await queryRegions(h.run, departments(), selection);
    expect(result.errors).toBeUndefined();
    const regions = result.data?.regions as { ubigeo: string; recovery: Figures }[];
    expect(regions).toHaveLength(25);
    return regions;
  }

  it("costs one find on the counters, whatever the number of regions or records", async () => {
    const regions = await run(ALL(`(period: { from: "2025-01-01", to: "2025-12-31" })`, ""));
    expect(regions.find((r) => r.ubigeo === "17")?.recovery.hectaresDegraded).toBe(72.75);
    expect(regions.find((r) => r.ubigeo === "21")?.recovery.hectaresDegraded).toBe(15);
    expect(h.allCommands()).toEqual({ region_stats: { find: 1 } });
  });

  it("answers their provinces in the same find (the children's keys join the parents' batch)", async () => {
    await run(ALL("", "children { hectaresDegraded liabilities { total } }"));
    expect(h.allCommands()).toEqual({ region_stats: { find: 1 } });
  });

  it("adds one aggregation per source collection when the period cuts months, shared with the children", async () => {
    const regions = await run(
      ALL(
        `(period: { from: "2025-03-10", to: "2025-08-20" })`,
        "children { hectaresDegraded hectaresRestored }",
      ),
    );
    expect(regions.find((r) => r.ubigeo === "17")?.recovery.hectaresRestored).toBe(20);
    expect(h.allCommands()).toEqual({
      region_stats: { find: 1 },
      degraded_areas: { aggregate: 1 },
      restoration_projects: { aggregate: 1 },
    });
  });

  it("costs the same through entity resolution, as the gateway asks", async () => {
    h.mongo.resetStats();
    const result = await h.run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { recovery(period: { from: "2025-01-01", to: "2025-06-30" }) { ${FIGURES} } } } }`,
      {
        r: Array.from({ length: 25 }, (_, i) => ({
          __typename: "Region",
          ubigeo: String(i + 1).padStart(2, "0"),
        })),
      },
    );
    expect(result.errors).toBeUndefined();
    expect(h.allCommands()).toEqual({ region_stats: { find: 1 } });
  });
});

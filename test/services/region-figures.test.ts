import { beforeAll, describe, expect, it } from "vitest";
import { services } from "../../subgraphs/services/pillar.ts";
import { applyProjectChange, rebuildServicesStats } from "../../subgraphs/services/src/counters.ts";
import type { ProjectDoc } from "../../subgraphs/services/src/models.ts";
import { queryRegions } from "../support/region-entity.ts";
import { accrual, day, OFFICIAL_FILE, project, store, SYNTHETIC_FILE } from "./fixtures.ts";
import { useServices } from "./harness.ts";

const h = useServices();

const FIGURES = /* GraphQL */ `
  from
  to
  activeProjects
  executed
  yearlyAccrualsOutsidePeriodMonths
  population
  executedPerInhabitant
  byFunction { function activeProjects executed }
  sources { kind dataset records }
  partial
`;

interface Figures {
  from: string;
  to: string;
  activeProjects: number;
  executed: string;
  yearlyAccrualsOutsidePeriodMonths: string;
  population: number;
  executedPerInhabitant: string | null;
  byFunction: { function: string; activeProjects: number; executed: string }[];
  sources: { kind: string; dataset: string | null; records: number }[];
  partial: boolean;
  children?: (Figures & { region: { ubigeo: string } })[];
}

/** The services figures of one region for a period. */
async function figures(ubigeo: string, from: string, to: string, extra = ""): Promise<Figures> {
  const result = await queryRegions(
    h.run,
    ubigeo,
    `services(period: { from: "${from}", to: "${to}" }) { ${FIGURES} ${extra} }`,
  );
  expect(result.errors).toBeUndefined();
  return (result.data?.region as { services: Figures }).services;
}

// A multi-district water project in Madre de Dios (Tambopata first, then Inambari), in execution since
// 15 March 2023: a whole-year accrual for 2023, then monthly ones.
const water = project({
  districts: ["170101", "170102"],
  functionCode: "18",
  executionStartedOn: day("2023-03-15"),
  execution: [
    accrual(2023, null, 100_000),
    accrual(2024, 1, 10_000),
    accrual(2024, 2, 20_000),
    accrual(2024, 3, 5_000),
  ],
});
// A road in Inambari, demo data, in execution from 10 February to 30 June 2024.
const road = project({
  districts: ["170102"],
  functionCode: "15",
  status: "CLOSED",
  executionStartedOn: day("2024-02-10"),
  closedOn: day("2024-06-30"),
  provenance: SYNTHETIC_FILE,
  execution: [accrual(2024, 2, 50_000, SYNTHETIC_FILE), accrual(2024, 5, 30_000, SYNTHETIC_FILE)],
});
// A health post in Puno, closed at the end of 2023.
const health = project({
  districts: ["210101"],
  functionCode: "20",
  status: "CLOSED",
  executionStartedOn: day("2022-01-01"),
  closedOn: day("2023-12-31"),
  execution: [accrual(2022, null, 40_000), accrual(2023, 6, 7_000)],
});
// A school in Manu, deactivated before it ever started: never active.
const school = project({
  districts: ["170201"],
  functionCode: "22",
  status: "DEACTIVATED",
  closedOn: day("2024-03-01"),
});

beforeAll(async () => {
  await store(h.server.models, water, road, health, school);
});

describe("Region.services", () => {
  it("counts a year's active investments and executed amounts, by function, with their datasets", async () => {
    const md = await figures("17", "2024-01-01", "2024-12-31");
    expect(md).toMatchObject({
      from: "2024-01-01",
      to: "2024-12-31",
      activeProjects: 2,
      executed: "115000.00",
      yearlyAccrualsOutsidePeriodMonths: "0.00",
      population: 203_069,
      // 115,000 soles / 203,069 inhabitants.
      executedPerInhabitant: "0.57",
      partial: false,
    });
    expect(md.byFunction).toEqual([
      { function: "TRANSPORT", activeProjects: 1, executed: "80000.00" },
      { function: "SANITATION", activeProjects: 1, executed: "35000.00" },
    ]);
    // The water project and its 3 accruals of 2024 (OFFICIAL); the road and its 2 (SYNTHETIC).
    expect(md.sources).toEqual([
      { kind: "OFFICIAL", dataset: OFFICIAL_FILE.dataset, records: 4 },
      { kind: "SYNTHETIC", dataset: SYNTHETIC_FILE.dataset, records: 3 },
    ]);
  });

  it("counts a multi-district investment in its first district only, and children add up to their parent", async () => {
    const province = await figures(
      "1701",
      "2024-01-01",
      "2024-12-31",
      `children { region { ubigeo } ${FIGURES} }`,
    );
    expect(province).toMatchObject({ activeProjects: 2, executed: "115000.00" });
    const children = province.children ?? [];
    expect(children.map((c) => c.region.ubigeo)).toEqual(["170101", "170102", "170103", "170104"]);
    expect(children.map((c) => [c.activeProjects, c.executed])).toEqual([
      [1, "35000.00"],
      [1, "80000.00"],
      [0, "0.00"],
      [0, "0.00"],
    ]);
    expect(children[2]?.byFunction).toEqual([]);
    expect(children[2]?.sources).toEqual([]);
  });

  it("counts an investment active in a period it overlaps, closed on its last day included", async () => {
    expect((await figures("17", "2024-07-01", "2024-12-31")).activeProjects).toBe(1);
    expect((await figures("17", "2024-06-30", "2024-06-30")).activeProjects).toBe(2);
    expect((await figures("17", "2023-01-01", "2023-03-14")).activeProjects).toBe(0);
    expect((await figures("17", "2023-03-15", "2023-03-15")).activeProjects).toBe(1);
    // Deactivated before it started: never active, never a source.
    const manu = await figures("1702", "2020-01-01", "2025-12-31");
    expect(manu).toMatchObject({ activeProjects: 0, executed: "0.00", byFunction: [], sources: [] });
  });

  it("keeps whole-year accruals out of periods that cover their year in part", async () => {
    const half = await figures("17", "2023-01-01", "2023-06-30");
    expect(half).toMatchObject({ executed: "0.00", yearlyAccrualsOutsidePeriodMonths: "100000.00" });
    // The active water project is the only source: the whole-year accrual is not behind `executed`.
    expect(half.sources).toEqual([{ kind: "OFFICIAL", dataset: OFFICIAL_FILE.dataset, records: 1 }]);
    const year = await figures("17", "2023-01-01", "2023-12-31");
    expect(year).toMatchObject({ executed: "100000.00", yearlyAccrualsOutsidePeriodMonths: "0.00" });
    // 2023 whole (its year's amount in) and 2024's first quarter (the water project's 35,000, the road's 50,000).
    expect(await figures("17", "2023-01-01", "2024-03-31")).toMatchObject({
      executed: "185000.00",
      yearlyAccrualsOutsidePeriodMonths: "0.00",
    });
  });

  it("counts only the months that lie wholly in the period", async () => {
    // February 2024 cut: the water project's 20,000 and the road's 50,000 count nowhere.
    expect(await figures("17", "2024-01-01", "2024-02-28")).toMatchObject({ executed: "10000.00" });
    expect(await figures("17", "2024-01-01", "2024-02-29")).toMatchObject({ executed: "80000.00" });
  });

  it("answers Peru (00) as the sum of its departments", async () => {
    const peru = await figures("00", "2023-01-01", "2023-12-31");
    expect(peru).toMatchObject({ activeProjects: 2, executed: "107000.00", population: 34_350_244 });
    expect(peru.byFunction).toEqual([
      { function: "SANITATION", activeProjects: 1, executed: "100000.00" },
      { function: "HEALTH", activeProjects: 1, executed: "7000.00" },
    ]);
    expect(await figures("00", "2022-01-01", "2022-12-31")).toMatchObject({
      activeProjects: 1,
      executed: "40000.00",
    });
    expect(await figures("00", "2024-01-01", "2024-12-31")).toMatchObject({
      activeProjects: 2,
      executed: "115000.00",
    });
    expect(await figures("00", "2021-01-01", "2021-12-31")).toMatchObject({
      activeProjects: 0,
      executed: "0.00",
      executedPerInhabitant: "0.00",
      byFunction: [],
      sources: [],
    });
  });

  it("defaults to the current calendar year, still partial", async () => {
    const result = await queryRegions(h.run, "17", `services { from to partial }`);
    const year = new Date().getUTCFullYear();
    expect(result.data?.region).toEqual({
      services: { from: `${year}-01-01`, to: `${year}-12-31`, partial: true },
    });
  });

  it("refuses a period that ends before it starts, naming the field", async () => {
    const result = await queryRegions(
      h.run,
      "17",
      `services(period: { from: "2024-02-01", to: "2024-01-01" }) { executed }`,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.extensions?.field).toBe("period.to");
  });
});

describe("the counters", () => {
  it("move by the difference when an investment changes, and back when it changes back", async () => {
    const { models } = h.server;
    const before = (await models.Project.findOne({ cui: water.cui }).lean<ProjectDoc>()) as ProjectDoc;
    // January's amount corrected, and the project closed at the end of February 2024.
    const after: ProjectDoc = {
      ...before,
      execution: before.execution.map((a) =>
        a.year === 2024 && a.month === 1 ? { ...a, accruedCents: 1_200_000 } : a,
      ),
      status: "CLOSED",
      closedOn: day("2024-02-29"),
    };
    h.mongo.resetStats();
    await applyProjectChange(models, before, after);
    expect(h.allCommands()).toEqual({ investment_stats: { update: 1 } });
    expect(await figures("17", "2024-01-01", "2024-12-31")).toMatchObject({
      activeProjects: 2,
      executed: "117000.00",
    });
    expect((await figures("17", "2024-03-01", "2024-12-31")).activeProjects).toBe(1);

    await applyProjectChange(models, after, before);
    expect(await figures("17", "2024-01-01", "2024-12-31")).toMatchObject({
      activeProjects: 2,
      executed: "115000.00",
    });
    // An unchanged investment moves nothing: no command at all.
    h.mongo.resetStats();
    await applyProjectChange(models, before, before);
    expect(h.allCommands()).toEqual({});
  });

  it("rebuild from the investments to the same figures as the writes kept", async () => {
    const periods: [string, string, string][] = [
      ["17", "2024-01-01", "2024-12-31"],
      ["00", "2023-01-01", "2023-06-30"],
      ["1701", "2023-03-01", "2024-02-29"],
      ["21", "2022-01-01", "2023-12-31"],
    ];
    const kept = await Promise.all(periods.map(([u, f, t]) => figures(u, f, t)));
    await rebuildServicesStats(h.server.models);
    const rebuilt = await Promise.all(periods.map(([u, f, t]) => figures(u, f, t)));
    expect(rebuilt).toEqual(kept);
    // At start, counters found missing are rebuilt; found present, they are left as they are.
    await h.server.models.Stats.deleteMany({});
    expect(await figures("17", "2024-01-01", "2024-12-31")).toMatchObject({ activeProjects: 0 });
    const { prepare } = await services.serving();
    await prepare(h.server);
    expect(await Promise.all(periods.map(([u, f, t]) => figures(u, f, t)))).toEqual(kept);
    h.mongo.resetStats();
    await prepare(h.server);
    expect(h.allCommands().investment_stats?.["insert"]).toBeUndefined();
    expect(h.allCommands().investment_projects?.["find"]).toBe(1);
  });
});

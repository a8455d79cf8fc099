import { beforeAll, describe, expect, it } from "vitest";
import { rebuildRegionMoney } from "../../subgraphs/livelihoods/src/region-stats.ts";
import { queryRegions } from "../support/region-entity.ts";
import { CHANGE_STATUS, projectInput, RECORD, REGISTER, REPORT, UNDP } from "./fixtures.ts";
import { useLivelihoods } from "./harness.ts";

const h = useLivelihoods();

const DEVIDA = "PE-RUC-20339267821";
const P1 = `${UNDP}-PE-T-0001`;
const P2 = `${DEVIDA}-PIRDAIS-T-0002`;
const P3 = `${UNDP}-PE-T-0003`;
const P4 = `${UNDP}-PE-T-0004`;

async function status(id: string, to: string, effectiveDate: string) {
  await h.ok(CHANGE_STATUS, {
    input: { iatiIdentifier: id, status: to, reason: to, effectiveDate },
    key: `key-${id}-${to}-${effectiveDate}`,
  });
}

async function money(id: string, type: string, date: string, value: string, currency = "USD") {
  await h.ok(RECORD, {
    input: { iatiIdentifier: id, type, date, value, currency },
    key: `key-${id}-${type}-${date}`,
  });
}

/**
 * Four projects: P1 (UNDP, USD) in Inambari and Ananea since February 2024; P2 (DEVIDA, PEN) in the province of
 * Pataz during 2025 only; P3 in Huepetuhe, still in the pipeline; P4 located at the department of Madre de Dios,
 * running since March 2026.
 */
beforeAll(async () => {
  await h.ok(REGISTER, { input: projectInput(), key: "key-register-P1" });
  await h.ok(REGISTER, {
    input: projectInput({
      reportingOrg: { ref: DEVIDA, name: "DEVIDA", type: "GOVERNMENT" },
      localId: "PIRDAIS-T-0002",
      defaultCurrency: "PEN",
      plannedStart: "2025-01-01",
      plannedEnd: "2026-06-30",
      participatingOrgs: [
        { role: "FUNDING", ref: DEVIDA, name: "DEVIDA", type: "GOVERNMENT" },
        { role: "IMPLEMENTING", name: "Municipalidad Provincial de Pataz", type: "LOCAL_GOVERNMENT" },
      ],
      locations: ["1308"],
      budgets: [{ periodStart: "2025-01-01", periodEnd: "2025-12-31", value: "1000000.00" }],
      beneficiaries: { total: 300, women: 140, formerMiners: 200 },
    }),
    key: "key-register-P2",
  });
  await h.ok(REGISTER, {
    input: projectInput({ localId: "PE-T-0003", locations: ["170204"] }),
    key: "key-register-P3",
  });
  await h.ok(REGISTER, {
    input: projectInput({
      localId: "PE-T-0004",
      locations: ["17"],
      beneficiaries: { total: 80, women: 40, formerMiners: 10 },
    }),
    key: "key-register-P4",
  });

  await status(P1, "IMPLEMENTATION", "2024-02-01");
  await money(P1, "OUTGOING_COMMITMENT", "2024-02-10", "600000.00");
  await money(P1, "DISBURSEMENT", "2024-05-15", "200000.00");
  await money(P1, "DISBURSEMENT", "2025-03-15", "100000.00");

  await status(P2, "IMPLEMENTATION", "2025-01-01");
  await money(P2, "OUTGOING_COMMITMENT", "2025-01-10", "1000000.00", "PEN");
  await money(P2, "DISBURSEMENT", "2025-06-20", "300000.50", "PEN");
  await status(P2, "FINALISATION", "2025-12-31");

  await status(P4, "IMPLEMENTATION", "2026-03-01");
  await money(P4, "OUTGOING_COMMITMENT", "2026-03-16", "90000.00");

  const report = (indicator: string, value: number | null, comment?: string) =>
    h.ok(REPORT, {
      input: {
        iatiIdentifier: P1,
        indicator,
        periodStart: "2024-01-01",
        periodEnd: "2024-12-31",
        value,
        comment,
      },
      key: `key-report-${indicator}`,
    });
  await report("2.1", 9000);
  await report("2.2", 450);
  await report("2.3", null, "Plan elaborado");
});

const FIGURES = /* GraphQL */ `
  livelihoods(period: $period) {
    from
    to
    activeProjects
    projects {
      iatiIdentifier
    }
    committed {
      currency
      value
    }
    disbursed {
      currency
      value
    }
    beneficiaries {
      total
      women
      formerMiners
    }
    outcomeProgress {
      indicators
      measured
      averageProgress
      onTrack
    }
    children {
      region {
        ubigeo
      }
      activeProjects
      committed {
        currency
        value
      }
    }
  }
`;

/** Asks for a region's figures over a period; the answer reads as `data.region`. */
const regionFigures = (ubigeo: string, period: { from: string; to: string }) =>
  queryRegions(h.run, ubigeo, FIGURES, {
    variableDefinitions: "$period: PeriodInput",
    variables: { period },
  });

interface Figures {
  from: string;
  to: string;
  activeProjects: number;
  projects: { iatiIdentifier: string }[];
  committed: { currency: string; value: string }[];
  disbursed: { currency: string; value: string }[];
  beneficiaries: { total: number; women: number; formerMiners: number };
  outcomeProgress: { indicators: number; measured: number; averageProgress: number | null; onTrack: number };
  children: {
    region: { ubigeo: string };
    activeProjects: number;
    committed: { currency: string; value: string }[];
  }[];
}

async function figures(ubigeo: string, from: string, to: string): Promise<Figures> {
  const result = await regionFigures(ubigeo, { from, to });
  expect(result.errors).toBeUndefined();
  return (result.data?.region as { livelihoods: Figures }).livelihoods;
}

const usd = (value: string) => [
  { currency: "PEN", value: "0.00" },
  { currency: "USD", value },
];
const pen = (value: string) => [
  { currency: "PEN", value },
  { currency: "USD", value: "0.00" },
];

describe("Region.livelihoods", () => {
  it("counts the projects in implementation during the period, and splits their money evenly among their locations", async () => {
    const madre = await figures("17", "2024-01-01", "2024-12-31");
    expect(madre).toMatchObject({
      from: "2024-01-01",
      to: "2024-12-31",
      activeProjects: 1,
      projects: [{ iatiIdentifier: P1 }],
      committed: usd("300000.00"),
      disbursed: usd("100000.00"),
      beneficiaries: { total: 500, women: 220, formerMiners: 150 },
    });
    expect(madre.children.map((c) => [c.region.ubigeo, c.activeProjects, c.committed[1]?.value])).toEqual([
      ["1701", 1, "300000.00"],
      ["1702", 0, "0.00"],
      ["1703", 0, "0.00"],
    ]);
    expect((await figures("211002", "2024-01-01", "2024-12-31")).committed).toEqual(usd("300000.00"));
  });

  it("counts a project active only in the periods it was in implementation, and never a pipeline one", async () => {
    const pataz2025 = await figures("13", "2025-01-01", "2025-12-31");
    expect(pataz2025).toMatchObject({
      activeProjects: 1,
      committed: pen("1000000.00"),
      disbursed: pen("300000.50"),
      beneficiaries: { total: 300, women: 140, formerMiners: 200 },
    });
    // Finalised on 2025-12-31: no longer in implementation in 2026.
    expect((await figures("13", "2026-01-01", "2026-12-31")).activeProjects).toBe(0);
    // Money located at the province stays there: its districts get none.
    const districts = (await figures("1308", "2025-01-01", "2025-12-31")).children;
    expect(districts.every((d) => d.committed[0]?.value === "0.00")).toBe(true);
    // P3 in Huepetuhe never left the pipeline: a member of the region, never active in it.
    expect((await figures("170204", "2024-01-01", "2026-12-31")).activeProjects).toBe(0);
    const members = await h.ok<{ livelihoodProjects: { edges: { node: unknown }[] } }>(
      `{ livelihoodProjects(filter: { ubigeo: "170204" }) { edges { node { iatiIdentifier status } } } }`,
    );
    expect(members.livelihoodProjects.edges.map((e) => e.node)).toEqual([
      { iatiIdentifier: P3, status: "PIPELINE" },
    ]);
  });

  it("gives a department-level project's money to the department only", async () => {
    const madre2026 = await figures("17", "2026-01-01", "2026-12-31");
    expect(madre2026).toMatchObject({
      activeProjects: 2,
      committed: usd("90000.00"),
      disbursed: usd("0.00"),
    });
    expect(madre2026.projects.map((p) => p.iatiIdentifier)).toEqual([P1, P4]);
    expect(madre2026.beneficiaries).toEqual({ total: 580, women: 260, formerMiners: 160 });
    expect(madre2026.children.map((c) => c.committed[1]?.value)).toEqual(["0.00", "0.00", "0.00"]);
  });

  it("counts money exactly to the day when a period starts or ends within a month", async () => {
    const covering = await figures("17", "2024-02-05", "2024-05-20");
    expect(covering.committed).toEqual(usd("300000.00"));
    expect(covering.disbursed).toEqual(usd("100000.00"));
    const inside = await figures("17", "2024-02-11", "2024-05-14");
    expect(inside.committed).toEqual(usd("0.00"));
    expect(inside.disbursed).toEqual(usd("0.00"));
    const oneDay = await figures("1701", "2024-05-15", "2024-05-15");
    expect(oneDay.disbursed).toEqual(usd("100000.00"));
  });

  it("summarises the outcome indicators' progress as of the period's last day", async () => {
    // 2.1 income: (9000 − 8000) / (9000 − 8000) = 1; 2.2 deforestation, descending: (450 − 500) / (400 − 500) = 0.5;
    // 2.4 has no actual yet; 2.3 is qualitative and not counted.
    const madre = await figures("17", "2024-01-01", "2024-12-31");
    expect(madre.outcomeProgress).toEqual({ indicators: 3, measured: 2, averageProgress: 0.75, onTrack: 1 });
    // Before the 2024 period began, nothing had been measured.
    const before = await figures("17", "2023-01-01", "2023-12-31");
    expect(before.outcomeProgress).toEqual({ indicators: 0, measured: 0, averageProgress: null, onTrack: 0 });
  });

  it("defaults to the current calendar year and refuses a period that ends before it starts", async () => {
    const implicit = await queryRegions(h.run, "17", "livelihoods { from to }");
    expect(implicit.errors).toBeUndefined();
    const year = new Date().getUTCFullYear();
    expect((implicit.data?.region as { livelihoods: unknown }).livelihoods).toEqual({
      from: `${year}-01-01`,
      to: `${year}-12-31`,
    });
    const bad = await regionFigures("17", { from: "2025-02-01", to: "2025-01-01" });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "period.to" });
  });

  it("keeps counters on write (money and sources) that equal a rebuild from the transactions", async () => {
    const before = await h.server.models.RegionMoney.find({}).sort({ _id: 1 }).lean();
    await rebuildRegionMoney(h.server.models);
    const after = await h.server.models.RegionMoney.find({}).sort({ _id: 1 }).lean();
    const shape = (docs: typeof before) =>
      docs.map((d) => ({
        _id: d._id,
        committed: { PEN: d.committed?.PEN ?? 0, USD: d.committed?.USD ?? 0 },
        disbursed: { PEN: d.disbursed?.PEN ?? 0, USD: d.disbursed?.USD ?? 0 },
        sources: d.sources,
      }));
    expect(shape(after)).toEqual(shape(before));
    expect(before.map((d) => d._id)).toContain("1308|2025-01");
  });
});

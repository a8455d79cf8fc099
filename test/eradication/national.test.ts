import { beforeAll, describe, expect, it } from "vitest";
import { decimalToCents } from "../../packages/kit/src/index.ts";
import { departments, queryRegions } from "../support/region-entity.ts";
import { viewers } from "../support/viewers.ts";
import { claim, office, outpost, recordSamples, RECORD_CLAIM, soles, type Sample } from "./fixtures.ts";
import { useEradication } from "./harness.ts";

const h = useEradication();
let samples: Sample[] = [];
const claims: Record<string, string> = {};

beforeAll(async () => {
  samples = await recordSamples(h.run);
  await h.server.models.Outpost.collection.insertMany([
    outpost("SO-PATAZ-SHICUN", "Shicún", "130809"),
    outpost("SO-MDD-HUEPETUHE", "Huepetuhe", "170204"),
  ]);
  await h.server.models.Office.collection.insertMany([
    office("FEMA-17-01", "170101", 7, 1400),
    office("FEMA-17-02", "170102", 3, 450),
    office("FEMA-13-02", "130801", 2, 45),
    office("FEMA-21-01", "210101", 0, 12),
  ]);
  const editor = viewers.editor("eradication");
  for (const [name, ubigeo] of [
    ["omitted", null],
    ["peru", "00"],
    ["department", "17"],
    ["district", "170102"],
  ] as const) {
    const result = await h.run(RECORD_CLAIM, { input: claim({ ubigeo }), key: `key-claim-${name}` }, editor);
    expect(result.errors).toBeUndefined();
    claims[name] = (result.data?.recordReportedFigure as { id: string }).id;
  }
}, 60_000);

const FIGURES = /* GraphQL */ `
  operations
  value
  valueDestroyed
  valueSeized
  arrests
  items {
    item
    action
    unit
    quantity
    value
  }
  sources {
    kind
    dataset
    source
    asOf
    records
  }
  outposts {
    id
  }
  prosecutors
  openCases
  caseloadPerProsecutor
`;

interface Figures {
  operations: number;
  value: string;
  valueDestroyed: string;
  valueSeized: string;
  arrests: number;
  items: { item: string; action: string; unit: string; quantity: number; value: string }[];
  sources: { kind: string; dataset: string | null; source: string; asOf: string; records: number }[];
  outposts: { id: string }[];
  prosecutors: number;
  openCases: number;
  caseloadPerProsecutor: number | null;
}

/** Some regions' figures over a period, in the order asked, and the database commands they cost. */
async function figuresOf(codes: readonly string[], from: string, to: string, selection = FIGURES) {
  h.mongo.resetStats();
  const result = await queryRegions(h.run, codes, `ubigeo eradication(period: $p) { ${selection} }`, {
    variableDefinitions: "$p: PeriodInput",
    variables: { p: { from, to } },
  });
  expect(result.errors).toBeUndefined();
  const regions = result.data?.regions as { eradication: Figures }[];
  return { commands: h.allCommands(), figures: regions.map((r) => r.eradication) };
}

/** The additive figures of many regions summed, and the ratio recomputed from the sums. */
function sum(list: readonly Figures[]) {
  const cents = (field: "value" | "valueDestroyed" | "valueSeized") =>
    soles(list.reduce((total, f) => total + decimalToCents(f[field]), 0));
  const items = new Map<string, { quantity: number; cents: number }>();
  const sources = new Map<string, number>();
  for (const f of list) {
    for (const item of f.items) {
      const key = `${item.item}|${item.action}|${item.unit}`;
      const entry = items.get(key) ?? { quantity: 0, cents: 0 };
      items.set(key, {
        quantity: entry.quantity + item.quantity,
        cents: entry.cents + decimalToCents(item.value),
      });
    }
    for (const source of f.sources) {
      const key = `${source.kind}|${source.dataset}|${source.source}|${source.asOf}`;
      sources.set(key, (sources.get(key) ?? 0) + source.records);
    }
  }
  const prosecutors = list.reduce((total, f) => total + f.prosecutors, 0);
  const openCases = list.reduce((total, f) => total + f.openCases, 0);
  return {
    operations: list.reduce((total, f) => total + f.operations, 0),
    value: cents("value"),
    valueDestroyed: cents("valueDestroyed"),
    valueSeized: cents("valueSeized"),
    arrests: list.reduce((total, f) => total + f.arrests, 0),
    items: Object.fromEntries(
      [...items].map(([key, { quantity, cents: c }]) => [key, { quantity, value: soles(c) }]),
    ),
    sources: Object.fromEntries(sources),
    outposts: list.flatMap((f) => f.outposts.map((o) => o.id)).sort(),
    prosecutors,
    openCases,
    caseloadPerProsecutor: prosecutors > 0 ? openCases / prosecutors : null,
  };
}

/** One region's figures in the shape `sum` gives. */
function shaped(f: Figures) {
  return sum([f]);
}

describe("Peru (00) in the eradication figures", () => {
  it.each([
    ["a year of whole months", "2025-01-01", "2025-12-31"],
    ["a period cut mid-month at both ends", "2025-01-15", "2025-05-10"],
    ["days within one month", "2025-03-02", "2025-03-28"],
  ])(
    "equal the sum of the 25 departments' over %s, the caseload recomputed from the sums",
    async (_, from, to) => {
      const { figures } = await figuresOf(["00", ...departments()], from, to);
      const [peru, ...rest] = figures;
      expect(rest).toHaveLength(25);
      expect(shaped(peru as Figures)).toEqual(sum(rest));
      const samplesIn = samples.filter((s) => s.date >= from && s.date <= to);
      expect(peru?.operations).toBe(samplesIn.length);
      expect(peru?.operations).toBeGreaterThan(0);
      expect(peru?.caseloadPerProsecutor).toBe((1400 + 450 + 45 + 12) / (7 + 3 + 2));
    },
  );

  it("cost the same database commands as one department's", async () => {
    for (const [from, to] of [
      ["2025-01-01", "2025-12-31"],
      ["2025-01-15", "2025-05-10"],
    ] as const) {
      const peru = await figuresOf(["00"], from, to);
      const department = await figuresOf(["17"], from, to);
      expect(peru.commands).toEqual(department.commands);
      expect(Object.keys(peru.commands)).toContain("region_stats");
    }
  });

  it("have the 25 departments as children, each with its own figures", async () => {
    const { figures } = await figuresOf(
      ["00"],
      "2025-01-01",
      "2025-12-31",
      "children { region { ubigeo } operations }",
    );
    const children = (
      figures[0] as unknown as { children: { region: { ubigeo: string }; operations: number }[] }
    ).children;
    expect(children.map((c) => c.region.ubigeo)).toEqual(departments());
    for (const child of children) {
      expect(child.operations).toBe(samples.filter((s) => s.ubigeo.startsWith(child.region.ubigeo)).length);
    }
  });

  it("give Peru's series as the sum of the departments' series, point by point", async () => {
    const selection = "series(granularity: QUARTER) { from to partial operations value arrests }";
    const { figures } = await figuresOf(["00", ...departments()], "2025-02-10", "2025-12-31", selection);
    type Point = {
      from: string;
      to: string;
      partial: boolean;
      operations: number;
      value: string;
      arrests: number;
    };
    const [peru, ...rest] = figures.map((f) => (f as unknown as { series: Point[] }).series);
    expect(peru?.map((p) => p.from)).toEqual(["2025-02-10", "2025-04-01", "2025-07-01", "2025-10-01"]);
    peru?.forEach((point, i) => {
      const points = rest.map((series) => series[i] as Point);
      expect(point.operations).toBe(points.reduce((total, p) => total + p.operations, 0));
      expect(point.arrests).toBe(points.reduce((total, p) => total + p.arrests, 0));
      expect(decimalToCents(point.value)).toBe(
        points.reduce((total, p) => total + decimalToCents(p.value), 0),
      );
    });
  });

  it("list every RUC any operation targeted, with its latest operation's day, as the departments do together", async () => {
    h.mongo.resetStats();
    const result = await h.run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { ubigeo enforcementTargets { ruc lastTargetedOn } } } }`,
      { r: ["00", ...departments()].map((ubigeo) => ({ __typename: "Region", ubigeo })) },
    );
    expect(result.errors).toBeUndefined();
    // One aggregation per level asked: Peru's and the departments'.
    expect(h.allCommands()).toEqual({ enforcement_operations: { aggregate: 2 } });
    type Target = { ruc: string; lastTargetedOn: string };
    const [peru, ...rest] = result.data?._entities as { enforcementTargets: Target[] }[];
    const latest = new Map<string, string>();
    for (const target of rest.flatMap((r) => r.enforcementTargets)) {
      if ((latest.get(target.ruc) ?? "") < target.lastTargetedOn)
        latest.set(target.ruc, target.lastTargetedOn);
    }
    const expected = [...latest]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([ruc, lastTargetedOn]) => ({ ruc, lastTargetedOn }));
    expect(peru?.enforcementTargets).toEqual(expected);
    expect(expected.length).toBeGreaterThan(1);
  });

  it("select every operation, outpost and office when a root field is given 00", async () => {
    const data = await h.ok<{
      peru: { totalCount: number };
      all: { totalCount: number };
      march: { totalCount: number };
      outposts: { id: string }[];
      offices: { id: string }[];
    }>(`{
      peru: enforcementOperations(filter: { ubigeo: "00" }) { totalCount }
      all: enforcementOperations { totalCount }
      march: enforcementOperations(filter: { ubigeo: "00", period: { from: "2025-03-01", to: "2025-03-31" } }) {
        totalCount
      }
      outposts: securityOutposts(ubigeo: "00") { id }
      offices: prosecutorOffices(ubigeo: "00") { id }
    }`);
    expect(data.peru.totalCount).toBe(samples.length);
    expect(data.all.totalCount).toBe(samples.length);
    expect(data.march.totalCount).toBe(samples.filter((s) => s.date.startsWith("2025-03")).length);
    expect(data.outposts.map((o) => o.id)).toEqual(["SO-MDD-HUEPETUHE", "SO-PATAZ-SHICUN"]);
    expect(data.offices.map((o) => o.id)).toEqual(["FEMA-13-02", "FEMA-17-01", "FEMA-17-02", "FEMA-21-01"]);
  });
});

describe("Peru (00) in the reported figures", () => {
  const select = async (filter: Record<string, unknown>) => {
    const data = await h.ok<{ reportedFigures: { edges: { node: { id: string } }[] } }>(
      `query($f: ReportedFigureFilter) { reportedFigures(filter: $f, first: 100) { edges { node { id } } } }`,
      { f: filter },
    );
    return data.reportedFigures.edges.map((edge) => edge.node.id).sort();
  };
  const ids = (...names: string[]) => names.map((name) => claims[name] as string).sort();

  it("record a claim about 00 as a national claim, with no region, itemized against Peru's figures", async () => {
    const data = await h.ok<{
      reportedFigures: { edges: { node: { id: string; region: unknown; itemized: { value: string } } }[] };
    }>(
      `{ reportedFigures(filter: { national: true }) { edges { node { id region { ubigeo } itemized { value } } } } }`,
    );
    const nodes = data.reportedFigures.edges.map((edge) => edge.node);
    expect(nodes.map((n) => n.id).sort()).toEqual(ids("omitted", "peru"));
    const march = samples.filter((s) => s.date.startsWith("2025-03")).length;
    for (const node of nodes) {
      expect(node.region).toBeNull();
      expect(node.itemized.value).toBe(`${march}.00`);
    }
    expect(await h.server.models.ReportedFigure.countDocuments({ region: "00" })).toBe(0);
  });

  it("select every claim with ubigeo 00, and only national or regional ones with national", async () => {
    expect(await select({ ubigeo: "00" })).toEqual(ids("omitted", "peru", "department", "district"));
    expect(await select({ ubigeo: "00", national: true })).toEqual(ids("omitted", "peru"));
    expect(await select({ ubigeo: "00", national: false })).toEqual(ids("department", "district"));
    expect(await select({ ubigeo: "17" })).toEqual(ids("department", "district"));
  });
});

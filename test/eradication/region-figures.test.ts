import { beforeAll, describe, expect, it } from "vitest";
import { regionCatalog } from "../../packages/kit/src/index.ts";
import { ERADICATION_AGENCY } from "../../subgraphs/eradication/src/provenance.ts";
import { queryRegions } from "../support/region-entity.ts";
import { office, outpost, recordSamples, soles, type Sample } from "./fixtures.ts";
import { useEradication } from "./harness.ts";

const h = useEradication();
let samples: Sample[] = [];

beforeAll(async () => {
  samples = await recordSamples(h.run);
  await h.server.models.Outpost.collection.insertMany([
    outpost("SO-PATAZ-SHICUN", "Shicún", "130809"),
    outpost("SO-PATAZ-PAMPARACRA", "Pamparacra", "130808"),
  ]);
  await h.server.models.Office.collection.insertMany([
    office("FEMA-17-01", "170101", 7, 1400),
    office("FEMA-17-02", "170102", 3, 450),
    office("FEMA-13-02", "130801", 0, 45),
  ]);
});

/** The figures a region should show for a period, computed from the inputs the samples were recorded with. */
function expected(ubigeo: string, from: string, to: string) {
  const mine = samples.filter((s) => s.ubigeo.startsWith(ubigeo) && s.date >= from && s.date <= to);
  const destroyed = mine.reduce((sum, s) => sum + s.destroyedCents, 0);
  const seized = mine.reduce((sum, s) => sum + s.seizedCents, 0);
  return {
    operations: mine.length,
    value: soles(destroyed + seized),
    valueDestroyed: soles(destroyed),
    valueSeized: soles(seized),
    arrests: mine.reduce((sum, s) => sum + s.arrests, 0),
    engines: mine.reduce((sum, s) => sum + s.engines, 0),
  };
}

const FIGURES = /* GraphQL */ `
  eradication(period: $p) {
    from
    to
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
    children {
      region {
        ubigeo
      }
      operations
      value
    }
  }
`;

/** Asks for a region's figures over a period; the answer reads as `data.region`. */
const regionFigures = (ubigeo: string, p: { from: string; to: string }) =>
  queryRegions(h.run, ubigeo, FIGURES, { variableDefinitions: "$p: PeriodInput", variables: { p } });

interface Figures {
  from: string;
  to: string;
  operations: number;
  value: string;
  valueDestroyed: string;
  valueSeized: string;
  arrests: number;
  items: { item: string; action: string; unit: string; quantity: number; value: string }[];
  children: { region: { ubigeo: string }; operations: number; value: string }[];
}

async function figures(ubigeo: string, from: string, to: string): Promise<Figures> {
  const result = await regionFigures(ubigeo, { from, to });
  expect(result.errors).toBeUndefined();
  return (result.data?.region as { eradication: Figures }).eradication;
}

describe("Region.eradication", () => {
  it.each([
    ["Madre de Dios over whole months", "17", "2025-01-01", "2025-12-31"],
    ["Tambopata over a period with partial months at both ends", "1701", "2025-01-15", "2025-05-10"],
    ["Pataz (district) within a single month", "130809", "2025-03-02", "2025-03-28"],
    ["Puno over a period with no operations", "21", "2024-01-01", "2024-12-31"],
  ])("adds up %s as the recorded operations do", async (_name, ubigeo, from, to) => {
    const f = await figures(ubigeo, from, to);
    const want = expected(ubigeo, from, to);
    expect(f).toMatchObject({
      from,
      to,
      operations: want.operations,
      value: want.value,
      valueDestroyed: want.valueDestroyed,
      valueSeized: want.valueSeized,
      arrests: want.arrests,
    });
    const engines = f.items.find((i) => i.item === "ENGINE");
    expect(engines?.quantity ?? 0).toBe(want.engines);
    for (const child of f.children) {
      expect(child.operations).toBe(expected(child.region.ubigeo, from, to).operations);
      expect(child.value).toBe(expected(child.region.ubigeo, from, to).value);
    }
    expect(f.children.map((c) => c.region.ubigeo)).toEqual(
      regionCatalog()
        .children(ubigeo)
        .map((c) => c.ubigeo),
    );
  });

  it("lists items by type, action and unit, in the schema's item order", async () => {
    const f = await figures("17", "2025-01-01", "2025-01-31");
    const january = samples.filter((s) => s.ubigeo.startsWith("17") && s.date <= "2025-01-31");
    expect(f.items).toEqual([
      {
        item: "ENGINE",
        action: "DESTROYED",
        unit: "UNITS",
        quantity: january.reduce((sum, s) => sum + s.engines, 0),
        value: soles(january.reduce((sum, s) => sum + s.destroyedCents, 0)),
      },
      {
        item: "FUEL",
        action: "SEIZED",
        unit: "GALLONS",
        quantity: january.reduce((sum, s) => sum + 100 + samples.indexOf(s), 0),
        value: soles(12_345 * january.length),
      },
    ]);
  });

  it("reads a period of whole months from the counters only, and partial months with one more find", async () => {
    h.mongo.resetStats();
    await figures("17", "2025-01-01", "2025-06-30");
    // The region and its three provinces are batched into one counters lookup.
    expect(h.allCommands()).toEqual({ region_stats: { find: 1 } });
    h.mongo.resetStats();
    await figures("17", "2025-01-15", "2025-06-20");
    // The partial edges (1–14 January, 1–20 June) are read once, nationwide, for every region asked.
    expect(h.allCommands()).toEqual({ region_stats: { find: 1 }, enforcement_operations: { find: 1 } });
  });

  it("says which datasets its operation figures come from: here, the editors' API writes", async () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const [ubigeo, from, to] of [
      ["17", "2025-01-01", "2025-12-31"],
      ["1701", "2025-01-15", "2025-05-10"],
    ] as const) {
      const result = await queryRegions(
        h.run,
        ubigeo,
        "eradication(period: $p) { sources { kind dataset source asOf records } }",
        { variableDefinitions: "$p: PeriodInput", variables: { p: { from, to } } },
      );
      expect(result.errors).toBeUndefined();
      const f = (result.data?.region as { eradication: { sources: unknown } }).eradication;
      expect(f.sources).toEqual([
        {
          kind: "ENTERED",
          dataset: null,
          source: ERADICATION_AGENCY,
          asOf: today,
          records: expected(ubigeo, from, to).operations,
        },
      ]);
    }
  });

  it("adds no database command for sources: the counters carry them", async () => {
    for (const [from, to] of [
      ["2025-01-01", "2025-06-30"],
      ["2025-01-15", "2025-06-20"],
    ] as const) {
      const ask = (selection: string) =>
        queryRegions(h.run, "17", `eradication(period: $p) { ${selection} }`, {
          variableDefinitions: "$p: PeriodInput",
          variables: { p: { from, to } },
        });
      h.mongo.resetStats();
      await ask("operations value items { item quantity } arrests children { operations }");
      const without = h.allCommands();
      h.mongo.resetStats();
      const result = await ask(
        "operations value items { item quantity } arrests sources { kind records } children { operations sources { records } }",
      );
      expect(result.errors).toBeUndefined();
      expect(h.allCommands()).toEqual(without);
    }
  });

  it("gives the same figures with no period as for the current calendar year", async () => {
    const year = new Date().getUTCFullYear();
    const implicit = await queryRegions(h.run, "17", "eradication { from to operations value }");
    expect((implicit.data?.region as { eradication: unknown }).eradication).toEqual({
      from: `${year}-01-01`,
      to: `${year}-12-31`,
      operations: expected("17", `${year}-01-01`, `${year}-12-31`).operations,
      value: expected("17", `${year}-01-01`, `${year}-12-31`).value,
    });
  });

  it("refuses a period that ends before it starts, naming the field", async () => {
    const result = await regionFigures("17", { from: "2025-03-01", to: "2025-02-01" });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "period.to" });
  });

  it("gives outposts, prosecutors and caseload per prosecutor of the offices in the region", async () => {
    const result = await queryRegions(
      h.run,
      { md: "17", pataz: "1308", lima: "15" },
      "eradication { outposts { id } prosecutors openCases caseloadPerProsecutor }",
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      md: { eradication: { outposts: [], prosecutors: 10, openCases: 1850, caseloadPerProsecutor: 185 } },
      pataz: {
        eradication: {
          outposts: [{ id: "SO-PATAZ-PAMPARACRA" }, { id: "SO-PATAZ-SHICUN" }],
          prosecutors: 0,
          openCases: 45,
          caseloadPerProsecutor: null,
        },
      },
      lima: { eradication: { outposts: [], prosecutors: 0, openCases: 0, caseloadPerProsecutor: null } },
    });
  });

  it("answers all 25 departments with a fixed number of database commands", async () => {
    const representations = regionCatalog()
      .list({ level: "DEPARTMENT" })
      .map(({ ubigeo }) => ({ __typename: "Region", ubigeo }));
    expect(representations).toHaveLength(25);
    const query = /* GraphQL */ `
      query ($r: [_Any!]!, $p: PeriodInput) {
        _entities(representations: $r) {
          ... on Region {
            ubigeo
            eradication(period: $p) {
              operations
              value
              arrests
              items {
                item
                quantity
              }
              outposts {
                id
              }
              prosecutors
              caseloadPerProsecutor
              children {
                operations
                value
              }
            }
          }
        }
      }
    `;
    h.mongo.resetStats();
    const result = await h.run(query, { r: representations, p: { from: "2025-01-01", to: "2025-12-31" } });
    expect(result.errors).toBeUndefined();
    const departments = result.data?._entities as { ubigeo: string; eradication: { operations: number } }[];
    expect(departments.map((d) => d.eradication.operations)).toEqual(
      departments.map((d) => expected(d.ubigeo, "2025-01-01", "2025-12-31").operations),
    );
    expect(departments.reduce((sum, d) => sum + d.eradication.operations, 0)).toBe(48);
    // One counters lookup (the 25 departments and their 196 provinces together), one outposts find and one
    // offices find, however many regions.
    expect(h.allCommands()).toEqual({
      region_stats: { find: 1 },
      security_outposts: { find: 1 },
      prosecutor_offices: { find: 1 },
    });
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { outpost, office, recordSamples, SAMPLE_RUCS, validRuc, type Sample } from "./fixtures.ts";
import { useEradication } from "./harness.ts";

const h = useEradication();
let samples: Sample[] = [];

beforeAll(async () => {
  samples = await recordSamples(h.run);
  await h.server.models.Outpost.collection.insertMany([
    outpost("SO-PATAZ-SHICUN", "Shicún", "130809"),
    outpost("SO-PATAZ-CALQUICHE", "Calquiche", "130809"),
    outpost("SO-PATAZ-PAMPARACRA", "Pamparacra", "130808"),
  ]);
  await h.server.models.Office.collection.insertMany([
    office("FEMA-17-01", "170101", 7, 1400),
    office("FEMA-17-02", "170102", 3, 450),
    office("FEMA-13-01", "130101", 5, 900),
  ]);
});

const PAGE = /* GraphQL */ `
  query Page($filter: EnforcementOperationFilter, $first: Int, $after: String) {
    enforcementOperations(filter: $filter, first: $first, after: $after) {
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
          date
          type
          district {
            ubigeo
          }
        }
      }
    }
  }
`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string; date: string; type: string; district: { ubigeo: string } } }[];
}

async function page(variables: Record<string, unknown>): Promise<Page> {
  const result = await h.run(PAGE, variables);
  expect(result.errors).toBeUndefined();
  return result.data?.enforcementOperations as Page;
}

describe("enforcementOperations", () => {
  it("pages through every operation, newest first, with Relay cursors and a total", async () => {
    const seen: { id: string; date: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const p: Page = await page({ first: 20, after });
      pages++;
      expect(p.totalCount).toBe(48);
      seen.push(...p.edges.map((e) => e.node));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(new Set(seen.map((s) => s.id)).size).toBe(48);
    const dates = seen.map((s) => s.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates[0]).toBe("2025-08-24");
  });

  it("filters by region at any level, period, agency and type, alone or together", async () => {
    const cases: [Record<string, unknown>, (s: Sample) => boolean][] = [
      [{ ubigeo: "17" }, (s) => s.ubigeo.startsWith("17")],
      [{ ubigeo: "1701" }, (s) => s.ubigeo.startsWith("1701")],
      [{ ubigeo: "130809" }, (s) => s.ubigeo === "130809"],
      [
        { period: { from: "2025-02-01", to: "2025-03-31" } },
        (s) => s.date >= "2025-02-01" && s.date <= "2025-03-31",
      ],
      [
        { period: { from: "2025-02-10", to: "2025-02-20" } },
        (s) => s.date >= "2025-02-10" && s.date <= "2025-02-20",
      ],
      [{ agency: "NAVY_DICAPI" }, (s) => s.agencies.includes("NAVY_DICAPI")],
      [{ operationType: "SEIZURE" }, (s) => s.type === "SEIZURE"],
      [
        { ubigeo: "17", period: { from: "2025-01-15", to: "2025-05-10" }, agency: "FEMA" },
        (s) =>
          s.ubigeo.startsWith("17") &&
          s.date >= "2025-01-15" &&
          s.date <= "2025-05-10" &&
          s.agencies.includes("FEMA"),
      ],
    ];
    for (const [filter, matches] of cases) {
      const expected = samples.filter(matches).map((s) => s.id);
      const p = await page({ filter, first: 100 });
      expect(p.totalCount, JSON.stringify(filter)).toBe(expected.length);
      expect(p.edges.map((e) => e.node.id).sort()).toEqual(expected.sort());
    }
  });

  it("counts a region's operations in a period from the counters, without counting operations", async () => {
    h.mongo.resetStats();
    const p = await page({
      filter: { ubigeo: "17", period: { from: "2025-01-01", to: "2025-06-30" } },
      first: 1,
    });
    expect(p.totalCount).toBe(
      samples.filter((s) => s.ubigeo.startsWith("17") && s.date <= "2025-06-30").length,
    );
    // One find for the page; the total is one lookup in the region counters.
    expect(h.commands("enforcement_operations")).toEqual({ find: 1 });
    expect(h.commands("region_stats")).toEqual({ find: 1 });
  });

  it.each([
    ["first: 0", { first: 0 }, "first"],
    ["first over 100", { first: 101 }, "first"],
    ["a cursor it did not issue", { after: "bm9wZQ" }, "after"],
    ["an unknown region", { filter: { ubigeo: "99" } }, "filter.ubigeo"],
    [
      "a period that ends before it starts",
      { filter: { period: { from: "2025-03-01", to: "2025-02-01" } } },
      "filter.period.to",
    ],
  ])("refuses %s with BAD_USER_INPUT", async (_name, variables, field) => {
    const result = await h.run(PAGE, variables);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });
});

describe("operations, outposts, offices and operators", () => {
  it("answers an operation by identifier, null for an unknown one, and refuses a malformed one", async () => {
    const sample = samples[5] as Sample;
    const found = await h.run(`query($id: ID!) { enforcementOperation(id: $id) { id date totalValue } }`, {
      id: sample.id,
    });
    expect(found.data?.enforcementOperation).toEqual({
      id: sample.id,
      date: sample.date,
      totalValue: "6123.45",
    });
    const missing = await h.run(`{ enforcementOperation(id: "EO-2025-99999") { id } }`);
    expect(missing.errors).toBeUndefined();
    expect(missing.data?.enforcementOperation).toBeNull();
    const malformed = await h.run(`{ enforcementOperation(id: "EO 1") { id } }`);
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
  });

  it("lists security outposts and prosecutors' offices by region prefix", async () => {
    const outposts = async (ubigeo: string | null) =>
      (
        (
          await h.run(`query($u: ID) { securityOutposts(ubigeo: $u) { id name district { ubigeo } } }`, {
            u: ubigeo,
          })
        ).data?.securityOutposts as { id: string }[]
      ).map((o) => o.id);
    expect(await outposts(null)).toEqual(["SO-PATAZ-CALQUICHE", "SO-PATAZ-PAMPARACRA", "SO-PATAZ-SHICUN"]);
    expect(await outposts("13")).toHaveLength(3);
    expect(await outposts("130808")).toEqual(["SO-PATAZ-PAMPARACRA"]);
    expect(await outposts("17")).toEqual([]);
    const offices = await h.run(
      `{ prosecutorOffices(ubigeo: "17") { id prosecutors openCases caseloadPerProsecutor } }`,
    );
    expect(offices.data?.prosecutorOffices).toEqual([
      { id: "FEMA-17-01", prosecutors: 7, openCases: 1400, caseloadPerProsecutor: 200 },
      { id: "FEMA-17-02", prosecutors: 3, openCases: 450, caseloadPerProsecutor: 150 },
    ]);
    const unknown = await h.run(`{ securityOutposts(ubigeo: "1399") { id } }`);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "ubigeo" });
  });

  it("resolves 100 EnforcementOperation entities with one database command, null for unknown ones", async () => {
    const representations = Array.from({ length: 100 }, (_, i) => ({
      __typename: "EnforcementOperation",
      id: samples[i]?.id ?? `EO-2025-X${i}`,
    }));
    h.mongo.resetStats();
    const result = await h.run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on EnforcementOperation { id district { name } targetedOperators { ruc } } } }`,
      { r: representations },
    );
    expect(result.errors).toBeUndefined();
    const entities = result.data?._entities as ({ id: string } | null)[];
    expect(entities.filter((e) => e !== null)).toHaveLength(48);
    expect(entities[48]).toBeNull();
    expect(h.allCommands()).toEqual({ enforcement_operations: { find: 1 } });
  });

  it("resolves 100 Operator entities with their interventions in one database command per period", async () => {
    const rucs = [
      ...SAMPLE_RUCS,
      ...Array.from({ length: 90 }, (_, i) => validRuc(`20${String(10000000 + i)}`)),
    ];
    const representations = rucs.map((ruc) => ({ __typename: "Operator", ruc }));
    h.mongo.resetStats();
    const result = await h.run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Operator { ruc
        interventions { id date }
        firstHalf: interventions(period: { from: "2025-01-01", to: "2025-06-30" }) { id } } } }`,
      { r: representations },
    );
    expect(result.errors).toBeUndefined();
    expect(h.allCommands()).toEqual({ enforcement_operations: { find: 2 } });
    const entities = result.data?._entities as {
      ruc: string;
      interventions: { id: string; date: string }[];
      firstHalf: { id: string }[];
    }[];
    expect(entities).toHaveLength(100);
    for (const entity of entities) {
      const mine = samples.filter((s) => s.targetRucs.includes(entity.ruc));
      expect(entity.interventions.map((o) => o.id)).toEqual(mine.map((s) => s.id));
      expect(entity.firstHalf.map((o) => o.id)).toEqual(
        mine.filter((s) => s.date <= "2025-06-30").map((s) => s.id),
      );
    }
    // An operation that targeted two operators is an intervention of each.
    expect(entities[1]?.interventions.length).toBeGreaterThan(1);
  });

  it("resolves an invalid RUC and an unknown region to null, not errors", async () => {
    const result = await h.run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { ubigeo name } ... on Operator { ruc } } }`,
      {
        r: [
          { __typename: "Region", ubigeo: "130809" },
          { __typename: "Region", ubigeo: "999999" },
          { __typename: "Operator", ruc: "20512333798" },
          { __typename: "Operator", ruc: "20131368829" },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { ubigeo: "130809", name: "Pataz" },
      null,
      null,
      { ruc: "20131368829" },
    ]);
  });

  it("gives the RUCs targeted in each of 25 departments, each with its latest operation's day, with one aggregation", async () => {
    const representations = Array.from({ length: 25 }, (_, i) => ({
      __typename: "Region",
      ubigeo: String(i + 1).padStart(2, "0"),
    }));
    h.mongo.resetStats();
    const result = await h.run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { ubigeo enforcementTargets { ruc lastTargetedOn } } } }`,
      { r: representations },
    );
    expect(result.errors).toBeUndefined();
    expect(h.allCommands()).toEqual({ enforcement_operations: { aggregate: 1 } });
    type Target = { ruc: string; lastTargetedOn: string };
    let withTargets = 0;
    for (const entity of result.data?._entities as { ubigeo: string; enforcementTargets: Target[] }[]) {
      const latest = new Map<string, string>();
      for (const sample of samples.filter((s) => s.ubigeo.startsWith(entity.ubigeo))) {
        for (const ruc of sample.targetRucs) {
          if ((latest.get(ruc) ?? "") < sample.date) latest.set(ruc, sample.date);
        }
      }
      const expected = [...latest]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([ruc, lastTargetedOn]) => ({ ruc, lastTargetedOn }));
      expect(entity.enforcementTargets).toEqual(expected);
      if (expected.length > 0) withTargets++;
    }
    // The samples target RUCs in some departments, several times over: the check compares real dates.
    expect(withTargets).toBeGreaterThan(0);
  });
});

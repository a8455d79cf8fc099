import { beforeAll, describe, expect, it } from "vitest";
import { REGISTER, registration, validRuc } from "./fixtures.ts";
import { useFormalization } from "./harness.ts";

const h = useFormalization();

/** 45 records: 30 in Inambari (Madre de Dios) for 10 RUCs, 15 in Ananea (Puno) for 5 RUCs; every 5th suspended. */
const RUCS = Array.from({ length: 15 }, (_, i) => validRuc(`10${String(40000000 + i * 7919)}`));

beforeAll(async () => {
  for (let i = 0; i < 45; i++) {
    const code = `REINFO-Q${String(i).padStart(5, "0")}`;
    const result = await h.run(REGISTER, {
      input: registration({
        code,
        ruc: RUCS[i % 15],
        minerName: i % 2 === 0 ? `QUISPE MAMANI JUAN ${i}` : `HUAMAN CONDORI ROSA ${i}`,
        ubigeo: i < 30 ? "170102" : "211002",
        latitude: i < 30 ? -12.95 : -14.6,
        longitude: i < 30 ? -70.2 : -69.5,
      }),
      key: `key-query-${code}`,
    });
    expect(result.errors).toBeUndefined();
    if (i % 5 === 0) {
      await h.run(
        `mutation($input: ChangeReinfoStatusInput!, $key: String!) { changeReinfoStatus(input: $input, idempotencyKey: $key) { code } }`,
        {
          input: { code, status: "SUSPENDED", reason: "No presentó IGAFOM", legalBasis: "DS 018-2017-EM" },
          key: `key-suspend-${code}`,
        },
      );
    }
  }
});

const PAGE = /* GraphQL */ `
  query Page($filter: ReinfoFilter, $first: Int, $after: String) {
    reinfoRecords(filter: $filter, first: $first, after: $after) {
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
          code
          status
          district {
            ubigeo
          }
          operator {
            ruc
          }
        }
      }
    }
  }
`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { code: string; status: string; district: { ubigeo: string } } }[];
}

async function page(variables: Record<string, unknown>): Promise<Page> {
  const result = await h.run(PAGE, variables);
  expect(result.errors).toBeUndefined();
  return result.data?.reinfoRecords as Page;
}

describe("reinfoRecords", () => {
  it("pages through every record in code order with Relay cursors and a total", async () => {
    const codes: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const p: Page = await page({ first: 20, after });
      pages++;
      expect(p.totalCount).toBe(45);
      codes.push(...p.edges.map((e) => e.node.code));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(codes).toHaveLength(45);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(45);
  });

  it("filters by department, province or district code, by status, by RUC and by text", async () => {
    expect((await page({ filter: { ubigeo: "17" } })).totalCount).toBe(30);
    expect((await page({ filter: { ubigeo: "1701" } })).totalCount).toBe(30);
    expect((await page({ filter: { ubigeo: "211002" } })).totalCount).toBe(15);
    expect((await page({ filter: { ubigeo: "21", status: "SUSPENDED" } })).totalCount).toBe(3);
    expect((await page({ filter: { status: "SUSPENDED" } })).totalCount).toBe(9);
    expect((await page({ filter: { ruc: RUCS[0] } })).totalCount).toBe(3);
    const byText = await page({ filter: { text: "huaman condori" }, first: 100 });
    expect(byText.totalCount).toBe(22);
    expect(byText.edges).toHaveLength(22);
  });

  it("counts a region's records from the counters, without reading the registry", async () => {
    h.mongo.resetStats();
    expect((await page({ filter: { ubigeo: "17", status: "ACTIVE" }, first: 1 })).totalCount).toBe(24);
    // One find for the page; the total is one lookup in the region counters.
    expect(h.commands("reinfo_records")).toEqual({ find: 1 });
    expect(h.commands("region_stats")).toEqual({ find: 1 });
  });

  it.each([
    ["first: 0", { first: 0 }, "first"],
    ["first over 100", { first: 101 }, "first"],
    ["a cursor it did not issue", { after: "bm9wZQ" }, "after"],
    ["an unknown region", { filter: { ubigeo: "99" } }, "filter.ubigeo"],
    ["an invalid RUC", { filter: { ruc: "20512333798" } }, "filter.ruc"],
    ["a one-letter text", { filter: { text: "a" } }, "filter.text"],
  ])("refuses %s with BAD_USER_INPUT", async (_name, variables, field) => {
    const result = await h.run(PAGE, variables);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });
});

describe("regions, operators and entities", () => {
  it("gives a region's REINFO figures and its children's from the counters", async () => {
    h.mongo.resetStats();
    const result = await h.run(`{
      region(ubigeo: "17") {
        name level
        formalization { total active suspended excluded formalized formalizationRate
          children { region { ubigeo name } total } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const region = result.data?.region as {
      name: string;
      formalization: {
        total: number;
        active: number;
        suspended: number;
        children: { region: { ubigeo: string }; total: number }[];
      };
    };
    expect(region.name).toBe("Madre de Dios");
    expect(region.formalization).toMatchObject({
      total: 30,
      active: 24,
      suspended: 6,
      excluded: 0,
      formalized: 0,
    });
    expect(region.formalization.children.map((c) => [c.region.ubigeo, c.total])).toEqual([
      ["1701", 30],
      ["1702", 0],
      ["1703", 0],
    ]);
    // The region and its children are batched into one lookup in the counters; the registry is not read.
    expect(h.commands("reinfo_records")).toEqual({});
    expect(h.commands("region_stats")).toEqual({ find: 1 });
  });

  it("lists regions by level and parent, and refuses an unknown code as an argument", async () => {
    const departments = await h.run(`{ regions { ubigeo } }`);
    expect((departments.data?.regions as unknown[]).length).toBe(25);
    const provinces = await h.run(`{ regions(level: PROVINCE, parent: "13") { ubigeo name } }`);
    expect((provinces.data?.regions as { ubigeo: string }[]).map((p) => p.ubigeo)).toContain("1308");
    const districts = await h.run(`{ regions(level: DISTRICT) { ubigeo } }`);
    expect((districts.data?.regions as unknown[]).length).toBe(1891);
    const unknown = await h.run(`{ region(ubigeo: "0000") { name } }`);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "ubigeo" });
  });

  it("answers an operator by RUC with its records, and refuses an invalid RUC", async () => {
    const result = await h.run(
      `query($ruc: ID!) { operator(ruc: $ruc) { ruc kind name reinfoRecords { code } } }`,
      {
        ruc: RUCS[1],
      },
    );
    expect(result.data?.operator).toMatchObject({ ruc: RUCS[1], kind: "PERSON", name: expect.any(String) });
    expect((result.data?.operator as { reinfoRecords: unknown[] }).reinfoRecords).toHaveLength(3);
    const invalid = await h.run(`{ operator(ruc: "20512333798") { ruc } }`);
    expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "ruc" });
  });

  it("resolves 100 Operator entities with one database command", async () => {
    const representations = Array.from({ length: 100 }, (_, i) => ({
      __typename: "Operator",
      ruc: i < 15 ? RUCS[i] : validRuc(`20${String(10000000 + i)}`),
    }));
    h.mongo.resetStats();
    const result = await h.run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Operator { ruc name reinfoRecords { code } } } }`,
      { r: representations },
    );
    expect(result.errors).toBeUndefined();
    expect((result.data?._entities as unknown[]).length).toBe(100);
    expect(h.commands("reinfo_records")).toEqual({ find: 1 });
  });

  it("resolves 100 ReinfoRecord entities with one database command, null for unknown codes", async () => {
    const representations = Array.from({ length: 100 }, (_, i) => ({
      __typename: "ReinfoRecord",
      code: `REINFO-Q${String(i).padStart(5, "0")}`,
    }));
    h.mongo.resetStats();
    const result = await h.run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on ReinfoRecord { code status operator { ruc } } } }`,
      { r: representations },
    );
    expect(result.errors).toBeUndefined();
    const entities = result.data?._entities as ({ code: string } | null)[];
    expect(entities.filter((e) => e !== null)).toHaveLength(45);
    expect(entities[45]).toBeNull();
    expect(h.commands("reinfo_records")).toEqual({ find: 1 });
  });

  it("resolves Region entities from the catalog: unknown codes and invalid RUCs give null, not errors", async () => {
    const result = await h.run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { ubigeo name } ... on Operator { ruc } } }`,
      {
        r: [
          { __typename: "Region", ubigeo: "130801" },
          { __typename: "Region", ubigeo: "999999" },
          { __typename: "Operator", ruc: "20512333798" },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([{ ubigeo: "130801", name: "Tayabamba" }, null, null]);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { todayInLima } from "../../subgraphs/eradication/src/inputs.ts";
import { ERADICATION_AGENCY, REPORTED_DATASET } from "../../subgraphs/eradication/src/provenance.ts";
import { regionEntities } from "../support/region-entity.ts";
import { viewers } from "../support/viewers.ts";
import { claim, recordSamples, RECORD_CLAIM, SET_VERIFICATION, soles, type Sample } from "./fixtures.ts";
import { useEradication, type Result } from "./harness.ts";

const h = useEradication();
const editor = viewers.editor("eradication");
let samples: Sample[] = [];

beforeAll(async () => {
  samples = await recordSamples(h.run);
});

function isoDay(offsetDays: number): string {
  return new Date(todayInLima().getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

async function recordClaim(
  overrides: Record<string, unknown>,
  key: string,
  viewer = editor,
): Promise<Result> {
  return h.run(RECORD_CLAIM, { input: claim(overrides), key }, viewer);
}

async function recorded(overrides: Record<string, unknown>, key: string): Promise<string> {
  const result = await recordClaim(overrides, key);
  expect(result.errors).toBeUndefined();
  return (result.data?.recordReportedFigure as { id: string }).id;
}

function errorOf(result: Result): [unknown, unknown] {
  const error = result.errors?.[0];
  return [error?.extensions?.["code"], error?.extensions?.["field"]];
}

const ITEMIZED = /* GraphQL */ `
  query Itemized($filter: ReportedFigureFilter) {
    reportedFigures(filter: $filter, first: 100) {
      totalCount
      edges {
        node {
          id
          measure
          value
          from
          to
          region {
            ubigeo
          }
          itemized {
            value
            difference
            sources {
              kind
              source
              records
            }
          }
        }
      }
    }
  }
`;

interface ItemizedNode {
  id: string;
  measure: string;
  value: string;
  from: string;
  to: string;
  region: { ubigeo: string } | null;
  itemized: {
    value: string;
    difference: string;
    sources: { kind: string; source: string; records: number }[];
  };
}

async function itemizedOf(filter: Record<string, unknown>): Promise<ItemizedNode[]> {
  const data = await h.ok<{ reportedFigures: { edges: { node: ItemizedNode }[] } }>(ITEMIZED, { filter });
  return data.reportedFigures.edges.map((edge) => edge.node);
}

/** `Region.eradication` of a region and period, as the public region view asks it. */
async function regionFigures(ubigeo: string, from: string, to: string) {
  const data = await h.ok<{
    _entities: {
      eradication: {
        operations: number;
        value: string;
        valueDestroyed: string;
        valueSeized: string;
        arrests: number;
        sources: { kind: string; source: string; records: number }[];
      };
    }[];
  }>(
    `query { ${regionEntities(
      ubigeo,
      `eradication(period: { from: "${from}", to: "${to}" }) {
        operations value valueDestroyed valueSeized arrests sources { kind source records } }`,
    )} }`,
  );
  return (data._entities[0] as (typeof data._entities)[number]).eradication;
}

describe("recordReportedFigure", () => {
  it("records a claim as UNVERIFIED, REPORTED with the claimant as its source, the editor in recordedBy and the agency's role in its note", async () => {
    const result = await recordClaim({}, "claim-record-0001");
    expect(result.errors).toBeUndefined();
    expect(result.data?.recordReportedFigure).toEqual({
      id: expect.stringMatching(/^RF-2025-[A-Z2-7]{10}$/),
      claim: "En la última semana se realizaron 30 operaciones contra la minería ilegal en Madre de Dios.",
      measure: "OPERATIONS",
      qualifier: "EXACT",
      value: "30.00",
      unit: "COUNT",
      from: "2025-03-01",
      to: "2025-03-31",
      region: { ubigeo: "17" },
      reportedBy: "Autoridad de prueba",
      reportedOn: "2025-04-02",
      url: "https://www.gob.pe/example/nota",
      verification: "UNVERIFIED",
      verificationNote: null,
      recordedBy: editor.id,
      provenance: {
        kind: "REPORTED",
        dataset: REPORTED_DATASET,
        source: "Autoridad de prueba",
        url: "https://www.gob.pe/example/nota",
        asOf: "2025-04-02",
        // Public: the agency's role; who entered it is staff's to read (recordedBy, the audit log).
        note: `entered by an editor of ${ERADICATION_AGENCY} through the API; entered from the agency's press release`,
      },
    });
  });

  it("answers a retry with the same key and input with the first claim, and writes it once", async () => {
    const first = await recordClaim({ reportedOn: "2025-04-03" }, "claim-retry-0001");
    expect(first.errors).toBeUndefined();
    const before = await h.domainDigest();
    const retry = await recordClaim({ reportedOn: "2025-04-03" }, "claim-retry-0001");
    expect(retry).toEqual(first);
    expect(await h.domainDigest()).toBe(before);
    expect(await h.server.models.ReportedFigure.countDocuments({ idempotencyKey: "claim-retry-0001" })).toBe(
      1,
    );
    const other = await recordClaim({ reportedOn: "2025-04-04" }, "claim-retry-0001");
    expect(errorOf(other)).toEqual(["CONFLICT", "idempotencyKey"]);
    expect(await h.domainDigest()).toBe(before);
  });

  const BAD: [string, Record<string, unknown>, string][] = [
    ["an empty claim", { claim: "  " }, "input.claim"],
    ["a negative value", { value: "-1" }, "input.value"],
    ["a count with decimals", { measure: "OPERATIONS", value: "30.50" }, "input.value"],
    ["an arrest count with decimals", { measure: "ARRESTS", value: "2.01" }, "input.value"],
    ["a start before DL 1100", { from: "2011-12-31" }, "input.from"],
    ["a period ending before it starts", { from: "2025-03-10", to: "2025-03-09" }, "input.to"],
    ["a period ending after the claim was made", { to: "2025-04-03" }, "input.to"],
    ["a claim made in the future", { reportedOn: isoDay(2), to: "2025-03-31" }, "input.reportedOn"],
    ["an unknown UBIGEO", { ubigeo: "99" }, "input.ubigeo"],
    ["a malformed UBIGEO", { ubigeo: "17010" }, "input.ubigeo"],
    ["no claimant", { reportedBy: "" }, "input.reportedBy"],
    ["an address that is not http(s)", { url: "ftp://example.org/nota" }, "input.url"],
    ["an address with spaces", { url: "https://example.org/una nota" }, "input.url"],
    ["an empty note", { note: " " }, "input.note"],
  ];

  it.each(BAD)(
    "refuses %s with BAD_USER_INPUT naming the field, writing nothing",
    async (label, overrides, field) => {
      const before = await h.domainDigest();
      const key = `claim-bad-${label.replace(/[^\w]+/g, "-")}`.slice(0, 100);
      const result = await recordClaim(overrides, key);
      expect(result.data).toBeNull();
      expect(errorOf(result)).toEqual(["BAD_USER_INPUT", field]);
      expect(await h.domainDigest()).toBe(before);
      // The attempt is audited as every write is, with the offending field.
      expect(await h.audit({ idempotencyKey: key })).toMatchObject([{ outcome: "BAD_USER_INPUT", field }]);
    },
  );

  it("refuses a malformed idempotency key before the input", async () => {
    const before = await h.domainDigest();
    const result = await recordClaim({ claim: "" }, "short");
    expect(errorOf(result)).toEqual(["BAD_USER_INPUT", "idempotencyKey"]);
    expect(await h.domainDigest()).toBe(before);
  });

  it("takes a national claim (no region) and money in soles", async () => {
    const result = await recordClaim(
      { ubigeo: null, measure: "VALUE_DESTROYED", qualifier: "MORE_THAN", value: "3700000000" },
      "claim-national-0001",
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.recordReportedFigure).toMatchObject({
      region: null,
      measure: "VALUE_DESTROYED",
      qualifier: "MORE_THAN",
      value: "3700000000.00",
      unit: "PEN",
    });
  });
});

describe("setReportedFigureVerification", () => {
  let id = "";
  beforeAll(async () => {
    id = await recorded({ reportedOn: "2025-04-05" }, "claim-verify-0001");
  });

  it("moves UNVERIFIED to a verdict, revises it to the other, and never back to UNVERIFIED", async () => {
    const consistent = await h.run(
      SET_VERIFICATION,
      {
        input: { id, verification: "CONSISTENT", note: "matches the itemized operations" },
        key: "verify-0001",
      },
      editor,
    );
    expect(consistent.errors).toBeUndefined();
    expect(consistent.data?.setReportedFigureVerification).toEqual({
      id,
      verification: "CONSISTENT",
      verificationNote: "matches the itemized operations",
      verifiedOn: todayInLima().toISOString().slice(0, 10),
    });
    const before = await h.domainDigest();
    const again = await h.run(
      SET_VERIFICATION,
      { input: { id, verification: "CONSISTENT", note: "still" }, key: "verify-0002" },
      editor,
    );
    expect(errorOf(again)).toEqual(["BAD_USER_INPUT", "input.verification"]);
    const back = await h.run(
      SET_VERIFICATION,
      { input: { id, verification: "UNVERIFIED", note: "undo" }, key: "verify-0003" },
      editor,
    );
    expect(errorOf(back)).toEqual(["BAD_USER_INPUT", "input.verification"]);
    expect(await h.domainDigest()).toBe(before);
    const revised = await h.run(
      SET_VERIFICATION,
      { input: { id, verification: "INCONSISTENT", note: "the source counts patrols" }, key: "verify-0004" },
      editor,
    );
    expect(revised.errors).toBeUndefined();
    const stored = await h.server.models.ReportedFigure.findOne({ id }).lean();
    expect(stored?.verificationHistory.map((entry) => [entry.status, entry.by])).toEqual([
      ["CONSISTENT", editor.id],
      ["INCONSISTENT", editor.id],
    ]);
  });

  it("answers a retry with the claim as its verdict left it, writing nothing more", async () => {
    const other = await recorded({ reportedOn: "2025-04-06" }, "claim-verify-0002");
    const input = { id: other, verification: "INCONSISTENT", note: "no such operations itemized" };
    const first = await h.run(SET_VERIFICATION, { input, key: "verify-retry-0001" }, editor);
    expect(first.errors).toBeUndefined();
    const before = await h.domainDigest();
    const retry = await h.run(SET_VERIFICATION, { input, key: "verify-retry-0001" }, editor);
    expect(retry).toEqual(first);
    expect(await h.domainDigest()).toBe(before);
    const changed = await h.run(
      SET_VERIFICATION,
      { input: { ...input, verification: "CONSISTENT" }, key: "verify-retry-0001" },
      editor,
    );
    expect(errorOf(changed)).toEqual(["CONFLICT", "idempotencyKey"]);
    expect(await h.domainDigest()).toBe(before);
  });

  it.each([
    ["a malformed identifier", { id: "x" }, "input.id", "BAD_USER_INPUT"],
    ["an unknown claim", { id: "RF-2025-NOSUCHCLAIM" }, "input.id", "NOT_FOUND"],
    ["an empty note", { note: "" }, "input.note", "BAD_USER_INPUT"],
  ])("refuses %s naming the field, writing nothing", async (_, overrides, field, code) => {
    const before = await h.domainDigest();
    const result = await h.run(
      SET_VERIFICATION,
      {
        input: { id, verification: "CONSISTENT", note: "checked", ...overrides },
        key: `verify-bad-${field}-${code}`,
      },
      editor,
    );
    expect(errorOf(result)).toEqual([code, field]);
    expect(await h.domainDigest()).toBe(before);
    expect(await h.audit({ idempotencyKey: `verify-bad-${field}-${code}` })).toMatchObject([
      { operation: "setReportedFigureVerification", outcome: code, field },
    ]);
  });
});

describe("reportedFigures", () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    await h.server.models.ReportedFigure.deleteMany({});
    // The samples: 48 operations from 1-Jan-2025 every five days, in Madre de Dios (17), La Libertad (13), Puno
    // (21) and Piura (20).
    ids.march17 = await recorded({ from: "2025-03-01", to: "2025-03-31", ubigeo: "17" }, "list-0001");
    ids.march13 = await recorded({ from: "2025-03-01", to: "2025-03-31", ubigeo: "1308" }, "list-0002");
    ids.marchPeru = await recorded({ from: "2025-03-01", to: "2025-03-31", ubigeo: null }, "list-0003");
    ids.valueWeek = await recorded(
      { measure: "VALUE", value: "5000000", from: "2025-01-27", to: "2025-02-02", ubigeo: "170102" },
      "list-0004",
    );
    ids.arrestsSpring = await recorded(
      {
        measure: "ARRESTS",
        value: "12",
        from: "2025-02-15",
        to: "2025-05-20",
        ubigeo: null,
        reportedOn: "2025-06-01",
      },
      "list-0005",
    );
    ids.seizedJuly = await recorded(
      {
        measure: "VALUE_SEIZED",
        value: "100",
        from: "2025-07-01",
        to: "2025-07-31",
        reportedOn: "2025-08-01",
      },
      "list-0006",
    );
    ids.destroyedJuly = await recorded(
      {
        measure: "VALUE_DESTROYED",
        value: "1",
        from: "2025-07-01",
        to: "2025-07-31",
        reportedOn: "2025-08-01",
      },
      "list-0007",
    );
  });

  it("gives each claim the hub's figure for its measure, period and region, equal to the region counters'", async () => {
    const nodes = await itemizedOf({});
    expect(nodes).toHaveLength(7);
    for (const node of nodes) {
      const figures = await regionFigures(node.region?.ubigeo ?? "", node.from, node.to).catch(() => null);
      if (node.region) {
        const expected = figures as NonNullable<typeof figures>;
        const value = {
          OPERATIONS: `${expected.operations}.00`,
          ARRESTS: `${expected.arrests}.00`,
          VALUE: expected.value,
          VALUE_DESTROYED: expected.valueDestroyed,
          VALUE_SEIZED: expected.valueSeized,
        }[node.measure];
        expect(node.itemized.value, node.id).toBe(value);
        expect(node.itemized.sources, node.id).toEqual(expected.sources);
      }
    }
    // And against the samples themselves, so the counters are not compared with themselves alone.
    const inPeriod = (s: Sample, from: string, to: string) => s.date >= from && s.date <= to;
    const byId = new Map(nodes.map((node) => [node.id, node]));
    const march = samples.filter((s) => inPeriod(s, "2025-03-01", "2025-03-31"));
    expect(byId.get(ids.march17 as string)?.itemized).toMatchObject({
      value: `${march.filter((s) => s.ubigeo.startsWith("17")).length}.00`,
    });
    expect(byId.get(ids.march13 as string)?.itemized.value).toBe(
      `${march.filter((s) => s.ubigeo.startsWith("1308")).length}.00`,
    );
    expect(byId.get(ids.marchPeru as string)?.itemized).toEqual({
      value: `${march.length}.00`,
      difference: `${30 - march.length}.00`,
      sources: [{ kind: "ENTERED", source: ERADICATION_AGENCY, records: march.length }],
    });
    const week = samples.filter((s) => s.ubigeo === "170102" && inPeriod(s, "2025-01-27", "2025-02-02"));
    const weekCents = week.reduce((sum, s) => sum + s.destroyedCents + s.seizedCents, 0);
    expect(byId.get(ids.valueWeek as string)?.itemized.value).toBe(soles(weekCents));
    expect(byId.get(ids.valueWeek as string)?.itemized.difference).toBe(soles(500_000_000 - weekCents));
    const spring = samples.filter((s) => inPeriod(s, "2025-02-15", "2025-05-20"));
    expect(byId.get(ids.arrestsSpring as string)?.itemized.value).toBe(
      `${spring.reduce((sum, s) => sum + s.arrests, 0)}.00`,
    );
    const july17 = samples.filter(
      (s) => s.ubigeo.startsWith("17") && inPeriod(s, "2025-07-01", "2025-07-31"),
    );
    expect(byId.get(ids.seizedJuly as string)?.itemized.value).toBe(soles(july17.length * 12_345));
    expect(byId.get(ids.destroyedJuly as string)?.itemized.value).toBe(
      soles(july17.reduce((sum, s) => sum + s.destroyedCents, 0)),
    );
    expect(march.length).toBeGreaterThan(0);
    expect(week.length).toBeGreaterThan(0);
    expect(july17.length).toBeGreaterThan(0);
  });

  it("reads a page of claims with their itemized figures in one find per collection, with or without sources", async () => {
    const filter = { period: { from: "2025-03-01", to: "2025-03-31" }, measure: "OPERATIONS" };
    h.mongo.resetStats();
    const nodes = await itemizedOf(filter);
    expect(nodes.map((node) => node.id).sort()).toEqual([ids.march13, ids.march17, ids.marchPeru].sort());
    // One page, its count (an aggregation), and the whole month's counters for every region of the page at once.
    const withSources = h.allCommands();
    expect(withSources).toEqual({ reported_figures: { find: 1, aggregate: 1 }, region_stats: { find: 1 } });
    h.mongo.resetStats();
    await h.ok(ITEMIZED.replace(/sources \{[^}]*\}/, ""), { filter });
    expect(h.allCommands()).toEqual(withSources);
    // Claims of different periods: one find of the counters for the whole months of every period (March;
    // 15-Feb to 20-May), one find of the operations for the partial months of every period (27-Jan to 2-Feb;
    // 15-Feb to 20-May), however many claims, periods and regions.
    h.mongo.resetStats();
    const overlapping = await itemizedOf({ period: { from: "2025-01-27", to: "2025-05-20" } });
    expect(overlapping).toHaveLength(5);
    expect(h.allCommands()).toEqual({
      reported_figures: { find: 1, aggregate: 1 },
      region_stats: { find: 1 },
      enforcement_operations: { find: 1 },
    });
  });

  it("selects by region (and the regions within it), national claims, period overlap, measure and verdict", async () => {
    const select = async (filter: Record<string, unknown>) =>
      (await itemizedOf(filter)).map((node) => node.id).sort();
    const sorted = (...list: (string | undefined)[]) => (list as string[]).sort();
    expect(await select({ ubigeo: "17" })).toEqual(
      sorted(ids.march17, ids.valueWeek, ids.seizedJuly, ids.destroyedJuly),
    );
    expect(await select({ ubigeo: "1701" })).toEqual(sorted(ids.valueWeek));
    expect(await select({ ubigeo: "13" })).toEqual(sorted(ids.march13));
    expect(await select({ national: true })).toEqual(sorted(ids.marchPeru, ids.arrestsSpring));
    expect(await select({ national: false })).toHaveLength(5);
    expect(await select({ period: { from: "2025-05-20", to: "2025-07-01" } })).toEqual(
      sorted(ids.arrestsSpring, ids.seizedJuly, ids.destroyedJuly),
    );
    expect(await select({ period: { from: "2025-06-01", to: "2025-06-30" } })).toEqual([]);
    expect(await select({ measure: "VALUE_SEIZED" })).toEqual(sorted(ids.seizedJuly));
    await h.ok(SET_VERIFICATION, {
      input: { id: ids.march17, verification: "INCONSISTENT", note: "fewer itemized" },
      key: "list-verdict-0001",
    });
    expect(await select({ verification: "INCONSISTENT" })).toEqual(sorted(ids.march17));
    expect(await select({ verification: "UNVERIFIED" })).toHaveLength(6);
    const both = await h.run(ITEMIZED, { filter: { ubigeo: "17", national: true } });
    expect(errorOf(both)).toEqual(["BAD_USER_INPUT", "filter.national"]);
    const unknown = await h.run(ITEMIZED, { filter: { ubigeo: "99" } });
    expect(errorOf(unknown)).toEqual(["BAD_USER_INPUT", "filter.ubigeo"]);
  });

  it("pages newest report first with cursors that continue where the page ended", async () => {
    const all = await itemizedOf({});
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const data: {
        reportedFigures: {
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { node: { id: string; reportedOn: string } }[];
        };
      } = await h.ok(
        `query ($after: String) { reportedFigures(first: 3, after: $after) {
          pageInfo { hasNextPage endCursor } edges { node { id reportedOn } } } }`,
        { after },
      );
      seen.push(...data.reportedFigures.edges.map((edge) => edge.node.id));
      if (!data.reportedFigures.pageInfo.hasNextPage) break;
      after = data.reportedFigures.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(all.length);
    expect(new Set(seen).size).toBe(all.length);
    const days = await h.server.models.ReportedFigure.find({ id: { $in: seen } }).lean();
    const dayOf = new Map(days.map((doc) => [doc.id, doc.reportedOn.getTime()]));
    for (let i = 1; i < seen.length; i++) {
      expect(dayOf.get(seen[i - 1] as string) as number).toBeGreaterThanOrEqual(
        dayOf.get(seen[i] as string) as number,
      );
    }
  });

  it("are public to read, itemized figure and all, but not who entered them", async () => {
    const result = await h.run(
      `{ reportedFigures(filter: { national: true }) { totalCount edges { node { claim value reportedBy
        verification provenance { kind source } itemized { value sources { kind records } } recordedBy } } } }`,
      undefined,
      viewers.public,
    );
    const edges = (result.data?.reportedFigures as { edges: { node: Record<string, unknown> }[] }).edges;
    expect(edges).toHaveLength(2);
    for (const { node } of edges) {
      expect(node).toMatchObject({ provenance: { kind: "REPORTED" }, recordedBy: null });
      expect(node.itemized).toBeTruthy();
    }
    expect(result.errors?.map((error) => error.extensions?.["code"])).toEqual(["FORBIDDEN", "FORBIDDEN"]);
  });

  it("are written by eradication editors and admins only", async () => {
    const before = await h.domainDigest();
    for (const viewer of [viewers.public, viewers.analyst, viewers.editor("recovery")]) {
      const result = await recordClaim({}, `claim-denied-${viewer.id}`, viewer);
      expect(errorOf(result)).toEqual(["FORBIDDEN", undefined]);
    }
    expect(await h.domainDigest()).toBe(before);
  });
});

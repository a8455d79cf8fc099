import { beforeAll, describe, expect, it } from "vitest";
import type { ProjectDoc } from "../../subgraphs/livelihoods/src/models.ts";
import { seedLivelihoods } from "../../subgraphs/livelihoods/seed/index.ts";
import { DONORS } from "../../subgraphs/livelihoods/seed/vocabulary.ts";
import { departments, queryRegions } from "../support/region-entity.ts";
import { validRuc } from "./fixtures.ts";
import { useLivelihoods } from "./harness.ts";

const h = useLivelihoods();
/** The seed's synthetic funders: the national one (in soles), the one a stop-work order hit, a multilateral. */
const NATIONAL = DONORS[0]!.ref;
const STOPPED = DONORS[1]!.ref;
const MULTILATERAL = DONORS[3]!;
let projects: ProjectDoc[];
let enrolledRucs: string[];

beforeAll(async () => {
  await seedLivelihoods(h.server.models, { scale: 2 });
  projects = await h.server.models.Project.find({}).sort({ iatiIdentifier: 1 }).lean<ProjectDoc[]>();
  enrolledRucs = (await h.server.models.Enrollment.distinct("ruc")).sort();
});

const PAGE = /* GraphQL */ `
  query Page($filter: LivelihoodProjectFilter, $first: Int, $after: String) {
    livelihoodProjects(filter: $filter, first: $first, after: $after) {
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
          iatiIdentifier
          status
        }
      }
    }
  }
`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { iatiIdentifier: string; status: string } }[];
}

async function page(variables: Record<string, unknown>): Promise<Page> {
  return (await h.ok<{ livelihoodProjects: Page }>(PAGE, variables)).livelihoodProjects;
}

const inRegion = (p: ProjectDoc, ubigeo: string) => p.locations.some((l) => l.startsWith(ubigeo));
const fundedBy = (p: ProjectDoc, ref: string) =>
  p.participatingOrgs.some((o) => o.role === "1" && o.ref === ref);
const ids = (list: ProjectDoc[]) => list.map((p) => p.iatiIdentifier);

describe("livelihoodProjects", () => {
  it("pages through every project in IATI-identifier order with Relay cursors and a total", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const p: Page = await page({ first: 30, after });
      pages++;
      expect(p.totalCount).toBe(projects.length);
      seen.push(...p.edges.map((e) => e.node.iatiIdentifier));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(projects.length / 30));
    expect(seen).toEqual(ids(projects));
  });

  it.each([
    ["a department", { ubigeo: "17" }, (p: ProjectDoc) => inRegion(p, "17")],
    ["a province", { ubigeo: "1308" }, (p: ProjectDoc) => inRegion(p, "1308")],
    ["a status", { status: "IMPLEMENTATION" }, (p: ProjectDoc) => p.activityStatus === "2"],
    [
      "a sector",
      { sector: "INDUSTRIAL_CROPS" },
      (p: ProjectDoc) => p.sectors.some((s) => s.code === "31162"),
    ],
    ["a donor", { donorRef: NATIONAL }, (p: ProjectDoc) => fundedBy(p, NATIONAL)],
    [
      "all of them together",
      { ubigeo: "21", status: "IMPLEMENTATION", donorRef: NATIONAL },
      (p: ProjectDoc) => inRegion(p, "21") && p.activityStatus === "2" && fundedBy(p, NATIONAL),
    ],
  ])("filters by %s, matching the stored projects", async (_name, filter, expected) => {
    const p = await page({ filter, first: 100 });
    const want = ids(projects.filter(expected));
    expect(want.length).toBeGreaterThan(0);
    expect(p.totalCount).toBe(want.length);
    expect(p.edges.map((e) => e.node.iatiIdentifier)).toEqual(want);
  });

  it("reads one page with one find, and counts only when the total is asked for", async () => {
    h.mongo.resetStats();
    await h.ok(`{ livelihoodProjects(first: 5) { edges { node { iatiIdentifier title } } } }`);
    expect(h.commands("projects")).toEqual({ find: 1 });
  });

  it.each([
    ["first: 0", { first: 0 }, "first"],
    ["first over 100", { first: 101 }, "first"],
    ["a cursor it did not issue", { after: "bm9wZQ" }, "after"],
    ["an unknown region", { filter: { ubigeo: "99" } }, "filter.ubigeo"],
    ["a donor reference IATI does not recognise", { filter: { donorRef: "usaid" } }, "filter.donorRef"],
  ])("refuses %s with BAD_USER_INPUT", async (_name, variables, field) => {
    const result = await h.run(PAGE, variables);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it("answers one project by identifier, null for an unknown one, and refuses a malformed one", async () => {
    const id = projects[0]?.iatiIdentifier;
    const found = await h.ok<{ livelihoodProject: { iatiIdentifier: string } }>(
      `query($id: ID!) { livelihoodProject(iatiIdentifier: $id) { iatiIdentifier } }`,
      { id },
    );
    expect(found.livelihoodProject.iatiIdentifier).toBe(id);
    const unknown = await h.ok(`{ livelihoodProject(iatiIdentifier: "${STOPPED}-NOPE") { iatiIdentifier } }`);
    expect(unknown.livelihoodProject).toBeNull();
    const malformed = await h.run(`{ livelihoodProject(iatiIdentifier: "not an id") { iatiIdentifier } }`);
    expect(malformed.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "iatiIdentifier",
    });
  });
});

describe("donors", () => {
  it("lists the funders by reference, with their projects and the money they provided per currency", async () => {
    h.mongo.resetStats();
    const data = await h.ok<{
      donors: {
        ref: string;
        name: string;
        type: string;
        projects: { iatiIdentifier: string }[];
        committed: { currency: string; value: string }[];
        disbursed: { currency: string; value: string }[];
      }[];
    }>(
      `{ donors { ref name type projects { iatiIdentifier } committed { currency value } disbursed { currency value } } }`,
    );
    expect(data.donors.map((d) => d.ref)).toEqual(DONORS.map((d) => d.ref).sort());
    // Every donor's projects and money come from one find of projects for the whole list.
    expect(h.commands("donors")).toEqual({ find: 1 });
    expect(h.commands("projects")).toEqual({ find: 1 });
    const national = data.donors.find((d) => d.ref === NATIONAL);
    expect(national?.type).toBe("GOVERNMENT");
    expect(national?.projects.map((p) => p.iatiIdentifier)).toEqual(
      ids(projects.filter((p) => fundedBy(p, NATIONAL))),
    );
    let committed = 0;
    for (const p of projects) {
      for (const t of p.transactions) {
        if (t.providerOrg?.ref === NATIONAL && (t.transactionType === "2" || t.transactionType === "11")) {
          if (t.value.currency === "PEN") committed += t.value.cents;
        }
      }
    }
    expect(national?.committed[0]).toEqual({ currency: "PEN", value: (committed / 100).toFixed(2) });
    const stopped = data.donors.find((d) => d.ref === STOPPED);
    expect(stopped?.committed[0]).toEqual({ currency: "PEN", value: "0.00" });
    expect(Number(stopped?.committed[1]?.value)).toBeGreaterThan(0);
  });

  it("answers a donor by reference, null for an unknown one", async () => {
    const data = await h.ok(
      `{ a: donor(ref: "${MULTILATERAL.ref}") { name } b: donor(ref: "XE-EXAMPLE-TINKUY-NOPE") { name } }`,
    );
    expect(data).toEqual({ a: { name: MULTILATERAL.name }, b: null });
  });
});

describe("entities", () => {
  const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
    ... on LivelihoodProject { iatiIdentifier status locations { ubigeo } participatingOrgs { role donor { ref } } }
    ... on Operator { ruc livelihoodEnrollments { id status project { iatiIdentifier } } }
    ... on Donor { ref name projects { iatiIdentifier } committed { currency value } }
    ... on Region { ubigeo name }
  } }`;

  it("resolves 100 LivelihoodProject entities with one find of projects and one of donors, null for unknown ones", async () => {
    expect(projects.length).toBeGreaterThanOrEqual(99);
    const representations = [
      ...projects
        .slice(0, 99)
        .map((p) => ({ __typename: "LivelihoodProject", iatiIdentifier: p.iatiIdentifier })),
      { __typename: "LivelihoodProject", iatiIdentifier: `${STOPPED}-NOPE` },
    ];
    h.mongo.resetStats();
    const data = await h.ok<{ _entities: ({ iatiIdentifier: string } | null)[] }>(ENTITIES, {
      r: representations,
    });
    expect(data._entities).toHaveLength(100);
    expect(data._entities.slice(0, 99).map((e) => e?.iatiIdentifier)).toEqual(ids(projects.slice(0, 99)));
    expect(data._entities[99]).toBeNull();
    expect(h.commands("projects")).toEqual({ find: 1 });
    expect(h.commands("donors")).toEqual({ find: 1 });
  });

  it("resolves 100 Operator entities with one find of enrollments (and one of their projects), null for an invalid RUC", async () => {
    expect(enrolledRucs.length).toBeGreaterThan(90);
    const rucs = [
      ...enrolledRucs.slice(0, 90),
      ...Array.from({ length: 9 }, (_, i) => validRuc(`20${String(30000000 + i)}`)),
    ];
    const representations = [
      ...rucs.map((ruc) => ({ __typename: "Operator", ruc })),
      { __typename: "Operator", ruc: "20512333798" },
    ];
    h.mongo.resetStats();
    const data = await h.ok<{
      _entities: ({
        ruc: string;
        livelihoodEnrollments: { id: string; project: { iatiIdentifier: string } }[];
      } | null)[];
    }>(ENTITIES, { r: representations });
    expect(data._entities).toHaveLength(100);
    expect(data._entities[99]).toBeNull();
    for (const entity of data._entities.slice(0, 90)) {
      expect(entity?.livelihoodEnrollments.length).toBeGreaterThan(0);
      for (const e of entity?.livelihoodEnrollments ?? [])
        expect(e.id).toBe(`${e.project.iatiIdentifier}|${entity?.ruc}`);
    }
    for (const entity of data._entities.slice(90, 99)) expect(entity?.livelihoodEnrollments).toEqual([]);
    expect(h.commands("enrollments")).toEqual({ find: 1 });
    expect(h.commands("projects")).toEqual({ find: 1 });
  });

  it("resolves Donor entities with one find of donors and one of projects, null for an unknown reference", async () => {
    const refs = [...DONORS.slice(1, 5).map((d) => d.ref), "XE-EXAMPLE-TINKUY-NOPE"];
    h.mongo.resetStats();
    const data = await h.ok<{ _entities: ({ ref: string; projects: unknown[] } | null)[] }>(ENTITIES, {
      r: refs.map((ref) => ({ __typename: "Donor", ref })),
    });
    expect(data._entities.map((d) => d?.ref ?? null)).toEqual([...refs.slice(0, 4), null]);
    expect(h.commands("donors")).toEqual({ find: 1 });
    expect(h.commands("projects")).toEqual({ find: 1 });
  });

  it("resolves Region entities from the catalog: unknown codes and invalid RUCs give null, not errors", async () => {
    h.mongo.resetStats();
    const data = await h.ok(ENTITIES, {
      r: [
        { __typename: "Region", ubigeo: "1308" },
        { __typename: "Region", ubigeo: "999999" },
        { __typename: "Operator", ruc: "20512333798" },
      ],
    });
    expect(data._entities).toEqual([{ ubigeo: "1308", name: "Pataz" }, null, null]);
    expect(h.mongo.stats().namespaces).toEqual({});
  });
});

describe("region figures for every department", () => {
  const FIGURES = /* GraphQL */ `
    ubigeo
    livelihoods(period: $period) {
      activeProjects
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
    }
  `;
  interface Row {
    ubigeo: string;
    livelihoods: {
      activeProjects: number;
      committed: { currency: string; value: string }[];
      disbursed: { currency: string; value: string }[];
      beneficiaries: { total: number };
    };
  }

  /** Every department's figures over a period, in code order, in one request. */
  async function departmentFigures(period: { from: string; to: string }): Promise<Row[]> {
    const result = await queryRegions(h.run, departments(), FIGURES, {
      variableDefinitions: "$period: PeriodInput",
      variables: { period },
    });
    expect(result.errors).toBeUndefined();
    return result.data?.regions as Row[];
  }

  it("costs one find of project summaries, one of whole projects for their outcomes, and one of the monthly counters for all 25 departments", async () => {
    h.mongo.resetStats();
    const regions = await departmentFigures({ from: "2026-01-01", to: "2026-12-31" });
    expect(regions).toHaveLength(25);
    expect(h.commands("projects")).toEqual({ find: 2 });
    expect(h.commands("region_money")).toEqual({ find: 1 });
    expect(h.commands("enrollments")).toEqual({});
    expect(regions.filter((r) => r.livelihoods.activeProjects > 0).length).toBeGreaterThanOrEqual(5);
  });

  it("adds one find of projects for a period that starts or ends within a month, and nothing for the children level", async () => {
    h.mongo.resetStats();
    await departmentFigures({ from: "2025-03-15", to: "2026-02-10" });
    expect(h.commands("projects")).toEqual({ find: 3 });
    expect(h.commands("region_money")).toEqual({ find: 1 });
    h.mongo.resetStats();
    const result = await queryRegions(
      h.run,
      departments(),
      `livelihoods(period: { from: "2026-01-01", to: "2026-12-31" }) { activeProjects committed { value } children { activeProjects committed { value } } }`,
    );
    expect(result.errors).toBeUndefined();
    const regions = result.data?.regions as { livelihoods: { children: unknown[] } }[];
    expect(regions.flatMap((r) => r.livelihoods.children)).toHaveLength(196);
    // Departments and their 196 provinces resolve in the same tick: one batch for both levels.
    expect(h.commands("projects")).toEqual({ find: 1 });
    expect(h.commands("region_money")).toEqual({ find: 1 });
  });

  it("answers sources from the reads the figures make anyway: asking for them costs no database command", async () => {
    const withSources = FIGURES.replace(
      "livelihoods(period: $period) {",
      "livelihoods(period: $period) { sources { kind dataset source asOf records }",
    );
    for (const period of [
      { from: "2026-01-01", to: "2026-12-31" },
      { from: "2025-03-15", to: "2026-02-10" },
    ]) {
      const options = { variableDefinitions: "$period: PeriodInput", variables: { period } };
      h.mongo.resetStats();
      expect((await queryRegions(h.run, departments(), FIGURES, options)).errors).toBeUndefined();
      const alone = h.allCommands();
      h.mongo.resetStats();
      const result = await queryRegions(h.run, departments(), withSources, options);
      expect(result.errors).toBeUndefined();
      expect(h.allCommands()).toEqual(alone);
      const rows = result.data?.regions as { livelihoods: { sources: { records: number }[] } }[];
      expect(rows.some((row) => row.livelihoods.sources.length > 0)).toBe(true);
    }
  });

  it("says on a seeded hub that every figure rests on synthetic data: the active projects and the funding transactions", async () => {
    const from = new Date("2025-01-01T00:00:00.000Z");
    const until = new Date("2026-01-01T00:00:00.000Z");
    const result = await queryRegions(
      h.run,
      departments(),
      `ubigeo livelihoods(period: $period) { activeProjects sources { kind dataset source asOf records } }`,
      {
        variableDefinitions: "$period: PeriodInput",
        variables: { period: { from: "2025-01-01", to: "2025-12-31" } },
      },
    );
    expect(result.errors).toBeUndefined();
    const rows = result.data?.regions as {
      ubigeo: string;
      livelihoods: { activeProjects: number; sources: { kind: string; dataset: string; records: number }[] };
    }[];
    let counted = 0;
    for (const row of rows) {
      for (const share of row.livelihoods.sources) {
        expect(share).toMatchObject({
          kind: "SYNTHETIC",
          dataset: "tinkuy-demo:livelihoods",
          asOf: "2025-08-08",
        });
      }
      // Funding transactions of the year that move money in the department, each counted once.
      let transactions = 0;
      for (const p of projects.filter((project) => inRegion(project, row.ubigeo))) {
        const funders = new Set(p.participatingOrgs.filter((o) => o.role === "1").map((o) => o.ref));
        for (const t of p.transactions) {
          if (!funders.has(t.providerOrg?.ref ?? null) || !["1", "2", "3", "11"].includes(t.transactionType))
            continue;
          if (t.transactionDate < from || t.transactionDate >= until) continue;
          if (
            t.value.cents >= p.locations.length ||
            p.locations.some((l, i) => l.startsWith(row.ubigeo) && i < t.value.cents)
          )
            transactions++;
        }
      }
      const records = row.livelihoods.sources.reduce((n, share) => n + share.records, 0);
      expect(records).toBe(row.livelihoods.activeProjects + transactions);
      counted += records;
    }
    expect(counted).toBeGreaterThan(0);
  });

  it("matches a count made from the stored projects: active projects, beneficiaries, and money split among locations", async () => {
    const from = new Date("2025-01-01T00:00:00.000Z");
    const until = new Date("2026-01-01T00:00:00.000Z");
    let nationalCommitted = 0;
    for (const row of await departmentFigures({ from: "2025-01-01", to: "2025-12-31" })) {
      const here = projects.filter((p) => inRegion(p, row.ubigeo));
      const active = here.filter((p) =>
        p.statusHistory.some(
          (e, i) =>
            e.status === "2" &&
            e.date < until &&
            (p.statusHistory[i + 1]?.date ?? until) > from &&
            e.date < (p.statusHistory[i + 1]?.date ?? until),
        ),
      );
      expect(row.livelihoods.activeProjects).toBe(active.length);
      expect(row.livelihoods.beneficiaries.total).toBe(active.reduce((n, p) => n + p.beneficiaries.total, 0));
      let committedUsd = 0;
      for (const p of here) {
        const funders = new Set(p.participatingOrgs.filter((o) => o.role === "1").map((o) => o.ref));
        for (const t of p.transactions) {
          const funding =
            funders.has(t.providerOrg?.ref ?? null) &&
            (t.transactionType === "2" || t.transactionType === "11");
          if (
            !funding ||
            t.value.currency !== "USD" ||
            t.transactionDate < from ||
            t.transactionDate >= until
          )
            continue;
          const n = p.locations.length;
          const base = Math.floor(t.value.cents / n);
          p.locations.forEach((l, i) => {
            if (l.startsWith(row.ubigeo)) committedUsd += base + (i < t.value.cents - base * n ? 1 : 0);
          });
        }
      }
      expect(row.livelihoods.committed[1]).toEqual({
        currency: "USD",
        value: (committedUsd / 100).toFixed(2),
      });
      nationalCommitted += committedUsd;
    }
    // Apportioning loses nothing: the departments add up to every funding commitment of the year.
    let all = 0;
    for (const p of projects) {
      const funders = new Set(p.participatingOrgs.filter((o) => o.role === "1").map((o) => o.ref));
      for (const t of p.transactions) {
        if (
          funders.has(t.providerOrg?.ref ?? null) &&
          ["2", "11"].includes(t.transactionType) &&
          t.value.currency === "USD" &&
          t.transactionDate >= from &&
          t.transactionDate < until
        ) {
          all += t.value.cents;
        }
      }
    }
    expect(nationalCommitted).toBe(all);
    expect(all).toBeGreaterThan(0);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { regionCatalog } from "../../packages/kit/src/index.ts";
import { seedLivelihoods } from "../../subgraphs/livelihoods/seed/index.ts";
import { departments, queryRegions } from "../support/region-entity.ts";
import { projectInput, REGISTER } from "./fixtures.ts";
import { useLivelihoods } from "./harness.ts";

const h = useLivelihoods();

// The seed's portfolio (~50 projects in the mining regions, money and statuses through August 2025) gives every
// figure something to count; the periods below lie in it.
beforeAll(async () => {
  await seedLivelihoods(h.server.models, { scale: 1 });
});

/** Every scalar figure of `RegionLivelihoods`, as a dashboard's chart asks for them. */
const SCALARS = /* GraphQL */ `
  from
  to
  partial
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
  sources {
    dataset
    records
  }
`;

interface Money {
  currency: string;
  value: string;
}

interface Figures {
  from: string;
  to: string;
  partial: boolean;
  activeProjects: number;
  committed: Money[];
  disbursed: Money[];
  beneficiaries: { total: number; women: number; formerMiners: number };
  outcomeProgress: { indicators: number; measured: number; averageProgress: number | null; onTrack: number };
  sources: { dataset: string; records: number }[];
  projects?: {
    iatiIdentifier: string;
    beneficiaries: { total: number; women: number; formerMiners: number };
  }[];
  series?: Figures[];
  children?: { region: { ubigeo: string } }[];
}

type Period = { from: string; to: string };

/** One selection on the regions (`livelihoods(period: $period) { … }`), answered as a list in their order. */
async function livelihoods(
  ubigeos: readonly string[],
  selection: string,
  period: Period,
): Promise<Figures[]> {
  const result = await queryRegions(h.run, ubigeos, `livelihoods(period: $period) { ${selection} }`, {
    variableDefinitions: "$period: PeriodInput",
    variables: { period },
  });
  expect(result.errors).toBeUndefined();
  return (result.data?.regions as { livelihoods: Figures }[]).map((region) => region.livelihoods);
}

/** The database commands one request costs, by collection. */
async function cost(request: () => Promise<unknown>): Promise<Record<string, Record<string, number>>> {
  h.mongo.resetStats();
  await request();
  return h.allCommands();
}

const TWO_YEARS = { from: "2024-01-01", to: "2025-12-31" };
const ONE_MONTH = { from: "2025-03-01", to: "2025-03-31" };
const DEPARTMENTS = departments();

const cents = (money: readonly Money[], currency: string) =>
  Math.round(Number(money.find((m) => m.currency === currency)?.value ?? "0") * 100);

describe("RegionLivelihoods.series", () => {
  it("costs the 25 departments the same database commands for a 24-month series as for one month", async () => {
    const series = `series(granularity: MONTH) { ${SCALARS} }`;
    const monthly = await cost(() => livelihoods(DEPARTMENTS, series, TWO_YEARS));
    const oneMonth = await cost(() => livelihoods(DEPARTMENTS, SCALARS, ONE_MONTH));
    const plain = await cost(() => livelihoods(DEPARTMENTS, SCALARS, TWO_YEARS));
    expect(monthly).toEqual(oneMonth);
    expect(monthly).toEqual(plain);
    // The project summaries, the projects' frameworks (outcome progress) and the money counters: one find each.
    expect(monthly).toEqual({ projects: { find: 2 }, region_money: { find: 1 } });
    // The 196 provinces' series too (4,704 points): one batch, not one per thousand points.
    const provinces = regionCatalog()
      .list({ level: "PROVINCE" })
      .map((province) => province.ubigeo);
    const money = "series(granularity: MONTH) { committed { currency value } }";
    expect(await cost(() => livelihoods(provinces, money, TWO_YEARS))).toEqual({ region_money: { find: 1 } });
    // A period cut mid-month adds one find (the edges' transactions) to the series as to the plain figure.
    const cut = { from: "2024-01-15", to: "2025-12-20" };
    expect(await cost(() => livelihoods(DEPARTMENTS, series, cut))).toEqual(
      await cost(() => livelihoods(DEPARTMENTS, SCALARS, cut)),
    );
  });

  it("answers every point with the same figures as the plain figure asked for that bucket's period", async () => {
    const regions = ["00", "17", "21", "1701"];
    const period = { from: "2023-11-10", to: "2025-06-20" };
    const [monthly, quarterly] = await Promise.all([
      livelihoods(regions, `series(granularity: MONTH) { ${SCALARS} }`, period),
      livelihoods(regions, `series(granularity: QUARTER) { ${SCALARS} }`, period),
    ]);
    const picks: [Figures[], number][] = [
      [monthly.map((r) => r.series![0]!), 0], // November 2023, cut on the 10th
      [monthly.map((r) => r.series![15]!), 15], // February 2025
      [quarterly.map((r) => r.series![3]!), 3], // July–September 2024
    ];
    let moneyCompared = 0;
    for (const [points] of picks) {
      const bucket = { from: points[0]!.from, to: points[0]!.to };
      const plain = await livelihoods(regions, SCALARS, bucket);
      // `partial` alone may differ: a point the series' period cuts is partial, its figure as a period is not.
      const withoutPartial = (figures: Figures[]) => figures.map(({ partial: _, ...rest }) => rest);
      expect(withoutPartial(points)).toEqual(withoutPartial(plain));
      moneyCompared += plain.filter((f) => cents(f.disbursed, "USD") + cents(f.disbursed, "PEN") > 0).length;
    }
    expect(monthly[0]!.series![0]).toMatchObject({ from: "2023-11-10", to: "2023-11-30", partial: true });
    expect(monthly[0]!.series![15]).toMatchObject({ from: "2025-02-01", to: "2025-02-28", partial: false });
    expect(quarterly[0]!.series![3]).toMatchObject({ from: "2024-07-01", to: "2024-09-30" });
    // The comparison is not between empty figures: some bucket moved money in some region.
    expect(moneyCompared).toBeGreaterThan(0);
  });

  it("takes its own period, and refuses one that ends before it starts", async () => {
    const [figure] = await livelihoods(
      ["17"],
      `from to series(granularity: YEAR, period: { from: "2022-03-01", to: "2024-12-31" }) { from to partial }`,
      ONE_MONTH,
    );
    expect(figure!.series).toEqual([
      { from: "2022-03-01", to: "2022-12-31", partial: true },
      { from: "2023-01-01", to: "2023-12-31", partial: false },
      { from: "2024-01-01", to: "2024-12-31", partial: false },
    ]);
    const bad = await queryRegions(
      h.run,
      "17",
      `livelihoods { series(granularity: MONTH, period: { from: "2025-02-01", to: "2025-01-01" }) { from } }`,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "period.to" });
  });

  it("marks the bucket holding today partial, a whole past bucket not, and a period's cut edges partial", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const year = Number(today.slice(0, 4));
    const [current] = await livelihoods(["17"], `partial series(granularity: MONTH) { from to partial }`, {
      from: `${year - 1}-01-01`,
      to: `${year}-12-31`,
    });
    expect(current!.partial).toBe(true);
    const points = current!.series!;
    const last = points[points.length - 1]!;
    // Buckets that start after today are left out: the last point holds today.
    expect(last.from <= today && today <= last.to).toBe(true);
    expect(last.partial).toBe(true);
    expect(points.slice(0, -1).every((point) => !point.partial)).toBe(true);
    expect(points).toHaveLength(12 + Number(today.slice(5, 7)));

    const [past] = await livelihoods(["17"], `partial series(granularity: MONTH) { from to partial }`, {
      from: "2024-01-20",
      to: "2024-04-10",
    });
    expect(past!.partial).toBe(false);
    expect(past!.series!.map((p) => [p.from, p.to, p.partial])).toEqual([
      ["2024-01-20", "2024-01-31", true],
      ["2024-02-01", "2024-02-29", false],
      ["2024-03-01", "2024-03-31", false],
      ["2024-04-01", "2024-04-10", true],
    ]);
  });
});

describe("Peru as a whole (UBIGEO 00)", () => {
  const DETAIL = /* GraphQL */ `
    ${SCALARS}
    projects {
      iatiIdentifier
      beneficiaries {
        total
        women
        formerMiners
      }
    }
    children {
      region {
        ubigeo
      }
    }
  `;

  it("sums the departments' money, and counts each active project once", async () => {
    for (const period of [TWO_YEARS, { from: "2024-02-10", to: "2025-05-17" }]) {
      const [peru] = await livelihoods(["00"], DETAIL, period);
      const parts = await livelihoods(DEPARTMENTS, DETAIL, period);
      for (const flow of ["committed", "disbursed"] as const) {
        for (const currency of ["PEN", "USD"]) {
          const sum = parts.reduce((total, part) => total + cents(part[flow], currency), 0);
          expect(cents(peru![flow], currency)).toBe(sum);
        }
      }
      expect(cents(peru!.disbursed, "USD") + cents(peru!.disbursed, "PEN")).toBeGreaterThan(0);
      // A project working in two departments counts in both, and once in Peru: activeProjects, beneficiaries and
      // outcome indicators are not additive across departments, so Peru's are those of the distinct projects.
      const distinct = new Map(parts.flatMap((part) => part.projects!.map((p) => [p.iatiIdentifier, p])));
      expect(peru!.projects!.map((p) => p.iatiIdentifier)).toEqual([...distinct.keys()].sort());
      expect(peru!.activeProjects).toBe(distinct.size);
      const reached = [...distinct.values()].reduce(
        (sum, p) => ({
          total: sum.total + p.beneficiaries.total,
          women: sum.women + p.beneficiaries.women,
          formerMiners: sum.formerMiners + p.beneficiaries.formerMiners,
        }),
        { total: 0, women: 0, formerMiners: 0 },
      );
      expect(peru!.beneficiaries).toEqual(reached);
      expect(peru!.children!.map((child) => child.region.ubigeo)).toEqual(DEPARTMENTS);
    }
  });

  it("costs what one department costs, and its series what a month of it costs", async () => {
    expect(await cost(() => livelihoods(["00"], SCALARS, TWO_YEARS))).toEqual(
      await cost(() => livelihoods(["17"], SCALARS, TWO_YEARS)),
    );
    expect(
      await cost(() => livelihoods(["00"], `series(granularity: MONTH) { ${SCALARS} }`, TWO_YEARS)),
    ).toEqual(await cost(() => livelihoods(["00"], SCALARS, ONE_MONTH)));
  });

  it("selects every project with filter.ubigeo 00, and is never a project's location", async () => {
    const all = await h.ok<{ livelihoodProjects: { totalCount: number } }>(
      `{ livelihoodProjects(filter: { ubigeo: "00" }) { totalCount } }`,
    );
    expect(all.livelihoodProjects.totalCount).toBe(await h.server.models.Project.countDocuments());
    expect(regionCatalog().get("00")?.level).toBe("COUNTRY");
    const before = await h.domainDigest();
    const refused = await h.run(REGISTER, {
      input: projectInput({ localId: "PE-T-PERU", locations: ["170102", "00"] }),
      key: "key-register-peru",
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.locations.1",
    });
    expect(await h.domainDigest()).toBe(before);
  });
});

describe("RegionIndicators entities over many periods", () => {
  const INDICATORS = /* GraphQL */ `
    query ($r: [_Any!]!) {
      _entities(representations: $r) {
        ... on RegionIndicators {
          formerMinerBeneficiariesPerExcludedRecord
          livelihoodsSources {
            dataset
            records
          }
        }
      }
    }
  `;
  const monthsOf = (year: number) =>
    Array.from({ length: 12 }, (_, m) => {
      const last = new Date(Date.UTC(year, m + 1, 0)).toISOString().slice(0, 10);
      return `${year}-${String(m + 1).padStart(2, "0")}-01|${last}`;
    });
  const representation = (ubigeo: string, period: string) => ({
    __typename: "RegionIndicators",
    id: `${ubigeo}|${period}`,
    excludedRecords: 40,
  });

  it("resolves 600 representations (25 departments × 24 months) with the commands one costs", async () => {
    const months = [...monthsOf(2024), ...monthsOf(2025)];
    const many = DEPARTMENTS.flatMap((ubigeo) => months.map((period) => representation(ubigeo, period)));
    expect(many).toHaveLength(600);
    const one = [representation("17", months[14]!)];
    let answer: { _entities: { formerMinerBeneficiariesPerExcludedRecord: number | null }[] } = {
      _entities: [],
    };
    const costOfMany = await cost(async () => {
      answer = await h.ok(INDICATORS, { r: many });
    });
    expect(costOfMany).toEqual(await cost(() => h.ok(INDICATORS, { r: one })));
    expect(costOfMany).toEqual({ projects: { find: 1 } });
    expect(answer._entities).toHaveLength(600);
    expect(answer._entities.some((e) => (e.formerMinerBeneficiariesPerExcludedRecord ?? 0) > 0)).toBe(true);
  });

  it("answers Peru's ratio from every department's projects, each counted once", async () => {
    const period = "2025-01-01|2025-06-30";
    const [peru] = (
      await h.ok<{ _entities: { formerMinerBeneficiariesPerExcludedRecord: number | null }[] }>(INDICATORS, {
        r: [representation("00", period)],
      })
    )._entities;
    const [figure] = await livelihoods(["00"], "beneficiaries { formerMiners }", {
      from: "2025-01-01",
      to: "2025-06-30",
    });
    expect(figure!.beneficiaries.formerMiners).toBeGreaterThan(0);
    expect(peru!.formerMinerBeneficiariesPerExcludedRecord).toBe(figure!.beneficiaries.formerMiners / 40);
  });
});

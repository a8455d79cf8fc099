import { beforeAll, describe, expect, it } from "vitest";
import { seedFormalization } from "../../subgraphs/formalization/seed/index.ts";
import { departments } from "../support/region-entity.ts";
import { REGISTER, registration, validRuc } from "./fixtures.ts";
import { useFormalization } from "./harness.ts";

const h = useFormalization();
const DAY = 86_400_000;
const iso = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Two years across the June 2025 purge, whose figures move month by month. */
const TWO_YEARS = { from: "2024-01-01", to: "2025-12-31" };
/** One month of them. */
const ONE_MONTH = { from: "2025-06-01", to: "2025-06-30" };

const now = new Date();
const today = iso(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
/** The calendar month holding today, and the one before it. */
const thisMonth = {
  from: iso(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
  to: iso(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - DAY),
};
const lastMonth = {
  from: iso(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)),
  to: iso(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - DAY),
};

const FIGURES =
  "asOf partial from to total active suspended excluded formalized formalizationRate sources { kind dataset records }";
const INDICATORS =
  "id from to partial activeRecords excludedRecords formalizationRate sources { kind dataset records }";

interface Point {
  asOf: string;
  partial: boolean;
  from: string | null;
  to: string | null;
  total: number;
  active: number;
  suspended: number;
  excluded: number;
  formalized: number;
  formalizationRate: number | null;
  sources: { kind: string; dataset: string | null; records: number }[];
}

interface IndicatorsPoint {
  id: string;
  from: string;
  to: string;
  partial: boolean;
  activeRecords: number;
  excludedRecords: number;
  formalizationRate: number | null;
  sources: { kind: string; dataset: string | null; records: number }[];
}

const REGIONS_SERIES = /* GraphQL */ `
  query ($period: PeriodInput!, $granularity: Granularity!) {
    regions(level: DEPARTMENT) {
      ubigeo
      formalization {
        series(granularity: $granularity, period: $period) { ${FIGURES} }
      }
      indicators(period: $period) {
        series(granularity: $granularity) { ${INDICATORS} }
      }
    }
  }
`;

type RegionsSeries = {
  regions: {
    ubigeo: string;
    formalization: { series: Point[] };
    indicators: { series: IndicatorsPoint[] };
  }[];
};

const REGION = /* GraphQL */ `
  query ($ubigeo: ID!, $asOf: Date, $period: PeriodInput, $granularity: Granularity!, $series: PeriodInput!) {
    region(ubigeo: $ubigeo) {
      formalization(asOf: $asOf) {
        ${FIGURES}
        series(granularity: $granularity, period: $series) { ${FIGURES} }
      }
      indicators(period: $period) { ${INDICATORS} }
    }
  }
`;

type RegionAnswer = {
  region: {
    formalization: Point & { series: Point[] };
    indicators: IndicatorsPoint;
  };
};

/** Every command the request sent, summed over collections and kinds. */
function commandCount(): number {
  return Object.values(h.allCommands()).reduce(
    (sum, kinds) => sum + Object.values(kinds).reduce((n, k) => n + k, 0),
    0,
  );
}

/** A point's figures without where it sits (its day and bucket), to compare with the plain figures. */
function figuresOf(point: Point): Omit<Point, "asOf" | "partial" | "from" | "to"> {
  const { total, active, suspended, excluded, formalized, formalizationRate, sources } = point;
  return { total, active, suspended, excluded, formalized, formalizationRate, sources };
}

beforeAll(async () => {
  await seedFormalization(h.server.models, { scale: 0.02 });
  // A registration today, so the bucket holding today differs from the one before it.
  const registered = await h.run(REGISTER, {
    input: registration({ code: "REINFO-SERIES-1", ruc: validRuc("2060000077"), ubigeo: "170102" }),
    key: "key-series-register",
  });
  expect(registered.errors).toBeUndefined();
}, 300_000);

describe("series of REINFO figures (RegionFormalization.series, RegionIndicators.series)", () => {
  it("answers a 24-month series for the 25 departments with one ledger aggregation, as one month and as the plain figures", async () => {
    h.mongo.resetStats();
    const two = await h.ok<RegionsSeries>(REGIONS_SERIES, { period: TWO_YEARS, granularity: "MONTH" });
    expect(h.allCommands()).toEqual({ region_status_days: { aggregate: 1 } });
    const twoYears = commandCount();

    h.mongo.resetStats();
    const one = await h.ok<RegionsSeries>(REGIONS_SERIES, { period: ONE_MONTH, granularity: "MONTH" });
    expect(commandCount()).toBe(twoYears);

    h.mongo.resetStats();
    await h.ok(/* GraphQL */ `
      {
        regions(level: DEPARTMENT) {
          formalization {
            total
            active
            suspended
            excluded
            formalized
            formalizationRate
            sources {
              records
            }
          }
        }
      }
    `);
    expect(commandCount()).toBe(twoYears);

    expect(two.regions).toHaveLength(25);
    for (const { formalization, indicators } of two.regions) {
      expect(formalization.series).toHaveLength(24);
      expect(indicators.series).toHaveLength(24);
    }
    expect(one.regions.every((r) => r.formalization.series.length === 1)).toBe(true);
    // The series moves: Madre de Dios's excluded records jump in June 2025 (the purge).
    const mdd = two.regions.find((r) => r.ubigeo === "17")!.formalization.series;
    expect(mdd[17]!.excluded).toBeGreaterThan(mdd[16]!.excluded);
  });

  it("gives each point the figures asked for that bucket's last day, and each indicators point those of its bucket", async () => {
    const data = await h.ok<RegionAnswer>(REGION, {
      ubigeo: "17",
      granularity: "MONTH",
      series: TWO_YEARS,
    });
    const series = data.region.formalization.series;
    for (const index of [0, 17, 23]) {
      const point = series[index]!;
      const plain = await h.ok<RegionAnswer>(REGION, {
        ubigeo: "17",
        asOf: point.to,
        period: { from: point.from, to: point.to },
        granularity: "YEAR",
        series: TWO_YEARS,
      });
      expect(point.asOf).toBe(point.to);
      expect(figuresOf(point)).toEqual(figuresOf(plain.region.formalization));
      const indicators = await h.ok<{ region: { indicators: { series: IndicatorsPoint[] } } }>(
        /* GraphQL */ `
          query ($period: PeriodInput!) {
            region(ubigeo: "17") {
              indicators(period: $period) { series(granularity: MONTH) { ${INDICATORS} } }
            }
          }
        `,
        { period: TWO_YEARS },
      );
      expect(indicators.region.indicators.series[index]).toEqual({
        ...plain.region.indicators,
        partial: false,
      });
      expect(plain.region.indicators.id).toBe(`17|${point.from}|${point.to}`);
    }
    expect(series.map((p) => p.from)).toEqual(
      Array.from({ length: 24 }, (_, i) => iso(Date.UTC(2024, i, 1))),
    );
  });

  it("marks the bucket holding today partial, as of today, with today's counters; a whole past bucket is not", async () => {
    const data = await h.ok<RegionAnswer>(REGION, {
      ubigeo: "170102",
      granularity: "MONTH",
      series: { from: lastMonth.from, to: thisMonth.to },
    });
    const [past, current] = data.region.formalization.series;
    expect(past).toMatchObject({
      partial: false,
      from: lastMonth.from,
      to: lastMonth.to,
      asOf: lastMonth.to,
    });
    expect(current).toMatchObject({ partial: true, from: thisMonth.from, to: thisMonth.to, asOf: today });
    // Today's point is the counters' figures (today's registration included), never a zero.
    const plain = data.region.formalization;
    expect(plain).toMatchObject({ partial: true, from: null, to: null, asOf: today });
    expect(figuresOf(current!)).toEqual(figuresOf(plain));
    expect(current!.total).toBe(past!.total + 1);
    // Buckets that start after today are left out.
    const ahead = await h.ok<RegionAnswer>(REGION, {
      ubigeo: "170102",
      granularity: "YEAR",
      series: { from: thisMonth.from, to: iso(Date.UTC(now.getUTCFullYear() + 3, 11, 31)) },
    });
    expect(ahead.region.formalization.series).toHaveLength(1);
    expect(ahead.region.formalization.series[0]).toMatchObject({ partial: true, asOf: today });
  });

  it("marks the edges a period cuts mid-month partial, each at the period's own first and last day", async () => {
    const data = await h.ok<RegionAnswer>(REGION, {
      ubigeo: "17",
      granularity: "QUARTER",
      series: { from: "2024-02-15", to: "2025-06-29" },
    });
    const series = data.region.formalization.series;
    expect(series.map(({ from, to, partial }) => ({ from, to, partial }))).toEqual([
      { from: "2024-02-15", to: "2024-03-31", partial: true },
      { from: "2024-04-01", to: "2024-06-30", partial: false },
      { from: "2024-07-01", to: "2024-09-30", partial: false },
      { from: "2024-10-01", to: "2024-12-31", partial: false },
      { from: "2025-01-01", to: "2025-03-31", partial: false },
      { from: "2025-04-01", to: "2025-06-29", partial: true },
    ]);
    // The cut quarter is the registry on 29 June 2025, the day before the purge: nothing excluded yet.
    expect(series.at(-1)!.asOf).toBe("2025-06-29");
    expect(series.at(-1)!.excluded).toBe(0);
    const indicators = await h.ok<{ region: { indicators: { series: IndicatorsPoint[] } } }>(/* GraphQL */ `
      {
        region(ubigeo: "17") {
          indicators(period: { from: "2024-02-15", to: "2025-06-29" }) {
            partial
            series(granularity: QUARTER) {
              id
              partial
            }
          }
        }
      }
    `);
    expect(indicators.region.indicators.series.map((p) => p.partial)).toEqual(series.map((p) => p.partial));
    expect(indicators.region.indicators.series[0]!.id).toBe("17|2024-02-15|2024-03-31");
  });

  it("refuses a period that ends before it starts with BAD_USER_INPUT naming period.to", async () => {
    const result = await h.run(REGION, {
      ubigeo: "17",
      granularity: "MONTH",
      series: { from: "2025-01-01", to: "2024-01-01" },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "period.to" });
  });
});

describe("Peru as a whole (UBIGEO 00)", () => {
  const sumOf = (points: Point[]) => {
    const sum = { total: 0, active: 0, suspended: 0, excluded: 0, formalized: 0 };
    for (const p of points) {
      for (const field of Object.keys(sum) as (keyof typeof sum)[]) sum[field] += p[field];
    }
    return sum;
  };

  it("is a region of level COUNTRY whose children are the 25 departments", async () => {
    const data = await h.ok<{
      regions: {
        ubigeo: string;
        name: string;
        level: string;
        parent: null;
        children: { ubigeo: string }[];
      }[];
      region: { ubigeo: string; level: string };
      departments: { ubigeo: string }[];
    }>(/* GraphQL */ `
      {
        regions(level: COUNTRY) {
          ubigeo
          name
          level
          parent {
            ubigeo
          }
          children {
            ubigeo
          }
        }
        region(ubigeo: "00") {
          ubigeo
          level
        }
        departments: regions {
          ubigeo
        }
      }
    `);
    expect(data.regions).toHaveLength(1);
    expect(data.regions[0]).toMatchObject({ ubigeo: "00", name: "Perú", level: "COUNTRY", parent: null });
    expect(data.regions[0]!.children.map((c) => c.ubigeo)).toEqual(departments());
    expect(data.region).toEqual({ ubigeo: "00", level: "COUNTRY" });
    expect(data.departments.map((d) => d.ubigeo)).toEqual(departments());
  });

  it("has figures equal to the sum of the 25 departments', today, as of a day and in every point of a series, ratios from the sums", async () => {
    const query = /* GraphQL */ `
      query ($asOf: Date, $period: PeriodInput!) {
        peru: region(ubigeo: "00") {
          formalization(asOf: $asOf) {
            ${FIGURES}
            series(granularity: QUARTER, period: $period) { ${FIGURES} }
            children { ${FIGURES} }
          }
        }
      }
    `;
    for (const asOf of [null, "2024-12-31", "2025-06-30"]) {
      const data = await h.ok<{ peru: { formalization: Point & { series: Point[]; children: Point[] } } }>(
        query,
        { asOf, period: TWO_YEARS },
      );
      const { children, series, ...peru } = data.peru.formalization;
      expect(children).toHaveLength(25);
      const sum = sumOf(children);
      expect(sum.total).toBeGreaterThan(1_000);
      expect(peru).toMatchObject(sum);
      expect(peru.formalizationRate).toBe(sum.formalized / sum.total);
      expect(peru.sources.reduce((n, s) => n + s.records, 0)).toBe(sum.total);
      if (asOf === "2025-06-30") {
        // The quarter ending on 30 June 2025 (the sixth) equals the plain figures of that day.
        expect(figuresOf(series[5]!)).toEqual(figuresOf(peru));
      }
    }
    const departmentsSeries = await h.ok<RegionsSeries>(REGIONS_SERIES, {
      period: TWO_YEARS,
      granularity: "QUARTER",
    });
    const peru = await h.ok<RegionAnswer>(REGION, {
      ubigeo: "00",
      granularity: "QUARTER",
      series: TWO_YEARS,
    });
    peru.region.formalization.series.forEach((point, i) => {
      expect(point).toMatchObject(sumOf(departmentsSeries.regions.map((r) => r.formalization.series[i]!)));
      const indicators = departmentsSeries.regions.map((r) => r.indicators.series[i]!);
      const active = indicators.reduce((n, p) => n + p.activeRecords, 0);
      expect(active).toBe(point.active);
    });
  });

  it("costs what one department costs: one counters read today, one ledger aggregation for a series", async () => {
    const query = /* GraphQL */ `
      query ($ubigeo: ID!) {
        region(ubigeo: $ubigeo) {
          formalization {
            total
            active
            excluded
            formalizationRate
            sources {
              records
            }
          }
        }
      }
    `;
    const seriesQuery = /* GraphQL */ `
      query ($ubigeo: ID!, $period: PeriodInput!) {
        region(ubigeo: $ubigeo) {
          formalization {
            series(granularity: MONTH, period: $period) {
              total
              active
              excluded
            }
          }
          indicators(period: $period) {
            activeRecords
            series(granularity: MONTH) {
              activeRecords
            }
          }
        }
      }
    `;
    const costs: Record<string, unknown>[] = [];
    for (const ubigeo of ["00", "17"]) {
      h.mongo.resetStats();
      await h.ok(query, { ubigeo });
      costs.push(h.allCommands());
      h.mongo.resetStats();
      await h.ok(seriesQuery, { ubigeo, period: TWO_YEARS });
      costs.push(h.allCommands());
    }
    expect(costs[0]).toEqual({ region_stats: { find: 1 } });
    expect(costs[1]).toEqual({ region_status_days: { aggregate: 1 } });
    expect(costs.slice(2)).toEqual(costs.slice(0, 2));
  });

  it("answers the exclusion evidence and the record search for all of Peru", async () => {
    const data = await h.ok<{
      peru: { exclusionEvidence: { excludedRecords: number; excludedOperators: number } };
      regions: { exclusionEvidence: { excludedRecords: number; excludedOperators: number } }[];
      reinfoRecords: { totalCount: number };
      all: { totalCount: number };
      excluded: { totalCount: number };
    }>(/* GraphQL */ `
      {
        peru: region(ubigeo: "00") {
          exclusionEvidence {
            excludedRecords
            excludedOperators
          }
        }
        regions {
          exclusionEvidence {
            excludedRecords
            excludedOperators
          }
        }
        reinfoRecords(filter: { ubigeo: "00" }, first: 1) {
          totalCount
        }
        all: reinfoRecords(first: 1) {
          totalCount
        }
        excluded: reinfoRecords(filter: { ubigeo: "00", status: EXCLUDED }, first: 1) {
          totalCount
        }
      }
    `);
    const excluded = data.regions.reduce((n, r) => n + r.exclusionEvidence.excludedRecords, 0);
    expect(excluded).toBeGreaterThan(100);
    expect(data.peru.exclusionEvidence.excludedRecords).toBe(excluded);
    // An operator excluded in two departments counts once for Peru.
    const operators = data.regions.reduce((n, r) => n + r.exclusionEvidence.excludedOperators, 0);
    expect(data.peru.exclusionEvidence.excludedOperators).toBeGreaterThan(0);
    expect(data.peru.exclusionEvidence.excludedOperators).toBeLessThanOrEqual(operators);
    expect(data.peru.exclusionEvidence.excludedOperators).toBe(
      (await h.server.models.Record.distinct("M_RUC", { ESTADO: "EXCLUIDO" })).length,
    );
    expect(data.reinfoRecords.totalCount).toBe(data.all.totalCount);
    expect(data.reinfoRecords.totalCount).toBe(await h.server.models.Record.countDocuments({}));
    expect(data.excluded.totalCount).toBe(excluded);
  });
});

describe("RegionIndicators entities of many periods", () => {
  const ENTITIES = /* GraphQL */ `
    query ($r: [_Any!]!) {
      _entities(representations: $r) {
        ... on RegionIndicators {
          id
          partial
          activeRecords
          excludedRecords
          formalizationRate
          sources {
            records
          }
        }
      }
    }
  `;
  const months = Array.from({ length: 24 }, (_, i) => ({
    from: iso(Date.UTC(2024, i, 1)),
    to: iso(Date.UTC(2024, i + 1, 1) - DAY),
  }));
  const representation = (ubigeo: string, month: { from: string; to: string }) => ({
    __typename: "RegionIndicators",
    id: `${ubigeo}|${month.from}|${month.to}`,
    eradicationSources: [],
    recoverySources: [],
    livelihoodsSources: [],
  });

  it("resolves 600 representations (25 departments × 24 months) with the commands one costs", async () => {
    const many = departments().flatMap((ubigeo) => months.map((month) => representation(ubigeo, month)));
    expect(many).toHaveLength(600);
    h.mongo.resetStats();
    const all = await h.ok<{ _entities: { id: string; activeRecords: number }[] }>(ENTITIES, { r: many });
    const costOfMany = h.allCommands();
    h.mongo.resetStats();
    const one = await h.ok<{ _entities: { id: string; activeRecords: number }[] }>(ENTITIES, {
      r: [representation("17", months[17]!)],
    });
    expect(h.allCommands()).toEqual(costOfMany);
    expect(costOfMany).toEqual({ region_status_days: { aggregate: 1 } });
    expect(all._entities.map((e) => e.id)).toEqual(many.map((r) => r.id));
    expect(all._entities[departments().indexOf("17") * 24 + 17]).toEqual(one._entities[0]);
    // Peru's entity is the departments' sum, in the same single aggregation.
    h.mongo.resetStats();
    const peru = await h.ok<{ _entities: { activeRecords: number }[] }>(ENTITIES, {
      r: [representation("00", months[17]!), ...departments().map((d) => representation(d, months[17]!))],
    });
    expect(h.allCommands()).toEqual(costOfMany);
    const [national, ...rest] = peru._entities;
    expect(national!.activeRecords).toBe(rest.reduce((n, e) => n + e.activeRecords, 0));
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { regionCatalog } from "../../packages/kit/src/index.ts";
import { todayInLima } from "../../subgraphs/eradication/src/inputs.ts";
import { departments, queryRegions } from "../support/region-entity.ts";
import { office, operation, recordSamples, RECORD, soles, type Sample } from "./fixtures.ts";
import { useEradication } from "./harness.ts";

const h = useEradication();
let samples: Sample[] = [];
const DAY = 86_400_000;
const iso = (date: Date) => date.toISOString().slice(0, 10);
const today = todayInLima();

beforeAll(async () => {
  samples = await recordSamples(h.run);
  // One operation today, so the month holding today has figures that are not final yet.
  const result = await h.run(RECORD, { input: operation({ date: iso(today) }), key: "key-today" });
  expect(result.errors).toBeUndefined();
  await h.server.models.Office.collection.insertMany([
    office("FEMA-17-01", "170101", 7, 1400),
    office("FEMA-13-02", "130801", 2, 45),
  ]);
}, 60_000);

/** Every scalar figure of `RegionEradication`, and its items and sources. */
const FIGURES = /* GraphQL */ `
  from
  to
  partial
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
  prosecutors
  openCases
  caseloadPerProsecutor
`;

interface Point {
  from: string;
  to: string;
  partial: boolean;
  operations: number;
  value: string;
  [field: string]: unknown;
}

type Answer = { ubigeo: string; eradication: { series: Point[] } };

const SERIES = (granularity: string) =>
  `ubigeo eradication(period: $p) { series(granularity: ${granularity}) { ${FIGURES} } }`;

/** Asks for some regions' series over a period and records the database commands it cost. */
async function series(codes: readonly string[], from: string, to: string, granularity = "MONTH") {
  h.mongo.resetStats();
  const result = await queryRegions(h.run, codes, SERIES(granularity), {
    variableDefinitions: "$p: PeriodInput",
    variables: { p: { from, to } },
  });
  expect(result.errors).toBeUndefined();
  return { commands: h.allCommands(), regions: result.data?.regions as Answer[] };
}

/** A region's plain figures over a period. */
async function plain(ubigeo: string, from: string, to: string): Promise<Point> {
  const result = await queryRegions(h.run, ubigeo, `eradication(period: $p) { ${FIGURES} }`, {
    variableDefinitions: "$p: PeriodInput",
    variables: { p: { from, to } },
  });
  expect(result.errors).toBeUndefined();
  return (result.data?.region as { eradication: Point }).eradication;
}

/** The operations the samples put in a region over a period. */
function expectedOperations(ubigeo: string, from: string, to: string): number {
  const code = ubigeo === "00" ? "" : ubigeo;
  return samples.filter((s) => s.ubigeo.startsWith(code) && s.date >= from && s.date <= to).length;
}

describe("RegionEradication.series", () => {
  it("costs the same database commands for 24 months of 25 departments as for one month, or no series", async () => {
    const months = await series(departments(), "2024-01-01", "2025-12-31");
    const month = await series(departments(), "2025-03-01", "2025-03-31");
    h.mongo.resetStats();
    const figures = await queryRegions(h.run, departments(), `eradication(period: $p) { ${FIGURES} }`, {
      variableDefinitions: "$p: PeriodInput",
      variables: { p: { from: "2024-01-01", to: "2025-12-31" } },
    });
    expect(figures.errors).toBeUndefined();
    const plainCommands = h.allCommands();
    // One find on the counters for every point of every department, one for the prosecutors' offices.
    expect(months.commands).toEqual({ region_stats: { find: 1 }, prosecutor_offices: { find: 1 } });
    expect(month.commands).toEqual(months.commands);
    expect(plainCommands).toEqual(months.commands);
    expect(months.regions.map((r) => r.eradication.series.length)).toEqual(departments().map(() => 24));
    expect(months.regions.map((r) => r.eradication.series.map((p) => p.from)[23])).toEqual(
      departments().map(() => "2025-12-01"),
    );
    for (const region of months.regions) {
      const sum = region.eradication.series.reduce((total, point) => total + point.operations, 0);
      expect(sum).toBe(expectedOperations(region.ubigeo, "2024-01-01", "2025-12-31"));
    }
    expect(months.regions.flatMap((r) => r.eradication.series).some((p) => p.operations > 0)).toBe(true);
  });

  it("answers the series of every district of Peru with the commands of the departments'", async () => {
    const districts = regionCatalog()
      .list({ level: "DISTRICT" })
      .map((district) => district.ubigeo);
    expect(districts.length).toBeGreaterThan(1800);
    h.mongo.resetStats();
    const result = await queryRegions(
      h.run,
      districts,
      "ubigeo eradication(period: $p) { series(granularity: QUARTER) { operations prosecutors } }",
      { variableDefinitions: "$p: PeriodInput", variables: { p: { from: "2025-01-01", to: "2025-06-30" } } },
    );
    expect(result.errors).toBeUndefined();
    expect(h.allCommands()).toEqual({ region_stats: { find: 1 }, prosecutor_offices: { find: 1 } });
    const regions = result.data?.regions as { ubigeo: string; eradication: { series: Point[] } }[];
    const pataz = regions.find((r) => r.ubigeo === "130809");
    expect(pataz?.eradication.series.map((p) => p.operations)).toEqual([
      expectedOperations("130809", "2025-01-01", "2025-03-31"),
      expectedOperations("130809", "2025-04-01", "2025-06-30"),
    ]);
    expect(pataz?.eradication.series[0]?.operations).toBeGreaterThan(0);
  });

  it("reads every partial month of every bucket in one more find, whatever the number of buckets", async () => {
    const long = await series(departments(), "2024-01-15", "2025-12-20");
    const short = await series(departments(), "2025-01-15", "2025-03-20");
    const quarters = await series(departments(), "2024-01-15", "2025-12-20", "QUARTER");
    const expected = {
      region_stats: { find: 1 },
      enforcement_operations: { find: 1 },
      prosecutor_offices: { find: 1 },
    };
    expect(long.commands).toEqual(expected);
    expect(short.commands).toEqual(expected);
    expect(quarters.commands).toEqual(expected);
    expect(long.regions[0]?.eradication.series).toHaveLength(24);
    expect(quarters.regions[0]?.eradication.series).toHaveLength(8);
  });

  it.each([
    ["Madre de Dios", "17", "MONTH", [0, 3, 7]],
    ["Tambopata (province)", "1701", "MONTH", [0, 4, 7]],
    ["Peru", "00", "MONTH", [0, 2, 7]],
    ["Madre de Dios by quarter", "17", "QUARTER", [0, 1, 2]],
  ] as const)(
    "gives, for %s, points equal to the figures asked for each bucket",
    async (_, code, granularity, picks) => {
      const { regions } = await series([code], "2025-01-15", "2025-08-20", granularity);
      const points = regions[0]?.eradication.series ?? [];
      expect(points.length).toBe(granularity === "MONTH" ? 8 : 3);
      expect(points.reduce((sum, p) => sum + p.operations, 0)).toBe(
        expectedOperations(code, "2025-01-15", "2025-08-20"),
      );
      for (const pick of picks) {
        const point = points[pick] as Point;
        const { partial: pointPartial, ...pointFigures } = point;
        const { partial: plainPartial, ...plainFigures } = await plain(code, point.from, point.to);
        expect(pointFigures).toEqual(plainFigures);
        expect(point.operations).toBe(expectedOperations(code, point.from, point.to));
        // A clipped bucket is partial in the series; the same days asked as a period are a past period.
        expect(plainPartial).toBe(false);
        expect(pointPartial).toBe(pick === 0 || pick === points.length - 1);
      }
    },
  );

  it("marks the bucket holding today partial, counts it as far as it goes, and leaves out later buckets", async () => {
    const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 2, 1));
    const end = new Date(Date.UTC(today.getUTCFullYear() + 1, 11, 31));
    const { regions } = await series(["17"], iso(start), iso(end));
    const points = regions[0]?.eradication.series ?? [];
    expect(points.map((p) => p.partial)).toEqual([false, false, true]);
    const current = points[2] as Point;
    expect(current.from <= iso(today) && iso(today) <= current.to).toBe(true);
    // Today's operation is in it: the bucket is not drawn as zero.
    expect(current.operations).toBe(1);
    expect(current.to).toBe(
      iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1) - DAY)),
    );
  });

  it("marks the clipped first and last buckets of a period cut mid-month partial, and whole ones not", async () => {
    const { regions } = await series(["17"], "2025-03-10", "2025-05-20");
    expect(regions[0]?.eradication.series.map((p) => [p.from, p.to, p.partial])).toEqual([
      ["2025-03-10", "2025-03-31", true],
      ["2025-04-01", "2025-04-30", false],
      ["2025-05-01", "2025-05-20", true],
    ]);
  });

  it("marks plain figures partial while their period holds today, and answers a future period with no points", async () => {
    const year = today.getUTCFullYear();
    expect((await plain("17", `${year}-01-01`, `${year}-12-31`)).partial).toBe(true);
    expect((await plain("17", "2025-01-01", "2025-12-31")).partial).toBe(false);
    const future = await series(["17"], `${year + 1}-01-01`, `${year + 1}-12-31`);
    expect(future.regions[0]?.eradication.series).toEqual([]);
    expect(future.commands).toEqual({});
  });

  it("splits the figure's own period when no period is given", async () => {
    const result = await queryRegions(
      h.run,
      "17",
      `eradication(period: { from: "2025-01-01", to: "2025-06-30" }) { series(granularity: QUARTER) { from to } }`,
    );
    expect(result.errors).toBeUndefined();
    expect((result.data?.region as { eradication: unknown }).eradication).toEqual({
      series: [
        { from: "2025-01-01", to: "2025-03-31" },
        { from: "2025-04-01", to: "2025-06-30" },
      ],
    });
  });

  it("refuses a series period that ends before it starts, naming the field", async () => {
    const result = await queryRegions(
      h.run,
      "17",
      `eradication { series(granularity: MONTH, period: { from: "2025-03-01", to: "2025-02-01" }) { from } }`,
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "period.to" });
  });
});

describe("RegionIndicators through _entities", () => {
  const INDICATORS = /* GraphQL */ `
    query ($r: [_Any!]!) {
      _entities(representations: $r) {
        ... on RegionIndicators {
          id
          operationsPerThousandActiveRecords
          valueSeizedPerActiveRecord
          eradicationSources {
            records
          }
        }
      }
    }
  `;
  type Indicators = {
    id: string;
    operationsPerThousandActiveRecords: number | null;
    valueSeizedPerActiveRecord: string | null;
    eradicationSources: { records: number }[];
  };

  /** The 24 months of 2024 and 2025 as `[from, to]`, or the same months cut mid-month at both ends. */
  function months(): [string, string][] {
    return Array.from({ length: 24 }, (_, i) => {
      const from = new Date(Date.UTC(2024, i, 1));
      return [iso(from), iso(new Date(Date.UTC(2024, i + 1, 1) - DAY))];
    });
  }

  async function resolve(ids: string[]) {
    h.mongo.resetStats();
    const result = await h.run(INDICATORS, {
      r: ids.map((id) => ({ __typename: "RegionIndicators", id, activeRecords: 200 })),
    });
    expect(result.errors).toBeUndefined();
    return { commands: h.allCommands(), entities: result.data?._entities as Indicators[] };
  }

  it("resolves 600 representations (25 departments × 24 months) with the commands of one", async () => {
    const ids = departments().flatMap((code) => months().map(([from, to]) => `${code}|${from}|${to}`));
    expect(ids).toHaveLength(600);
    const many = await resolve(ids);
    const one = await resolve(["17|2025-03-01|2025-03-31"]);
    expect(many.commands).toEqual({ region_stats: { find: 1 } });
    expect(one.commands).toEqual(many.commands);
    many.entities.forEach((entity, i) => {
      const [code = "", from = "", to = ""] = (ids[i] as string).split("|");
      const operations = expectedOperations(code, from, to);
      expect(entity.id).toBe(ids[i]);
      expect(entity.operationsPerThousandActiveRecords).toBe((operations * 1000) / 200);
      expect(entity.eradicationSources.reduce((sum, s) => sum + s.records, 0)).toBe(operations);
    });
    expect(many.entities.filter((e) => (e.operationsPerThousandActiveRecords ?? 0) > 0)).not.toHaveLength(0);
  });

  it("reads the partial months of many representations in one more find, and Peru's from the same reads", async () => {
    const clipped = departments().flatMap((code) =>
      months().map(([from, to]) => `${code}|${from.slice(0, 8)}05|${to.slice(0, 8)}25`),
    );
    const whole = months().map(([from, to]) => `00|${from}|${to}`);
    const many = await resolve([...clipped, ...whole]);
    expect(many.commands).toEqual({ region_stats: { find: 1 }, enforcement_operations: { find: 1 } });
    const peru = many.entities.find((e) => e.id === "00|2025-01-01|2025-01-31");
    expect(peru?.operationsPerThousandActiveRecords).toBe(
      (expectedOperations("00", "2025-01-01", "2025-01-31") * 1000) / 200,
    );
    const cut = many.entities.find((e) => e.id === "17|2025-02-05|2025-02-25");
    expect(cut?.operationsPerThousandActiveRecords).toBe(
      (expectedOperations("17", "2025-02-05", "2025-02-25") * 1000) / 200,
    );
    const value = samples
      .filter((s) => s.date >= "2025-01-01" && s.date <= "2025-01-31")
      .reduce((sum, s) => sum + s.destroyedCents + s.seizedCents, 0);
    expect(peru?.valueSeizedPerActiveRecord).toBe(soles(Math.round(value / 200)));
  });
});

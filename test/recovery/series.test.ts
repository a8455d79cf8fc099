import { beforeAll, describe, expect, it } from "vitest";
import { indicatorsId, seriesBuckets } from "../../packages/kit/src/index.ts";
import { rebuildRegionStats } from "../../subgraphs/recovery/src/region-stats.ts";
import { seedRecovery } from "../../subgraphs/recovery/seed/index.ts";
import { departments, queryRegions } from "../support/region-entity.ts";
import { area, project, REGISTER_AREA, REGISTER_PROJECT, validRuc } from "./fixtures.ts";
import { useRecovery } from "./harness.ts";

const h = useRecovery();
const DAY = 86_400_000;

/** Every scalar figure of `RegionRecovery`, and the datasets behind them. */
const FIGURES = /* GraphQL */ `
  from
  to
  hectaresDegraded
  degradedAreasDetected
  hectaresRestored
  restorationRatio
  activeRestorationProjects
  liabilities { total veryHigh high medium low unknown }
  sources { kind dataset source asOf records }
`;

interface Share {
  kind: string;
  dataset: string | null;
  source: string | null;
  asOf: string | null;
  records: number;
}

interface Figures {
  from: string;
  to: string;
  partial?: boolean;
  hectaresDegraded: number;
  degradedAreasDetected: number;
  hectaresRestored: number;
  restorationRatio: number | null;
  activeRestorationProjects: number;
  liabilities: Record<"total" | "veryHigh" | "high" | "medium" | "low" | "unknown", number>;
  sources: Share[];
}

interface Answer {
  ubigeo: string;
  recovery: Figures & { series?: Figures[]; children?: { region: { ubigeo: string } }[] };
}

const today = new Date();
const TODAY = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
const iso = (date: Date) => date.toISOString().slice(0, 10);

/** The 24 months the demo data fills (it is dated up to 30 June 2025). */
const TWO_YEARS = `{ from: "2023-07-01", to: "2025-06-30" }`;

/** Liabilities that left the inventory mid-series: counted in the buckets ending before their removal only. */
const REMOVED_ON = new Date("2024-06-15T00:00:00.000Z");

beforeAll(async () => {
  const { models } = h.server;
  await seedRecovery(models, {
    scale: 0.05,
    knownRucs: Array.from({ length: 20 }, (_, i) => validRuc(`20${String(60000000 + i * 7)}`)),
  });
  // Some liabilities a later annex left out, in several departments.
  const removed = await models.Liability.find({}, { ID: 1, N: 1 }).sort({ N: 1 }).limit(400).lean();
  await models.Liability.collection.updateMany(
    { ID: { $in: removed.filter((_, i) => i % 4 === 0).map((l) => l.ID) } },
    {
      $set: {
        removedFromInventory: {
          since: REMOVED_ON,
          resolution: "RM 100-2024-MINEM/DM",
          dataset: "anexo.csv sha256:00",
          lastRow: 1,
        },
      },
    },
  );
  await rebuildRegionStats(models);
  // An area detected today in Puno, so the bucket holding today has figures.
  const registered = await h.run(REGISTER_AREA, {
    input: area({ ubigeo: "211002", detectedOn: iso(TODAY), geometry: null, miningCorridor: null }),
    key: "key-series-today",
  });
  expect(registered.errors).toBeUndefined();
});

async function regions(codes: string | readonly string[], selection: string): Promise<Answer[]> {
  const result = await queryRegions(h.run, typeof codes === "string" ? [codes] : codes, selection);
  expect(result.errors).toBeUndefined();
  return result.data?.regions as Answer[];
}

/** The database commands one request costs, and its answer. */
async function cost(codes: string | readonly string[], selection: string) {
  h.mongo.resetStats();
  const answer = await regions(codes, selection);
  return { answer, commands: h.allCommands() };
}

/** The figures without `partial` (a point's partial says the period cuts its bucket; a plain period's does not). */
function figuresOf({ partial: _, ...figures }: Figures): Figures {
  return figures;
}

describe("RegionRecovery.series", () => {
  it("answers 24 months for the 25 departments with the same database commands as one month and as the plain figures", async () => {
    const series = await cost(
      departments(),
      `ubigeo recovery(period: ${TWO_YEARS}) { series(granularity: MONTH) { partial ${FIGURES} } }`,
    );
    const oneMonth = await cost(
      departments(),
      `recovery(period: { from: "2025-06-01", to: "2025-06-30" }) { series(granularity: MONTH) { partial ${FIGURES} } }`,
    );
    const plain = await cost(departments(), `recovery(period: ${TWO_YEARS}) { partial ${FIGURES} }`);
    expect(series.answer.map((r) => r.recovery.series?.length)).toEqual(Array(25).fill(24));
    expect(oneMonth.answer.map((r) => r.recovery.series?.length)).toEqual(Array(25).fill(1));
    // Something to read: the demo data fills Madre de Dios's months.
    const madreDeDios = series.answer.find((r) => r.ubigeo === "17")?.recovery.series ?? [];
    expect(madreDeDios.filter((point) => point.degradedAreasDetected > 0).length).toBeGreaterThan(12);
    expect(series.commands).toEqual({ region_stats: { find: 1 } });
    expect(oneMonth.commands).toEqual(series.commands);
    expect(plain.commands).toEqual(series.commands);
  });

  it("costs no more for a period cutting months than its plain figures: one aggregation per source collection for the edges", async () => {
    const period = `{ from: "2023-07-10", to: "2025-06-20" }`;
    const series = await cost(
      departments(),
      `recovery(period: ${period}) { series(granularity: MONTH) { ${FIGURES} } }`,
    );
    const plain = await cost(departments(), `recovery(period: ${period}) { ${FIGURES} }`);
    expect(series.commands).toEqual({
      region_stats: { find: 1 },
      degraded_areas: { aggregate: 1 },
      restoration_projects: { aggregate: 1 },
    });
    expect(plain.commands).toEqual(series.commands);
  });

  it("gives each point the figures of its bucket's period: flows within it, liabilities as the inventory stood on its last day", async () => {
    const period = { from: "2023-07-10", to: "2025-06-20" };
    const [madreDeDios] = await regions(
      "17",
      `recovery(period: { from: "${period.from}", to: "${period.to}" }) { series(granularity: MONTH) { partial ${FIGURES} } }`,
    );
    const points = madreDeDios?.recovery.series ?? [];
    expect(points).toHaveLength(24);
    // The first and last points are cut by the period (their flows come from the records); one whole month between.
    const picked = [points[0], points[11], points[23]] as Figures[];
    expect(picked.map((p) => [p.from, p.to])).toEqual([
      ["2023-07-10", "2023-07-31"],
      ["2024-06-01", "2024-06-30"],
      ["2025-06-01", "2025-06-20"],
    ]);
    for (const point of picked) {
      const [plain] = await regions(
        "17",
        `recovery(period: { from: "${point.from}", to: "${point.to}" }) { ${FIGURES} }`,
      );
      expect(figuresOf(point)).toEqual(plain?.recovery);
    }
    expect(picked.some((p) => p.hectaresDegraded > 0)).toBe(true);

    // Quarters around the removal (15 June 2024): the quarter ending on 31 March still counts the liabilities,
    // the one ending on 30 June no longer does; each equals its plain figures.
    const codes = departments();
    const quarters = await regions(
      codes,
      `recovery(period: { from: "2024-01-01", to: "2024-06-30" }) { series(granularity: QUARTER) { ${FIGURES} } }`,
    );
    const totals = (quarter: number) =>
      quarters.reduce((sum, r) => sum + (r.recovery.series?.[quarter]?.liabilities.total ?? 0), 0);
    expect(totals(0)).toBeGreaterThan(totals(1));
    for (const [i, range] of [
      ["2024-01-01", "2024-03-31"],
      ["2024-04-01", "2024-06-30"],
    ].entries()) {
      const plain = await regions(
        codes,
        `recovery(period: { from: "${range[0]}", to: "${range[1]}" }) { ${FIGURES} }`,
      );
      expect(quarters.map((r) => r.recovery.series?.[i])).toEqual(plain.map((r) => r.recovery));
    }
  });

  it("marks the bucket holding today partial and leaves out later ones; a whole past bucket is final; a cut bucket is partial", async () => {
    const year = today.getUTCFullYear();
    const [puno] = await regions(
      "21",
      `recovery(period: { from: "${year}-01-01", to: "${year}-12-31" }) {
        partial
        series(granularity: MONTH) { from to partial degradedAreasDetected }
      }`,
    );
    const points = puno?.recovery.series ?? [];
    expect(puno?.recovery.partial).toBe(true);
    expect(points).toHaveLength(today.getUTCMonth() + 1);
    const last = points.at(-1);
    expect(last).toMatchObject({
      from: iso(new Date(Date.UTC(year, today.getUTCMonth(), 1))),
      partial: true,
    });
    // Today's area counts in its bucket: a partial point is never drawn as zero.
    expect(last?.degradedAreasDetected).toBeGreaterThanOrEqual(1);
    if (points.length > 1) expect(points.at(-2)?.partial).toBe(false);

    const [past] = await regions(
      "21",
      `recovery(period: { from: "2024-02-15", to: "2024-05-10" }) {
        partial series(granularity: MONTH) { from to partial }
      }`,
    );
    expect(past?.recovery.partial).toBe(false);
    expect(past?.recovery.series).toEqual([
      { from: "2024-02-15", to: "2024-02-29", partial: true },
      { from: "2024-03-01", to: "2024-03-31", partial: false },
      { from: "2024-04-01", to: "2024-04-30", partial: false },
      { from: "2024-05-01", to: "2024-05-10", partial: true },
    ]);
    // Years: the series' own `period` replaces the figure's.
    const [years] = await regions(
      "21",
      `recovery(period: { from: "2024-02-15", to: "2024-05-10" }) {
        series(granularity: YEAR, period: { from: "2023-01-01", to: "2024-12-31" }) { from to partial }
      }`,
    );
    expect(years?.recovery.series).toEqual([
      { from: "2023-01-01", to: "2023-12-31", partial: false },
      { from: "2024-01-01", to: "2024-12-31", partial: false },
    ]);
  });

  it("refuses a series period that ends before it starts, naming period.to", async () => {
    const result = await queryRegions(
      h.run,
      "21",
      `recovery { series(granularity: MONTH, period: { from: "2025-02-01", to: "2025-01-01" }) { from } }`,
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "period.to" });
  });
});

/** Sums the departments' figures as Peru's must be: additive figures summed, the ratio recomputed from the sums. */
function sumOf(figures: readonly Figures[]): Omit<Figures, "from" | "to"> {
  const ares = (hectares: number) => Math.round(hectares * 100);
  const degraded = figures.reduce((sum, f) => sum + ares(f.hectaresDegraded), 0);
  const restored = figures.reduce((sum, f) => sum + ares(f.hectaresRestored), 0);
  const liabilities = { total: 0, veryHigh: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  const shares = new Map<string, Share>();
  for (const f of figures) {
    for (const key of Object.keys(liabilities) as (keyof typeof liabilities)[]) {
      liabilities[key] += f.liabilities[key];
    }
    for (const share of f.sources) {
      const key = JSON.stringify({ ...share, records: 0 });
      const sum = shares.get(key);
      if (sum) sum.records += share.records;
      else shares.set(key, { ...share });
    }
  }
  return {
    hectaresDegraded: degraded / 100,
    degradedAreasDetected: figures.reduce((sum, f) => sum + f.degradedAreasDetected, 0),
    hectaresRestored: restored / 100,
    restorationRatio: degraded > 0 ? restored / degraded : null,
    activeRestorationProjects: figures.reduce((sum, f) => sum + f.activeRestorationProjects, 0),
    liabilities,
    sources: [...shares.values()],
  };
}

/** The figures {@link sumOf} gives, in a fixed order of sources, the ratio compared to 12 decimals. */
function comparable(figures: Omit<Figures, "from" | "to">) {
  const { hectaresDegraded, degradedAreasDetected, hectaresRestored, restorationRatio } = figures;
  return {
    hectaresDegraded,
    degradedAreasDetected,
    hectaresRestored,
    restorationRatio: restorationRatio === null ? null : expect.closeTo(restorationRatio, 12),
    activeRestorationProjects: figures.activeRestorationProjects,
    liabilities: figures.liabilities,
    sources: [...figures.sources].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  };
}

describe("Peru (00)", () => {
  it("has figures equal to the sum of the 25 departments', for a period cutting months and for each point of a series", async () => {
    const selection = `recovery(period: { from: "2023-07-10", to: "2025-06-20" }) {
      ${FIGURES}
      series(granularity: QUARTER) { ${FIGURES} }
      children { region { ubigeo } }
    }`;
    const [peru, ...answers] = await regions(["00", ...departments()], selection);
    const figures = peru?.recovery as Figures;
    expect(comparable(figures)).toEqual(comparable(sumOf(answers.map((a) => a.recovery))));
    expect(figures.liabilities.total).toBeGreaterThan(0);
    expect(figures.hectaresDegraded).toBeGreaterThan(0);
    const points = peru?.recovery.series ?? [];
    expect(points).toHaveLength(8);
    for (const [i, point] of points.entries()) {
      expect(comparable(point)).toEqual(
        comparable(sumOf(answers.map((a) => a.recovery.series?.[i] as Figures))),
      );
    }
    expect(peru?.recovery.children?.map((c) => c.region.ubigeo)).toEqual(departments());
  });

  it("costs what one department's figures cost, and answers its children, the departments, in the same find", async () => {
    const selection = `recovery(period: ${TWO_YEARS}) { ${FIGURES} }`;
    const peru = await cost("00", selection);
    const cusco = await cost("08", selection);
    expect(peru.commands).toEqual({ region_stats: { find: 1 } });
    expect(cusco.commands).toEqual(peru.commands);
    const withChildren = await cost(
      "00",
      `recovery(period: ${TWO_YEARS}) { ${FIGURES} children { ${FIGURES} } }`,
    );
    expect(withChildren.commands).toEqual(peru.commands);
  });

  it("has every located area's sighting and every listed liability's responsible RUC, one command each", async () => {
    const { models } = h.server;
    h.mongo.resetStats();
    const [peru] = (await regions(
      "00",
      "degradedAreaSightings { latitude longitude detectedOn } liabilityResponsibleRucs",
    )) as unknown as { degradedAreaSightings: unknown[]; liabilityResponsibleRucs: string[] }[];
    expect(h.allCommands()).toEqual({ degraded_areas: { find: 1 }, mining_liabilities: { aggregate: 1 } });
    const located = await models.Area.countDocuments({ latitude: { $ne: null } });
    expect(peru?.degradedAreaSightings).toHaveLength(located);
    const rucs = await models.Liability.distinct("responsibleRuc", {
      responsibleRuc: { $type: "string" },
      removedFromInventory: null,
    });
    expect(rucs.length).toBeGreaterThan(0);
    expect(peru?.liabilityResponsibleRucs).toEqual([...rucs].sort());
  });

  it("selects all of Peru in the listings' region filters, and is no region a project can be registered in", async () => {
    const { models } = h.server;
    const listed = await h.ok<{
      degradedAreas: { totalCount: number };
      miningLiabilities: { totalCount: number };
      restorationProjects: unknown[];
    }>(`{
      degradedAreas(filter: { ubigeo: "00" }) { totalCount }
      miningLiabilities(filter: { ubigeo: "00" }) { totalCount }
      restorationProjects(ubigeo: "00") { id }
    }`);
    expect(listed.degradedAreas.totalCount).toBe(await models.Area.countDocuments({}));
    expect(listed.miningLiabilities.totalCount).toBe(
      await models.Liability.countDocuments({ removedFromInventory: null }),
    );
    expect(listed.restorationProjects).toHaveLength(await models.Project.countDocuments({}));

    const before = await h.domainDigest();
    const refused = await h.run(REGISTER_PROJECT, {
      input: project({ ubigeo: "00", degradedAreaIds: ["DA-0000001"] }),
      key: "key-series-national-project",
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.ubigeo" });
    expect(await h.domainDigest()).toBe(before);
  });
});

describe("RegionIndicators entities", () => {
  const SELECTION = `restoredPerDegradedHectare degradedHectaresPerActiveRecord recoverySources { kind records }`;
  const months = seriesBuckets(
    { from: new Date("2023-07-01T00:00:00.000Z"), until: new Date("2025-07-01T00:00:00.000Z") },
    "MONTH",
    TODAY,
  );
  const representation = (ubigeo: string, bucket: { from: Date; until: Date }) => ({
    __typename: "RegionIndicators",
    id: indicatorsId(ubigeo, bucket.from, bucket.until),
    activeRecords: 8,
  });

  async function resolve(representations: Record<string, unknown>[]) {
    h.mongo.resetStats();
    const result = await h.run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on RegionIndicators { ${SELECTION} } } }`,
      { r: representations },
    );
    expect(result.errors).toBeUndefined();
    return {
      answer: result.data?._entities as {
        restoredPerDegradedHectare: number | null;
        degradedHectaresPerActiveRecord: number | null;
      }[],
      commands: h.allCommands(),
    };
  }

  it("resolves 600 of them (25 departments × 24 months) with the same database commands as one", async () => {
    expect(months).toHaveLength(24);
    const all = departments().flatMap((ubigeo) => months.map((bucket) => representation(ubigeo, bucket)));
    const many = await resolve(all);
    const one = await resolve([representation("17", months[0] as (typeof months)[number])]);
    expect(many.answer).toHaveLength(600);
    expect(many.commands).toEqual({ region_stats: { find: 1 } });
    expect(one.commands).toEqual(many.commands);

    // Each equals the region figures of its month: Madre de Dios's (department 17, the 17th) months 1, 12, 24.
    for (const m of [0, 11, 23]) {
      const bucket = months[m] as (typeof months)[number];
      const [figures] = await regions(
        "17",
        `recovery(period: { from: "${iso(bucket.from)}", to: "${iso(new Date(bucket.until.getTime() - DAY))}" }) { hectaresDegraded restorationRatio }`,
      );
      const answer = many.answer[16 * 24 + m];
      expect(answer?.restoredPerDegradedHectare).toBe(figures?.recovery.restorationRatio);
      expect(answer?.degradedHectaresPerActiveRecord).toBeCloseTo(
        (figures?.recovery.hectaresDegraded ?? 0) / 8,
        9,
      );
    }
    expect(many.answer.filter((a) => a.restoredPerDegradedHectare !== null).length).toBeGreaterThan(0);
  });

  it("resolves Peru's (00) from the departments' counters in the same find", async () => {
    const bucket = months[23] as (typeof months)[number];
    const both = await resolve([
      representation("00", bucket),
      ...departments().map((u) => representation(u, bucket)),
    ]);
    expect(both.commands).toEqual({ region_stats: { find: 1 } });
    const [peru] = await regions(
      "00",
      `recovery(period: { from: "2025-06-01", to: "2025-06-30" }) { hectaresDegraded restorationRatio }`,
    );
    expect(both.answer[0]?.restoredPerDegradedHectare).toBe(peru?.recovery.restorationRatio);
    expect(both.answer[0]?.degradedHectaresPerActiveRecord).toBeCloseTo(
      (peru?.recovery.hectaresDegraded ?? 0) / 8,
      9,
    );
  });
});

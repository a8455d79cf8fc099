import { beforeAll, describe, expect, it } from "vitest";
import { regionCatalog } from "../../packages/kit/src/index.ts";
import { departments, queryRegions } from "../support/region-entity.ts";
import { accrual, day, project, store } from "./fixtures.ts";
import { useServices } from "./harness.ts";

const h = useServices();

const FIGURES = /* GraphQL */ `
  from
  to
  partial
  activeProjects
  executed
  yearlyAccrualsOutsidePeriodMonths
  executedPerInhabitant
  byFunction { function activeProjects executed }
  sources { kind dataset source asOf records }
`;

interface Figures {
  from: string;
  to: string;
  partial: boolean;
  activeProjects: number;
  executed: string;
  yearlyAccrualsOutsidePeriodMonths: string;
  executedPerInhabitant: string | null;
  byFunction: { function: string; activeProjects: number; executed: string }[];
  sources: { records: number }[];
}

type Answer = { ubigeo: string; services: Figures & { series?: Figures[]; children?: Answer["services"][] } };

/** The 24 months of 2023 and 2024. */
const TWO_YEARS = `{ from: "2023-01-01", to: "2024-12-31" }`;

/** The database commands one request costs, and its answer. */
async function cost(codes: string | readonly string[], selection: string) {
  h.mongo.resetStats();
  const result = await queryRegions(h.run, codes, selection);
  expect(result.errors).toBeUndefined();
  const data = result.data ?? {};
  const answer = (typeof codes === "string" ? [data.region] : (data.regions as unknown[])) as Answer[];
  return { answer, commands: h.allCommands() };
}

beforeAll(async () => {
  // One investment in each department's first district: started in a month of 2023 or 2024, some closed,
  // accruals by month in 2023 and 2024 and a whole-year amount for 2023.
  const docs = departments().map((department, i) => {
    const district = regionCatalog()
      .list({ level: "DISTRICT" })
      .find((d) => d.ubigeo.startsWith(department)) as { ubigeo: string };
    const start = day(`${2023 + (i % 2)}-${String((i % 12) + 1).padStart(2, "0")}-10`);
    return project({
      districts: [district.ubigeo],
      functionCode: (["18", "15", "20", "22", "12"] as const)[i % 5] ?? "18",
      executionStartedOn: start,
      closedOn: i % 3 === 0 ? day("2024-09-30") : null,
      status: i % 3 === 0 ? "CLOSED" : "EXECUTION",
      execution: [
        accrual(2023, null, 1_000 * (i + 1)),
        ...Array.from({ length: 12 }, (_, m) => accrual(2024, m + 1, 100 * (i + 1) + m)),
      ],
    });
  });
  await store(h.server.models, ...docs);
});

describe("RegionServices.series", () => {
  it("answers 24 months for the 25 departments with one database command, as one month and as the plain figures", async () => {
    const series = await cost(
      departments(),
      `ubigeo services(period: ${TWO_YEARS}) { series(granularity: MONTH) { ${FIGURES} } }`,
    );
    const oneMonth = await cost(
      departments(),
      `ubigeo services(period: { from: "2024-06-01", to: "2024-06-30" }) { series(granularity: MONTH) { ${FIGURES} } }`,
    );
    const plain = await cost(departments(), `ubigeo services(period: ${TWO_YEARS}) { ${FIGURES} }`);
    expect(series.answer.map((r) => r.services.series?.length)).toEqual(Array(25).fill(24));
    expect(oneMonth.answer.map((r) => r.services.series?.length)).toEqual(Array(25).fill(1));
    expect(series.commands).toEqual({ investment_stats: { find: 1 } });
    expect(oneMonth.commands).toEqual(series.commands);
    expect(plain.commands).toEqual(series.commands);
  });

  it("costs one command for Peru with its 25 departments as children, each with a 24-month series", async () => {
    const view = await cost(
      "00",
      `ubigeo services(period: ${TWO_YEARS}) { ${FIGURES} series(granularity: MONTH) { ${FIGURES} }
        children { ${FIGURES} series(granularity: MONTH) { ${FIGURES} } } }`,
    );
    const peru = view.answer[0]?.services;
    expect(peru?.children).toHaveLength(25);
    expect(peru?.children?.every((child) => child.series?.length === 24)).toBe(true);
    // Children and points are built without a read, so every figure of the view loads in one batch.
    expect(view.commands).toEqual({ investment_stats: { find: 1 } });
    const plain = await cost("00", `services(period: ${TWO_YEARS}) { ${FIGURES} children { ${FIGURES} } }`);
    expect(plain.commands).toEqual(view.commands);
  });

  it("answers Peru (00) as the sum of its departments, by function and by dataset too", async () => {
    const { answer } = await cost(
      "00",
      `services(period: ${TWO_YEARS}) { ${FIGURES} children { ${FIGURES} } }`,
    );
    const peru = answer[0]?.services as Figures & { children: Figures[] };
    const cents = (text: string) => Math.round(Number(text) * 100);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(peru.activeProjects).toBeGreaterThan(0);
    expect(sum(peru.children.map((c) => c.activeProjects))).toBe(peru.activeProjects);
    expect(sum(peru.children.map((c) => cents(c.executed)))).toBe(cents(peru.executed));
    expect(sum(peru.children.map((c) => cents(c.yearlyAccrualsOutsidePeriodMonths)))).toBe(
      cents(peru.yearlyAccrualsOutsidePeriodMonths),
    );
    for (const { function: fn, activeProjects, executed } of peru.byFunction) {
      const parts = peru.children.flatMap((c) => c.byFunction.filter((f) => f.function === fn));
      expect(sum(parts.map((f) => f.activeProjects)), fn).toBe(activeProjects);
      expect(sum(parts.map((f) => cents(f.executed))), fn).toBe(cents(executed));
    }
    expect(sum(peru.children.flatMap((c) => c.sources.map((x) => x.records)))).toBe(
      sum(peru.sources.map((x) => x.records)),
    );
  });

  it("gives each point the figures of its bucket's own period", async () => {
    const { answer } = await cost(
      "17",
      `services(period: ${TWO_YEARS}) { series(granularity: QUARTER) { ${FIGURES} } }`,
    );
    const points = answer[0]?.services.series ?? [];
    expect(points.map((p) => [p.from, p.to, p.partial])).toEqual([
      ["2023-01-01", "2023-03-31", false],
      ["2023-04-01", "2023-06-30", false],
      ["2023-07-01", "2023-09-30", false],
      ["2023-10-01", "2023-12-31", false],
      ["2024-01-01", "2024-03-31", false],
      ["2024-04-01", "2024-06-30", false],
      ["2024-07-01", "2024-09-30", false],
      ["2024-10-01", "2024-12-31", false],
    ]);
    for (const point of points) {
      const alone = await cost(
        "17",
        `services(period: { from: "${point.from}", to: "${point.to}" }) { ${FIGURES} }`,
      );
      expect(alone.answer[0]?.services).toEqual(point);
    }
  });

  it("adds up: the months of a year hold its monthly accruals, its whole-year amounts only in the year's point", async () => {
    const { answer } = await cost(
      "00",
      `services(period: ${TWO_YEARS}) { executed series(granularity: YEAR) { executed yearlyAccrualsOutsidePeriodMonths }
        months: series(granularity: MONTH) { executed yearlyAccrualsOutsidePeriodMonths } }`,
    );
    const peru = answer[0]?.services as Figures & {
      series: Figures[];
      months: Figures[];
    };
    const cents = (text: string) => Math.round(Number(text) * 100);
    const byYear = peru.series.map((p) => cents(p.executed));
    expect(byYear.reduce((a, b) => a + b, 0)).toBe(cents(peru.executed));
    // 2023 came only as whole-year amounts: none of its months holds any, each says how much lies outside.
    const months2023 = peru.months.slice(0, 12);
    expect(months2023.every((p) => p.executed === "0.00")).toBe(true);
    expect(months2023.every((p) => p.yearlyAccrualsOutsidePeriodMonths === peru.series[0]?.executed)).toBe(
      true,
    );
    const months2024 = peru.months.slice(12).map((p) => cents(p.executed));
    expect(months2024.reduce((a, b) => a + b, 0)).toBe(byYear[1]);
    expect(peru.series.every((p) => p.yearlyAccrualsOutsidePeriodMonths === "0.00")).toBe(true);
  });

  it("marks the bucket holding today partial and leaves out the buckets after it", async () => {
    const year = new Date().getUTCFullYear();
    const { answer } = await cost(
      "00",
      `services(period: { from: "${year}-01-01", to: "${year + 1}-12-31" }) { partial series(granularity: YEAR) { from partial } }`,
    );
    const peru = answer[0]?.services as Figures & { series: Figures[] };
    expect(peru.partial).toBe(true);
    expect(peru.series.map((p) => [p.from, p.partial])).toEqual([[`${year}-01-01`, true]]);
  });
});

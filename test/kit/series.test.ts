import { describe, expect, it } from "vitest";
import {
  descendantPrefix,
  levelOf,
  NATIONAL_UBIGEO,
  parsePeriod,
  regionCatalog,
  seriesBuckets,
  todayInLima,
  type Granularity,
} from "../../packages/kit/src/index.ts";

const day = (text: string) => new Date(`${text}T00:00:00.000Z`);
const period = (from: string, to: string) =>
  parsePeriod({ from: day(from), to: day(to) }, "period", () => ({ from: day(from), to: day(to) }));
const show = (from: string, to: string, granularity: Granularity, today: string) =>
  seriesBuckets(period(from, to), granularity, day(today)).map(
    (b) =>
      `${b.from.toISOString().slice(0, 10)}..${b.to.toISOString().slice(0, 10)}${b.partial ? " partial" : ""}`,
  );

describe("a series' buckets", () => {
  it("splits a period into calendar months, the month holding today partial and later months left out", () => {
    expect(show("2025-10-01", "2026-03-31", "MONTH", "2025-12-07")).toEqual([
      "2025-10-01..2025-10-31",
      "2025-11-01..2025-11-30",
      "2025-12-01..2025-12-31 partial",
    ]);
    // The day after a month ends, that month is whole.
    expect(show("2025-11-01", "2025-11-30", "MONTH", "2025-12-01")).toEqual(["2025-11-01..2025-11-30"]);
    expect(show("2025-11-01", "2025-11-30", "MONTH", "2025-11-30")).toEqual([
      "2025-11-01..2025-11-30 partial",
    ]);
  });

  it("clips the first and last buckets to the period and marks them partial", () => {
    expect(show("2024-02-15", "2025-05-10", "QUARTER", "2026-01-01")).toEqual([
      "2024-02-15..2024-03-31 partial",
      "2024-04-01..2024-06-30",
      "2024-07-01..2024-09-30",
      "2024-10-01..2024-12-31",
      "2025-01-01..2025-03-31",
      "2025-04-01..2025-05-10 partial",
    ]);
    expect(show("2023-01-01", "2025-06-30", "YEAR", "2025-12-07")).toEqual([
      "2023-01-01..2023-12-31",
      "2024-01-01..2024-12-31",
      "2025-01-01..2025-06-30 partial",
    ]);
  });

  it("gives 24 points for 24 months, and one for a single day", () => {
    expect(seriesBuckets(period("2024-01-01", "2025-12-31"), "MONTH", day("2026-06-01"))).toHaveLength(24);
    expect(show("2025-02-28", "2025-02-28", "MONTH", "2026-01-01")).toEqual([
      "2025-02-28..2025-02-28 partial",
    ]);
  });
});

describe("Peru as a whole", () => {
  const catalog = regionCatalog();

  it("is region 00, a country whose children are the 25 departments and whose population is theirs summed", () => {
    const peru = catalog.get(NATIONAL_UBIGEO);
    expect(peru).toMatchObject({
      ubigeo: "00",
      name: "Perú",
      level: "COUNTRY",
      parent: null,
      capital: "Lima",
    });
    const departments = catalog.list({ level: "DEPARTMENT" });
    expect(catalog.children("00")).toEqual(departments);
    expect(peru?.population).toBe(departments.reduce((sum, d) => sum + d.population, 0));
    expect(levelOf("00")).toBe("COUNTRY");
  });

  it("holds every region below it, and is listed only when asked for by level", () => {
    expect(catalog.list({ parent: "00", level: "DISTRICT" })).toHaveLength(1891);
    expect(catalog.list({ level: "COUNTRY" }).map((r) => r.ubigeo)).toEqual(["00"]);
    expect(catalog.list().some((r) => r.level === "COUNTRY")).toBe(false);
    expect(descendantPrefix("00")).toBe("");
    expect(descendantPrefix("17")).toBe("17");
    expect(catalog.require("00", "ubigeo").level).toBe("COUNTRY");
  });
});

describe("today in Lima", () => {
  it("is Lima's calendar day at any hour (UTC-5, no daylight saving)", () => {
    expect(todayInLima(new Date("2025-12-08T04:59:59Z")).toISOString()).toBe("2025-12-07T00:00:00.000Z");
    expect(todayInLima(new Date("2025-12-08T05:00:00Z")).toISOString()).toBe("2025-12-08T00:00:00.000Z");
    expect(todayInLima(new Date("2025-07-01T12:00:00Z")).toISOString()).toBe("2025-07-01T00:00:00.000Z");
  });
});

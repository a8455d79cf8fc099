import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../packages/kit/src/index.ts";
import { STRINGS } from "../../gateway/web/i18n.ts";
import { launchBrowser, record, type PageRecord } from "../support/browser.ts";
import { startHub, tokenFor, type Hub } from "../support/hub.ts";
import { viewers } from "../support/viewers.ts";
import { post } from "../gateway/support.ts";

/**
 * The dashboard's trends, donor page and downloads in a real browser (Debian's chromium through playwright-core)
 * against the whole hub: every number shown or downloaded must be what the API answers the same viewer, a bucket
 * still under way is drawn as partial, and each page passes axe-core with no serious or critical violation.
 */
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let hub: Hub;
let browser: Browser;
let origin = "";
const today = new Date().toISOString().slice(0, 10);
const thisYear = { from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31` };

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [hub, browser] = await Promise.all([startHub(), launchBrowser()]);
  origin = new URL(hub.gatewayUrl).origin;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

/**
 * A new browser context on the dashboard at `path` as `viewer` (its token in the tab's session, as the token
 * field leaves it), under the page's own content security policy unless `axe` asks to bypass it (only so that
 * the test can inject axe-core).
 */
async function open(
  path: string,
  viewer: Viewer = viewers.public,
  options: { axe?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; seen: PageRecord; graphql: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
    bypassCSP: options.axe ?? false,
  });
  if (viewer.role !== "PUBLIC") {
    const token = await tokenFor(viewer);
    await context.addInitScript((value) => sessionStorage.setItem("tinkuy.token", value), token);
  }
  const page = await context.newPage();
  const seen = record(page);
  const graphql: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/graphql") graphql.push(request.postData() ?? "");
  });
  await page.goto(`${origin}${path}`);
  return { context, page, seen, graphql };
}

/** Every request stayed on the gateway's origin and the page reported no error. */
function expectSelfContained(seen: PageRecord) {
  expect(seen.requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
  expect(seen.errors).toEqual([]);
}

/** axe-core's serious and critical violations on the page as it stands (rule, impact and where). */
async function axeViolations(page: Page): Promise<{ id: string; impact: string; targets: string[] }[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<unknown> } }).axe;
    const result = (await axe.run(document)) as {
      violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** One region's five pillars' series as the API answers `viewer` (written here, not taken from the page). */
async function expectedSeries(
  viewer: Viewer,
  ubigeo: string,
  period: { from: string; to: string },
  granularity: string,
) {
  const answer = await post(
    hub.gatewayUrl,
    {
      query: /* GraphQL */ `
        query Expected($ubigeo: ID!, $period: PeriodInput!, $granularity: Granularity!) {
          region(ubigeo: $ubigeo) {
            eradication(period: $period) {
              series(granularity: $granularity) {
                from
                to
                partial
                operations
                value
                arrests
              }
            }
            formalization {
              series(granularity: $granularity, period: $period) {
                from
                to
                partial
                active
                suspended
                excluded
                formalized
              }
            }
            recovery(period: $period) {
              series(granularity: $granularity) {
                from
                to
                partial
                hectaresDegraded
                hectaresRestored
                degradedAreasDetected
              }
            }
            livelihoods(period: $period) {
              series(granularity: $granularity) {
                from
                to
                partial
                activeProjects
                beneficiaries {
                  total
                }
              }
            }
            services(period: $period) {
              series(granularity: $granularity) {
                from
                to
                partial
                activeProjects
                executed
              }
            }
            indicators(period: $period) {
              series(granularity: $granularity) {
                from
                to
                partial
                operationsPerThousandActiveRecords
                restoredPerDegradedHectare
                degradedHectaresPerActiveRecord
                formerMinerBeneficiariesPerExcludedRecord
                operationsPerMillionSolesInvested
              }
            }
          }
        }
      `,
      variables: { ubigeo, period, granularity },
    },
    { viewer },
  );
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data?.["region"] as Record<string, { series: Record<string, unknown>[] }>;
}

/** Each pillar's trend table as the page shows it: per row, its data attributes and its header's text. */
async function shownSeries(page: Page) {
  return page.locator("#detail .trend-table").evaluateAll((tables) =>
    Object.fromEntries(
      tables.map((table) => [
        table.getAttribute("data-pillar"),
        [...table.querySelectorAll("tbody tr")].map((tr) => ({
          ...Object.fromEntries(
            [...tr.attributes]
              .filter((a) => a.name.startsWith("data-"))
              .map((a) => [a.name.slice(5).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), a.value]),
          ),
          label: tr.querySelector("th")?.textContent ?? "",
        })),
      ]),
    ),
  ) as Promise<Record<string, Record<string, string>[]>>;
}

/** The fields each pillar's trend table shows, as the API names them. */
const TREND_FIELDS: Record<string, string[]> = {
  eradication: ["operations", "arrests", "value"],
  formalization: ["active", "suspended", "excluded", "formalized"],
  recovery: ["hectaresDegraded", "hectaresRestored", "degradedAreasDetected"],
  livelihoods: ["activeProjects", "beneficiaries"],
  services: ["activeProjects", "executed"],
  indicators: [
    "operationsPerThousandActiveRecords",
    "restoredPerDegradedHectare",
    "degradedHectaresPerActiveRecord",
    "formerMinerBeneficiariesPerExcludedRecord",
    "operationsPerMillionSolesInvested",
  ],
};

function expectTrendsMatch(
  shown: Record<string, Record<string, string>[]>,
  expected: Record<string, { series: Record<string, unknown>[] }>,
) {
  for (const [pillar, fields] of Object.entries(TREND_FIELDS)) {
    const points = expected[pillar]?.series ?? [];
    const rows = shown[pillar] ?? [];
    expect(
      rows.map((r) => [r["from"], r["to"], r["partial"]]),
      pillar,
    ).toEqual(points.map((p) => [p["from"], p["to"], String(p["partial"])]));
    points.forEach((point, i) => {
      for (const field of fields) {
        const raw = field === "beneficiaries" ? (point[field] as { total: number }).total : point[field];
        // A ratio without a denominator is null: an empty attribute, "—" on screen.
        expect(rows[i]?.[field], `${pillar} ${String(point["from"])} ${field}`).toBe(
          raw === null ? "" : String(raw),
        );
      }
    });
  }
}

describe("the dashboard's trends", () => {
  it("draws a department's five pillars month by month from one request, the month under way as partial", async () => {
    const { context, page, seen, graphql } = await open(
      `/dashboard?desde=${thisYear.from}&hasta=${thisYear.to}&region=17&vista=mensual`,
      viewers.analyst,
    );
    await page.locator('#detail[data-state=ready][data-ubigeo="17"][data-trends=ready]').waitFor();
    const expected = await expectedSeries(viewers.analyst, "17", thisYear, "MONTH");
    const shown = await shownSeries(page);
    expectTrendsMatch(shown, expected);
    // The months from January to this one (later months are left out), this one partial and labelled so.
    const month = Number(today.slice(5, 7));
    for (const pillar of Object.keys(TREND_FIELDS)) {
      const rows = shown[pillar] ?? [];
      expect(rows, pillar).toHaveLength(month);
      expect(rows.map((r) => r["partial"])).toEqual([...Array<string>(month - 1).fill("false"), "true"]);
      expect(rows.at(-1)?.["label"]).toContain("(parcial)");
      // Dates as Peruvians write them, month names in Spanish, whatever the browser's locale.
      expect(rows[0]?.["label"]).toBe(
        `ene. ${today.slice(0, 4)} 01/01/${today.slice(0, 4)}–31/01/${today.slice(0, 4)}`,
      );
    }
    await expect(page.locator("#detail .partial-note").first().isVisible()).resolves.toBe(true);
    // Public investment's trend says that its accruals often come by year only, so no month holds them.
    await expect(
      page.locator("#detail .trend[data-pillar=services] .services-trend-note").textContent(),
    ).resolves.toContain("la vista por año sí lo incluye");
    // Each chart is described by its table.
    for (const canvas of await page.locator("#detail .trend canvas").all()) {
      const table = await canvas.getAttribute("aria-describedby");
      await expect(page.locator(`#${table} tbody tr`).count()).resolves.toBe(month);
    }
    // One request for the five pillars' series, no alias per month.
    const trends = graphql.filter((body) => body.includes("query DashboardTrends"));
    expect(trends).toHaveLength(1);
    expect(trends[0]).not.toMatch(/\bm\d+:/);
    await page.screenshot({ path: `${ARTIFACTS}dashboard-trends-es.png`, fullPage: true });

    // By quarter, and back: the view is in the URL, so history steps through it.
    await page.locator('#detail .view-switch input[value="QUARTER"]').check();
    await page.locator("#detail[data-trends=ready][data-view=QUARTER]").waitFor();
    expect(new URL(page.url()).searchParams.get("vista")).toBe("trimestral");
    expectTrendsMatch(
      await shownSeries(page),
      await expectedSeries(viewers.analyst, "17", thisYear, "QUARTER"),
    );
    await page.goBack();
    await page.locator("#detail[data-trends=ready][data-view=MONTH]").waitFor();

    // In English, month names in English and the same dd/mm/yyyy dates.
    await page.locator("#language").click();
    await page.locator("#detail[data-trends=ready]").waitFor();
    const english = await shownSeries(page);
    expect(english["eradication"]?.[0]?.["label"]).toContain(`Jan ${today.slice(0, 4)} 01/01/`);
    expect(english["eradication"]?.at(-1)?.["label"]).toContain("(partial)");
    expectSelfContained(seen);
    await context.close();
  });

  it("shows Peru as a whole by quarter, a quarter the period cuts partial with its own figures, not a fall", async () => {
    // A past period that ends mid-quarter: its last quarter is cut, so partial, and counts only its own days.
    const period = { from: "2024-01-01", to: "2025-11-15" };
    const { context, page, seen } = await open(
      `/dashboard?desde=${period.from}&hasta=${period.to}&vista=trimestral`,
    );
    await page.locator('#detail[data-state=ready][data-ubigeo="00"][data-trends=ready]').waitFor();
    await expect(page.locator("#detail h2").textContent()).resolves.toContain("Perú");
    const expected = await expectedSeries(viewers.public, "00", period, "QUARTER");
    const shown = await shownSeries(page);
    expectTrendsMatch(shown, expected);
    for (const pillar of Object.keys(TREND_FIELDS)) {
      const rows = shown[pillar] ?? [];
      expect(rows, pillar).toHaveLength(8);
      expect(rows.at(-1), pillar).toMatchObject({ from: "2025-10-01", to: "2025-11-15", partial: "true" });
      expect(rows.at(-1)?.["label"]).toBe("T4 2025 01/10/2025–15/11/2025 (parcial)");
      expect(rows.slice(0, -1).every((row) => row["partial"] === "false")).toBe(true);
    }
    // Peru's national figures are counted: the year's operations are not zero.
    const operations = (shown["eradication"] ?? []).reduce((sum, row) => sum + Number(row["operations"]), 0);
    expect(operations).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}dashboard-trends-peru-es.png`, fullPage: true });
    expectSelfContained(seen);
    await context.close();
  });
});

/** The cells of a downloaded XLSX's first sheet, as rows of values (exceljs). */
async function xlsxRows(path: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0];
  const rows: unknown[][] = [];
  sheet?.eachRow((row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1));
  });
  return rows;
}

describe("the dashboard's downloads", () => {
  it("downloads exactly the level, parent, period and granularity on screen, the XLSX's cells the API's", async () => {
    const period = { from: "2025-01-01", to: "2025-12-31" };
    const { context, page, seen } = await open(
      `/dashboard?desde=${period.from}&hasta=${period.to}&region=17&vista=trimestral`,
      viewers.analyst,
    );
    await page.locator("#dashboard[data-state=ready][data-level=PROVINCE]").waitFor();
    await page.locator("#detail[data-trends=ready]").waitFor();
    await page.locator("#downloads summary").click();
    await expect(page.locator("#downloads .download-scope").textContent()).resolves.toBe(
      "las provincias de Madre de Dios, del 01/01/2025 al 31/12/2025, por trimestre",
    );
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('#downloads button[data-format="xlsx"]').click(),
    ]);
    const href = new URL(
      (await page.locator('#downloads button[data-format="xlsx"]').getAttribute("data-href")) ?? "",
      origin,
    );
    expect(href.pathname).toBe("/exports/indicators.xlsx");
    expect(Object.fromEntries(href.searchParams)).toEqual({
      ...period,
      level: "PROVINCE",
      parent: "17",
      granularity: "QUARTER",
      lang: "es",
    });
    const file = join(mkdtempSync(join(tmpdir(), "tinkuy-xlsx-")), download.suggestedFilename());
    await download.saveAs(file);
    const [header = [], ...rows] = await xlsxRows(file);

    // The API's provinces of Madre de Dios, quarter by quarter, for the same viewer.
    const answer = await post(
      hub.gatewayUrl,
      {
        query: `query($period: PeriodInput!) { regions(level: PROVINCE, parent: "17") { ubigeo
          eradication(period: $period) { series(granularity: QUARTER) { from to partial operations arrests } }
          recovery(period: $period) { series(granularity: QUARTER) { from to hectaresDegraded } } } }`,
        variables: { period },
      },
      { viewer: viewers.analyst },
    );
    expect(answer.body.errors).toBeUndefined();
    const regions = answer.body.data?.["regions"] as {
      ubigeo: string;
      eradication: { series: { from: string; to: string; partial: boolean; operations: number }[] };
      recovery: { series: { hectaresDegraded: number }[] };
    }[];
    const t = STRINGS.es;
    const column = (label: string) => header.findIndex((cell) => String(cell) === label);
    const [ubigeo, from, to, operations, degraded] = [
      0,
      column("Desde"),
      column("Hasta"),
      column(t.operations),
      column(t.hectaresDegraded),
    ];
    expect(
      [from, to, operations, degraded].every((i) => i > 0),
      header.join(" | "),
    ).toBe(true);
    const expected = [...regions]
      .sort((a, b) => a.ubigeo.localeCompare(b.ubigeo))
      .flatMap((region) =>
        region.eradication.series.map((point, i) => [
          region.ubigeo,
          point.from,
          point.to,
          point.operations,
          Math.round((region.recovery.series[i]?.hectaresDegraded ?? 0) * 100) / 100,
        ]),
      );
    expect(expected.length).toBe(regions.length * 4);
    const day = (cell: unknown) => (cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell));
    expect(
      rows.map((row) => [
        String(row[ubigeo]),
        day(row[from]),
        day(row[to]),
        Number(row[operations]),
        Number(row[degraded]),
      ]),
    ).toEqual(expected);

    // The CSV: the same address, the other format.
    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('#downloads button[data-format="csv"]').click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const csvHref = new URL(
      (await page.locator('#downloads button[data-format="csv"]').getAttribute("data-href")) ?? "",
      origin,
    );
    expect(csvHref.pathname).toBe("/exports/indicators.csv");
    expect(csvHref.search).toBe(href.search);

    // The period's totals (no trend shown): no granularity.
    await page.locator('#detail .view-switch input[value="TOTALS"]').check();
    await page.locator("#detail[data-view=TOTALS]").waitFor();
    await page.locator("#downloads summary").click();
    await page.locator("#downloads summary").click();
    await expect(page.locator("#downloads .download-scope").textContent()).resolves.toBe(
      "las provincias de Madre de Dios, del 01/01/2025 al 31/12/2025",
    );
    expectSelfContained(seen);
    await context.close();
  });
});

/** Each project's indicators as the API answers `viewer` (baseline, and target and actual per period). */
const DONOR_INDICATORS = /* GraphQL */ `
  query Expected($ref: ID!) {
    donor(ref: $ref) {
      projects {
        iatiIdentifier
        results {
          indicators {
            code
            baseline {
              value
            }
            periods {
              periodStart
              periodEnd
              target {
                value
              }
              actual {
                value
              }
            }
          }
        }
        transactions {
          type
          date
          value
          currency
        }
      }
    }
  }
`;

interface ExpectedProject {
  iatiIdentifier: string;
  results: {
    indicators: {
      code: string;
      baseline: { value: number | null } | null;
      periods: {
        periodStart: string;
        periodEnd: string;
        target: { value: number | null };
        actual: { value: number | null } | null;
      }[];
    }[];
  }[];
  transactions: { type: string; date: string; value: string; currency: string }[];
}

describe("the donor page", () => {
  it("shows a donor its projects' indicators and disbursements as the API answers it", async () => {
    const listed = await post(
      hub.gatewayUrl,
      { query: "{ donors { ref projects { iatiIdentifier } } }" },
      {
        viewer: viewers.analyst,
      },
    );
    const donors = listed.body.data?.["donors"] as { ref: string; projects: unknown[] }[];
    const ref = [...donors].sort((a, b) => b.projects.length - a.projects.length)[0]?.ref ?? "";
    expect(ref).not.toBe("");
    const donor = viewers.donor(ref);

    const { context, page, seen } = await open("/dashboard#donantes", donor);
    await page.locator(`#donor-page[data-state=ready][data-donor="${ref}"]`).waitFor();
    const answer = await post(
      hub.gatewayUrl,
      { query: DONOR_INDICATORS, variables: { ref } },
      { viewer: donor },
    );
    expect(answer.body.errors).toBeUndefined();
    const projects = (answer.body.data?.["donor"] as { projects: ExpectedProject[] }).projects;
    expect(projects.length).toBeGreaterThan(0);

    const shown = await page.locator("#donor-page article.project").evaluateAll((articles) =>
      articles.map((article) => ({
        iatiIdentifier: article.getAttribute("data-iati"),
        indicators: [...article.querySelectorAll("table.indicators tbody tr")].map((tr) => ({
          code: tr.getAttribute("data-indicator"),
          baseline: tr.getAttribute("data-baseline"),
          periodStart: tr.getAttribute("data-period-start"),
          periodEnd: tr.getAttribute("data-period-end"),
          target: tr.getAttribute("data-target"),
          actual: tr.getAttribute("data-actual"),
          reported: tr.getAttribute("data-reported") === "true",
          text: [...tr.querySelectorAll(".target, .actual")].map((cell) => cell.textContent ?? ""),
        })),
        transactions: [...article.querySelectorAll("table.transactions tbody tr")].map((tr) => ({
          type: tr.getAttribute("data-type"),
          date: tr.getAttribute("data-date"),
          value: tr.getAttribute("data-value"),
          currency: tr.getAttribute("data-currency"),
          text: tr.querySelector("td")?.textContent ?? "",
        })),
      })),
    );
    const text = (value: number | null | undefined) =>
      value === null || value === undefined ? "" : String(value);
    expect(
      shown.map(({ iatiIdentifier, indicators, transactions }) => ({
        iatiIdentifier,
        indicators: indicators.map(({ text: _, reported: __, ...rest }) => rest),
        transactions: transactions.map(({ text: _, ...rest }) => rest),
      })),
    ).toEqual(
      projects.map((project) => ({
        iatiIdentifier: project.iatiIdentifier,
        indicators: project.results.flatMap((result) =>
          result.indicators.flatMap((indicator) =>
            (indicator.periods.length > 0 ? indicator.periods : [null]).map((period) => ({
              code: indicator.code,
              baseline: text(indicator.baseline?.value),
              periodStart: period?.periodStart ?? "",
              periodEnd: period?.periodEnd ?? "",
              target: text(period?.target.value),
              actual: text(period?.actual?.value),
            })),
          ),
        ),
        transactions: project.transactions.map((tx) => ({ ...tx })),
      })),
    );
    // The values are in text too: a reported actual's number, "sin reportar" for one not reported yet.
    const rows = shown.flatMap((project) => project.indicators);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => !row.reported)).toBe(true);
    expect(rows.some((row) => row.reported && row.actual !== "")).toBe(true);
    for (const row of rows) {
      if (!row.reported) expect(row.text[1]).toBe("sin reportar");
      else if (row.actual === "") expect(row.text[1]).not.toBe("");
      else
        expect(row.text[1]?.replace(/[^0-9]/g, "")).toContain(
          String(Math.trunc(Math.abs(Number(row.actual)))),
        );
    }
    // Transaction dates dd/mm/aaaa.
    const transaction = shown.flatMap((project) => project.transactions)[0];
    expect(transaction?.text).toBe(
      `${transaction?.date?.slice(8, 10)}/${transaction?.date?.slice(5, 7)}/${transaction?.date?.slice(0, 4)}`,
    );
    await page.screenshot({ path: `${ARTIFACTS}dashboard-donor-es.png`, fullPage: true });
    expectSelfContained(seen);
    await context.close();
  });

  it("lets staff choose a donor, and asks the public for a token", async () => {
    const staff = await open("/dashboard#donantes", viewers.analyst);
    await staff.page.locator("#donor-page[data-state=ready][data-donor]").waitFor();
    const options = await staff.page.locator("#donor-choice option").count();
    expect(options).toBeGreaterThan(1);
    const second = await staff.page.locator("#donor-choice option").nth(1).getAttribute("value");
    await staff.page.locator("#donor-choice").selectOption(second ?? "");
    await staff.page.locator(`#donor-page[data-state=ready][data-donor="${second}"]`).waitFor();
    expectSelfContained(staff.seen);
    await staff.context.close();

    const anyone = await open("/dashboard#donantes");
    await anyone.page.locator("#donor-page[data-state=ready] .need-token").waitFor();
    await expect(anyone.page.locator("#dashboard").isVisible()).resolves.toBe(false);
    await anyone.context.close();

    // A donor's token naming a reference the hub does not know: said, not taken for a pillar down.
    const stranger = await open("/dashboard#donantes", viewers.donor("XE-EXAMPLE-NOBODY"));
    await stranger.page.locator("#donor-page[data-state=ready]").waitFor();
    await expect(stranger.page.locator("#donor-page").textContent()).resolves.toContain(
      "No hay un donante registrado con la referencia XE-EXAMPLE-NOBODY",
    );
    expectSelfContained(stranger.seen);
    await stranger.context.close();
  });
});

describe("the trends and the donor page on a phone", () => {
  it("fit 390 px without a page-wide horizontal scroll, their tables scrolling in their own boxes", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.goto(`${origin}/dashboard?desde=2025-01-01&hasta=2025-12-31&region=17&vista=mensual`);
    await page.locator('#detail[data-state=ready][data-ubigeo="17"][data-trends=ready]').waitFor();
    await page.locator("#detail .trend-table").evaluateAll((all) => {
      for (const details of all) (details as HTMLDetailsElement).open = true;
    });
    await expect(overflow()).resolves.toBeLessThanOrEqual(0);

    const token = await tokenFor(viewers.analyst);
    await page.evaluate((value) => sessionStorage.setItem("tinkuy.token", value), token);
    await page.goto(`${origin}/dashboard#donantes`);
    await page.locator("#donor-page[data-state=ready][data-donor]").waitFor();
    await expect(overflow()).resolves.toBeLessThanOrEqual(0);
    await context.close();
  });
});

describe("the dashboard's accessibility", () => {
  it("has no serious or critical axe-core violation on the dashboard, a department, the donor page and Fuentes", async () => {
    const period = { from: "2025-01-01", to: "2025-12-31" };
    const { context, page } = await open(
      `/dashboard?desde=${period.from}&hasta=${period.to}`,
      viewers.analyst,
      { axe: true },
    );
    await page.locator('#detail[data-state=ready][data-ubigeo="00"]').waitFor();
    await page.locator("#map[data-state=ready]").waitFor();
    const found: Record<string, unknown> = {};
    found["dashboard"] = await axeViolations(page);

    await page.goto(`${origin}/dashboard?desde=${period.from}&hasta=${period.to}&region=17&vista=mensual`);
    await page.locator('#detail[data-state=ready][data-ubigeo="17"][data-trends=ready]').waitFor();
    found["department"] = await axeViolations(page);

    await page.goto(`${origin}/dashboard#donantes`);
    await page.locator("#donor-page[data-state=ready][data-donor]").waitFor();
    found["donors"] = await axeViolations(page);

    await page.goto(`${origin}/dashboard#fuentes`);
    await page.locator("#catalogue[data-state=ready]").waitFor();
    found["sources"] = await axeViolations(page);

    expect(found).toEqual({ dashboard: [], department: [], donors: [], sources: [] });
    await context.close();
  });
});

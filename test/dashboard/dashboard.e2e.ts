import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../packages/kit/src/index.ts";
import { launchBrowser, record, type PageRecord } from "../support/browser.ts";
import { startHub, tokenFor, type Hub } from "../support/hub.ts";
import { viewers } from "../support/viewers.ts";
import { post } from "../gateway/support.ts";
import { INDICATORS } from "../../gateway/web/indicators.ts";
import { PILLAR_NAMES } from "../../subgraphs/index.ts";

/** Which part of a department's answer each dashboard column reads (the dashboard's own table of figures). */
const INDICATOR_PART: Record<string, string> = Object.fromEntries(INDICATORS.map((i) => [i.id, i.part]));

/**
 * The program dashboard in a real browser (Debian's chromium through playwright-core) against the whole hub:
 * what it shows must be what the API answers the same viewer for the same period.
 */
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));

let hub: Hub;
let browser: Browser;
let origin = "";
/** The latest calendar year with data, the one the dashboard opens on (see `latestDataYear`). */
let opening: { from: string; to: string };

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [hub, browser] = await Promise.all([startHub(), launchBrowser()]);
  origin = new URL(hub.gatewayUrl).origin;
  const year = await latestDataYear();
  opening = { from: `${year}-01-01`, to: `${year}-12-31` };
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

/** The catalogue as the API answers it (every field the "Fuentes" page shows). */
const CATALOGUE = /* GraphQL */ `
  {
    datasets {
      items {
        id
        title
        kind
        publisher
        issued
        modified
        licence
        landingPage
        records {
          pillar
          entity
          records
        }
        totalRecords
      }
    }
  }
`;

interface Dataset {
  id: string;
  title: string;
  kind: string;
  publisher: string;
  issued: string;
  modified: string;
  licence: string | null;
  landingPage: string | null;
  records: { pillar: string; entity: string; records: number }[];
  totalRecords: number;
}

async function catalogue(): Promise<Dataset[]> {
  const answer = await post(hub.gatewayUrl, { query: CATALOGUE }, { viewer: viewers.public });
  expect(answer.body.errors).toBeUndefined();
  return (answer.body.data?.["datasets"] as { items: Dataset[] }).items;
}

/**
 * The latest year, from this one back, in which the seeded hub has any enforcement operation or degraded area in
 * any department (asked year by year, national totals summed here).
 */
async function latestDataYear(): Promise<number> {
  for (let year = new Date().getFullYear(); year >= 2020; year--) {
    const national = await post(
      hub.gatewayUrl,
      {
        query: `query($period: PeriodInput!) { regions {
          eradication(period: $period) { operations } recovery(period: $period) { degradedAreasDetected } } }`,
        variables: { period: { from: `${year}-01-01`, to: `${year}-12-31` } },
      },
      { viewer: viewers.public },
    );
    expect(national.body.errors).toBeUndefined();
    const regions = national.body.data?.["regions"] as {
      eradication: { operations: number };
      recovery: { degradedAreasDetected: number };
    }[];
    if (regions.some((r) => r.eradication.operations > 0 || r.recovery.degradedAreasDetected > 0))
      return year;
  }
  throw new Error("the seeded hub has no operation or degraded area since 2020");
}

/** The day REINFO's figures are as of for a period, as of `now`: its last day if past, else today (null). */
function registryDay(period: { to: string }, now = new Date()): string | null {
  return period.to < now.toISOString().slice(0, 10) ? period.to : null;
}

/** The departments' figures, asked of the API directly (written here, not taken from the page's code). */
const OVERVIEW = /* GraphQL */ `
  query Expected($period: PeriodInput!, $asOf: Date) {
    regions {
      ubigeo
      name
      formalization(asOf: $asOf) {
        active
      }
      eradication(period: $period) {
        operations
        value
      }
      recovery(period: $period) {
        hectaresDegraded
        hectaresRestored
      }
      livelihoods(period: $period) {
        activeProjects
        beneficiaries {
          total
        }
      }
      indicators(period: $period) {
        formalizationRate
        operationsPerThousandActiveRecords
        valueSeizedPerActiveRecord
        restoredPerDegradedHectare
        degradedHectaresPerActiveRecord
        formerMinerBeneficiariesPerExcludedRecord
        investmentExecutedPerActiveRecord
        operationsPerMillionSolesInvested
      }
    }
  }
`;

type Raw = number | string | null;
type Row = Record<string, Raw> & { ubigeo: string; name: string };

/** Each column of the table: the API's field for it, and the fraction digits it is shown with. */
const COLUMNS: Record<string, { digits: number; percent?: boolean; read(r: Record<string, unknown>): Raw }> =
  {
    activeRecords: { digits: 0, read: (r) => pick(r, "formalization", "active") },
    formalizationRate: { digits: 1, percent: true, read: (r) => pick(r, "indicators", "formalizationRate") },
    operations: { digits: 0, read: (r) => pick(r, "eradication", "operations") },
    value: { digits: 2, read: (r) => pick(r, "eradication", "value") },
    operationsPerThousand: {
      digits: 2,
      read: (r) => pick(r, "indicators", "operationsPerThousandActiveRecords"),
    },
    valuePerActive: { digits: 2, read: (r) => pick(r, "indicators", "valueSeizedPerActiveRecord") },
    hectaresDegraded: { digits: 2, read: (r) => pick(r, "recovery", "hectaresDegraded") },
    hectaresRestored: { digits: 2, read: (r) => pick(r, "recovery", "hectaresRestored") },
    restoredPerDegraded: { digits: 2, read: (r) => pick(r, "indicators", "restoredPerDegradedHectare") },
    degradedPerActive: { digits: 2, read: (r) => pick(r, "indicators", "degradedHectaresPerActiveRecord") },
    activeProjects: { digits: 0, read: (r) => pick(r, "livelihoods", "activeProjects") },
    beneficiaries: {
      digits: 0,
      read: (r) =>
        (pick(r, "livelihoods", "beneficiaries") as unknown as { total: number } | null)?.total ?? null,
    },
    formerMinersPerExcluded: {
      digits: 2,
      read: (r) => pick(r, "indicators", "formerMinerBeneficiariesPerExcludedRecord"),
    },
    investmentPerActive: {
      digits: 2,
      read: (r) => pick(r, "indicators", "investmentExecutedPerActiveRecord"),
    },
    operationsPerMillionInvested: {
      digits: 2,
      read: (r) => pick(r, "indicators", "operationsPerMillionSolesInvested"),
    },
  };

function pick(r: Record<string, unknown>, part: string, field: string): Raw {
  const object = r[part] as Record<string, Raw> | null;
  return object ? (object[field] ?? null) : null;
}

/** The API's table for `viewer` and `period` (REINFO as of `asOf`: by default, as the page asks it), by ubigeo. */
async function expectedTable(
  viewer: Viewer,
  period: { from: string; to: string },
  asOf: string | null = registryDay(period),
) {
  const answer = await post(hub.gatewayUrl, { query: OVERVIEW, variables: { period, asOf } }, { viewer });
  expect(answer.body.errors).toBeUndefined();
  const regions = (answer.body.data?.["regions"] ?? []) as Record<string, unknown>[];
  expect(regions).toHaveLength(25);
  return new Map(
    regions.map((r) => {
      const row: Row = { ubigeo: String(r["ubigeo"]), name: String(r["name"]) };
      for (const [id, column] of Object.entries(COLUMNS)) row[id] = column.read(r);
      return [row.ubigeo, row];
    }),
  );
}

/**
 * Whether a shown number is the API's value rounded to the column's digits, whatever the locale's separators:
 * the digits shown, read as an integer, are within one unit of the last digit of the rounded value.
 */
function shows(text: string, raw: Raw, digits: number, percent = false): boolean {
  if (raw === null) return text.trim() === "—";
  const shown = Number(text.replace(/[^0-9]/g, ""));
  const expected = Number(raw) * (percent ? 100 : 1) * 10 ** digits;
  return Math.abs(shown - expected) <= 1;
}

/** The table as the page shows it: per row, per column, the `data-value` and the text (one read of the page). */
async function shownTable(page: Page) {
  const rows = await page
    .locator("#table tbody tr")
    .evaluateAll((trs) =>
      trs.map((tr) => [
        tr.getAttribute("data-ubigeo") ?? "",
        [...tr.querySelectorAll("td")].map((td) => [
          td.getAttribute("data-indicator") ?? "",
          { value: td.getAttribute("data-value") ?? "", text: td.textContent ?? "" },
        ]),
      ]),
    );
  return new Map(
    rows.map(([ubigeo, cells]) => [
      ubigeo as string,
      new Map(cells as [string, { value: string; text: string }][]),
    ]),
  );
}

async function expectTableMatches(page: Page, expected: Map<string, Row>) {
  const shown = await shownTable(page);
  expect([...shown.keys()].sort()).toEqual([...expected.keys()].sort());
  let compared = 0;
  for (const [ubigeo, row] of expected) {
    for (const [id, column] of Object.entries(COLUMNS)) {
      const cell = shown.get(ubigeo)?.get(id);
      const raw = row[id] ?? null;
      expect(cell?.value, `${row.name} ${id}`).toBe(raw === null ? "" : String(raw));
      expect(
        shows(cell?.text ?? "", raw, column.digits, column.percent),
        `${row.name} ${id}: ${cell?.text}`,
      ).toBe(true);
      compared += 1;
    }
  }
  expect(compared).toBe(25 * Object.keys(COLUMNS).length);
}

/** The part of a department's answer each table column's figure is counted from. */
const ALL_PARTS = [...PILLAR_NAMES, "indicators"];
const PARTS: Record<string, string[]> = Object.fromEntries(
  Object.keys(COLUMNS).map((id) => [id, [INDICATOR_PART[id] ?? ""]]),
);

/**
 * For each department, the parts (a pillar's figures, or the cross-pillar indicators) whose figures for
 * `period` the API says rest on synthetic records.
 */
async function syntheticParts(viewer: Viewer, period: { from: string; to: string }) {
  const sources = "sources { kind }";
  const answer = await post(
    hub.gatewayUrl,
    {
      query: `query($period: PeriodInput!, $asOf: Date) { regions { ubigeo formalization(asOf: $asOf) { ${sources} }
        eradication(period: $period) { ${sources} } recovery(period: $period) { ${sources} }
        livelihoods(period: $period) { ${sources} } services(period: $period) { ${sources} }
        indicators(period: $period) { ${sources} } } }`,
      variables: { period, asOf: registryDay(period) },
    },
    { viewer },
  );
  expect(answer.body.errors).toBeUndefined();
  const regions = (answer.body.data?.["regions"] ?? []) as Record<
    string,
    { sources: { kind: string }[] } | null
  >[];
  return new Map(
    regions.map((region) => [
      String(region["ubigeo"]),
      new Set(ALL_PARTS.filter((part) => region[part]?.sources.some((s) => s.kind === "SYNTHETIC"))),
    ]),
  );
}

/** Per department and column, the cell's `data-value` and whether it carries the synthetic mark. */
async function shownMarks(page: Page) {
  const rows = await page.locator("#table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [
      tr.getAttribute("data-ubigeo") ?? "",
      [...tr.querySelectorAll("td")].map((td) => [
        td.getAttribute("data-indicator") ?? "",
        {
          value: td.getAttribute("data-value") ?? "",
          synthetic: td.getAttribute("data-synthetic") === "true",
        },
      ]),
    ]),
  );
  return new Map(
    rows.map(([ubigeo, cells]) => [
      ubigeo as string,
      new Map(cells as [string, { value: string; synthetic: boolean }][]),
    ]),
  );
}

async function ready(page: Page) {
  await page.locator("#dashboard[data-state=ready]").waitFor();
}

/**
 * A new browser context on the dashboard at `path`, ready: its clock set to `clock` if given, and `watch` called
 * on the page before it loads (to see its first requests).
 */
async function openDashboard(
  options: { path?: string; clock?: Date; watch?: (page: Page) => void } = {},
): Promise<{ context: BrowserContext; page: Page; seen: PageRecord }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  if (options.clock) await context.clock.setFixedTime(options.clock);
  const page = await context.newPage();
  const seen = record(page);
  options.watch?.(page);
  await page.goto(`${origin}${options.path ?? "/dashboard"}`);
  await ready(page);
  return { context, page, seen };
}

/** Every request went to the gateway's own origin, and the page reported no error. */
function expectSelfContained(seen: PageRecord) {
  expect(seen.requests.length).toBeGreaterThan(0);
  expect(seen.requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
  expect(seen.errors).toEqual([]);
}

describe("the dashboard's files", () => {
  it("are served to anyone with a policy that allows nothing but the gateway's own origin", async () => {
    for (const [path, type] of [
      ["/dashboard", "text/html"],
      ["/dashboard/app.js", "text/javascript"],
      ["/dashboard/app.css", "text/css"],
    ] as const) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toContain(type);
      expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
      // Nothing is loaded from elsewhere: no absolute or protocol-relative URL in a src or href.
      expect(await response.text()).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
  });

  it("are read-only, and refuse a forged token like /graphql does", async () => {
    const posted = await fetch(`${origin}/dashboard`, { method: "POST", body: "x" });
    expect(posted.status).toBe(405);
    const forged = await fetch(`${origin}/dashboard`, {
      headers: { authorization: `Bearer ${await tokenFor(viewers.analyst, { secret: "x".repeat(32) })}` },
    });
    expect(forged.status).toBe(401);
  });
});

describe("the dashboard in a browser", () => {
  it("shows an analyst the API's figures, maps and sorts them, and opens a department's five pillars", async () => {
    const { context, page, seen } = await openDashboard();
    // Spanish by default; the public view until a token is given.
    await expect(page.locator("h1").textContent()).resolves.toBe("Tablero del programa");
    await expectTableMatches(page, await expectedTable(viewers.public, opening));

    await page.locator("#token").fill(await tokenFor(viewers.analyst));
    await page.locator("#token-save").click();
    await ready(page);
    await expect(page.locator("#viewer").textContent()).resolves.toContain("su token");
    await expectTableMatches(page, await expectedTable(viewers.analyst, opening));

    // A period of its own: mid-March to November 2025.
    const period = { from: "2025-03-15", to: "2025-11-30" };
    await page.locator("#year").selectOption("2025");
    await page.locator("#from").fill(period.from);
    await page.locator("#to").fill(period.to);
    await page.locator("#controls button[type=submit]").click();
    await ready(page);
    const expected = await expectedTable(viewers.analyst, period);
    await expectTableMatches(page, expected);

    // The map: 25 departments, coloured by REINFO's active records, then by operations (its classes and
    // keyboard are layout.e2e.ts's).
    const markers = page.locator("#map path.region");
    await expect(markers.count()).resolves.toBe(25);
    const markerValues = async () =>
      new Map(
        await Promise.all(
          (await markers.all()).map(
            async (m) => [await m.getAttribute("data-ubigeo"), await m.getAttribute("data-value")] as const,
          ),
        ),
      );
    for (const [ubigeo, value] of await markerValues()) {
      expect(value).toBe(String(expected.get(ubigeo ?? "")?.["activeRecords"]));
    }
    await page.locator("#indicator").selectOption("operations");
    await expect(page.locator("#map .legend-title").textContent()).resolves.toBe("Operativos");
    for (const [ubigeo, value] of await markerValues()) {
      expect(value).toBe(String(expected.get(ubigeo ?? "")?.["operations"]));
    }
    const most = [...expected.values()].sort((a, b) => Number(b["operations"]) - Number(a["operations"]))[0];

    // Sorting: operations, most first; again, fewest first.
    const column = async (id: string) =>
      (await page
        .locator(`#table tbody td[data-indicator=${id}]`)
        .evaluateAll(
          (cells, name) => cells.map((cell) => Number(cell.getAttribute(name))),
          "data-value",
        )) as number[];
    await page.locator("#table th button[data-sort=operations]").click();
    const descending = await column("operations");
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    expect(descending[0]).toBe(most?.["operations"]);
    await page.locator("#table th button[data-sort=operations]").click();
    const ascending = await column("operations");
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(ascending).not.toEqual(descending);

    // The seeded hub is demo data: the page says so, and marks every figure that rests on it.
    const banner = page.locator("#synthetic-banner");
    await expect(banner.isVisible()).resolves.toBe(true);
    await expect(banner.textContent()).resolves.toContain("Datos sintéticos de demostración");
    // A figure is marked exactly when records behind it are synthetic, as the API's sources say: a pillar's
    // figures by that pillar's sources, the cross-pillar indicators by any pillar's; an empty cell never.
    const markedCells = page.locator("#table tbody td[data-synthetic=true]");
    const sourced = await syntheticParts(viewers.analyst, period);
    let marked = 0;
    for (const [ubigeo, cells] of await shownMarks(page)) {
      for (const [id, cell] of cells) {
        const parts = PARTS[id] ?? [];
        const expected = cell.value !== "" && parts.some((part) => sourced.get(ubigeo)?.has(part));
        expect(cell.synthetic, `${ubigeo} ${id}`).toBe(expected);
        if (expected) marked += 1;
      }
    }
    expect(marked).toBeGreaterThan(25);
    const mark = await markedCells.first().evaluate((cell) => getComputedStyle(cell, "::after").content);
    expect(mark).toBe('" *"');

    // A department from the table: Madre de Dios.
    await page.locator('#table tbody tr[data-ubigeo="17"]').click();
    await page.locator('#detail[data-state=ready][data-ubigeo="17"]').waitFor();
    await expectDetailMatches(page, "17", period, viewers.analyst);
    const marked17 = await page
      .locator("#detail .pillar[data-synthetic=true]")
      .evaluateAll((sections) => sections.map((section) => section.getAttribute("data-pillar")));
    expect(marked17.sort()).toEqual([...(sourced.get("17") ?? [])].sort());
    expect(marked17.length).toBeGreaterThan(0);
    await expect(page.locator("#detail .synthetic-note").isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}dashboard-analyst-es.png`, fullPage: true });

    // Another from the map, back at the departments: Puno (opening it lists its provinces).
    await page.locator('#map .map-trail button[data-trail="00"]').click();
    await page.locator("#dashboard[data-state=ready][data-level=DEPARTMENT]").waitFor();
    await page.locator('#map path.region[data-ubigeo="21"]').click();
    await page.locator('#detail[data-state=ready][data-ubigeo="21"]').waitFor();
    await expectDetailMatches(page, "21", period, viewers.analyst);
    await page.locator('#map .map-trail button[data-trail="00"]').click();
    await page.locator("#dashboard[data-state=ready][data-level=DEPARTMENT]").waitFor();
    // Peru as a whole is shown when no region is open.
    await page.locator('#detail[data-state=ready][data-ubigeo="00"]').waitFor();
    await page.locator('#table tbody tr[data-ubigeo="21"] button.open').click();
    await page.locator('#detail[data-state=ready][data-ubigeo="21"]').waitFor();
    await page.locator('#map .map-trail button[data-trail="00"]').click();
    await page.locator("#dashboard[data-state=ready][data-level=DEPARTMENT]").waitFor();

    // English: the words change, the numbers stay the API's, formatted for English.
    await page.locator("#language").click();
    await expect(page.locator("h1").textContent()).resolves.toBe("Program dashboard");
    await expect(page.locator("#table th button[data-sort=operations]").textContent()).resolves.toBe(
      "Operations",
    );
    expect(new URL(page.url()).searchParams.get("lang")).toBe("en");
    await expectTableMatches(page, expected);
    const puno = expected.get("21");
    const valueText = await page
      .locator('#table tr[data-ubigeo="21"] td[data-indicator=value]')
      .textContent();
    expect(valueText).toBe(
      new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
        Number(puno?.["value"]),
      ),
    );
    await expect(page.locator("#detail h2").textContent()).resolves.toBe("The five pillars: Peru");
    await expect(page.locator("#synthetic-banner").textContent()).resolves.toContain("Synthetic demo data");
    await page.screenshot({ path: `${ARTIFACTS}dashboard-analyst-en.png`, fullPage: true });

    expectSelfContained(seen);
    await context.close();
    // A long walk through the page (three views of every figure, two departments, two languages) on a shared
    // machine: the time it may take, not a measure of speed.
  }, 240_000);

  it("shows the public what the public may see, and says what it may not", async () => {
    const { context, page, seen } = await openDashboard({ path: "/dashboard?lang=en" });
    await expect(page.locator("h1").textContent()).resolves.toBe("Program dashboard");
    await expect(page.locator("#viewer").textContent()).resolves.toContain("Public view");
    await expectTableMatches(page, await expectedTable(viewers.public, opening));

    await page.locator('#table tbody tr[data-ubigeo="17"]').click();
    await page.locator('#detail[data-state=ready][data-ubigeo="17"]').waitFor();
    await expectDetailMatches(page, "17", opening, viewers.public);
    // The outposts and the project list are staff's (and donors') only: "—", marked, with the note.
    for (const id of ["outposts", "projects"]) {
      const figure = page.locator(`#detail [data-figure=${id}]`);
      await expect(figure.getAttribute("class")).resolves.toContain("forbidden");
      await expect(figure.locator("dd").textContent()).resolves.toBe("—");
    }
    await expect(page.locator("#detail .forbidden-note").count()).resolves.toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}dashboard-public-en.png`, fullPage: true });
    expectSelfContained(seen);
    await context.close();
  });
});

describe("the dashboard's periods and sources", () => {
  it("opens on the latest year that has data, not on the year the viewer's clock says", async () => {
    const latest = Number(opening.from.slice(0, 4));
    // Two years after the data ends: a year with nothing in it, which the page must not open on.
    const { context, page, seen } = await openDashboard({ clock: new Date(`${latest + 2}-06-15T12:00:00Z`) });
    await expect(page.locator("#year").inputValue()).resolves.toBe(String(latest));
    // The years the clock adds are offered, but not chosen.
    await expect(page.locator(`#year option[value="${latest + 2}"]`).count()).resolves.toBe(1);
    // The page's clock says the year is over, so REINFO's figures are its registry as of its last day.
    await expectTableMatches(page, await expectedTable(viewers.public, opening, opening.to));
    await expect(page.locator("#registry-as-of").getAttribute("data-as-of")).resolves.toBe(opening.to);
    expectSelfContained(seen);
    await context.close();
  });

  it("shows a past year's department with the registry as it stood at the year's end", async () => {
    const { context, page, seen } = await openDashboard();
    const period = { from: "2024-01-01", to: "2024-12-31" };
    await page.locator("#year").selectOption("2024");
    await page.locator("#controls button[type=submit]").click();
    await ready(page);
    await expectTableMatches(page, await expectedTable(viewers.public, period));
    await expect(page.locator("#registry-as-of").getAttribute("data-as-of")).resolves.toBe(period.to);
    await expect(page.locator("#registry-as-of").textContent()).resolves.toContain("REINFO: registro al");

    await page.locator('#table tbody tr[data-ubigeo="17"]').click();
    await page.locator('#detail[data-state=ready][data-ubigeo="17"]').waitFor();
    await expectDetailMatches(page, "17", period, viewers.public);
    // The 2024 registry is not today's: the 2025 purge excluded records that were active at the end of 2024.
    const status = "{ active excluded }";
    const then = await post(
      hub.gatewayUrl,
      {
        query: `{ region(ubigeo: "17") { past: formalization(asOf: "${period.to}") ${status} now: formalization ${status} } }`,
      },
      { viewer: viewers.public },
    );
    const region = then.body.data?.["region"] as Record<string, { active: number; excluded: number }>;
    expect(region["past"]).not.toEqual(region["now"]);
    await expect(page.locator("#detail [data-figure=excluded]").getAttribute("data-value")).resolves.toBe(
      String(region["past"]?.excluded),
    );
    await page.screenshot({ path: `${ARTIFACTS}dashboard-2024-es.png`, fullPage: true });
    expectSelfContained(seen);
    await context.close();
  });

  it("lists every dataset behind the figures on its Fuentes page, reachable from the banner and every figure", async () => {
    const expected = await catalogue();
    expect(expected.length).toBeGreaterThan(0);
    // The catalogue groups every collection of every pillar: the dashboard asks it only for this page, once.
    let catalogueRequests = 0;
    const { context, page, seen } = await openDashboard({
      watch: (page) =>
        page.on("request", (request) => {
          if (request.postData()?.includes("query DashboardDatasets")) catalogueRequests += 1;
        }),
    });
    expect(catalogueRequests).toBe(0);

    // From the banner.
    await page.locator("#synthetic-banner a").click();
    await page.locator("#catalogue[data-state=ready]").waitFor();
    expect(new URL(page.url()).hash).toBe("#fuentes");
    await expect(page.locator("#dashboard").isVisible()).resolves.toBe(false);
    await expect(page.locator("#sources h2").textContent()).resolves.toContain("Fuentes");
    const rows = page.locator("#catalogue tbody tr");
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => {
        const field = (name: string) => tr.querySelector(`[data-field=${name}]`);
        return {
          id: tr.getAttribute("data-dataset-id"),
          title: tr.querySelector(".dataset-title")?.textContent,
          kind: tr.getAttribute("data-kind"),
          synthetic: tr.getAttribute("data-synthetic") === "true",
          publisher: field("publisher")?.textContent,
          issued: field("issued")?.getAttribute("data-value"),
          modified: field("modified")?.getAttribute("data-value"),
          licence: field("licence")?.textContent,
          landingPage: field("landingPage")?.querySelector("a")?.getAttribute("href") ?? null,
          records: [...(field("records")?.querySelectorAll("li") ?? [])].map((li) => ({
            pillar: li.getAttribute("data-pillar"),
            entity: li.getAttribute("data-entity"),
            records: Number(li.getAttribute("data-records")),
          })),
          totalRecords: Number(field("totalRecords")?.getAttribute("data-value")),
        };
      }),
    );
    expect(shown).toEqual(
      expected.map((d) => ({
        id: d.id,
        title: d.title,
        kind: d.kind,
        synthetic: d.kind === "SYNTHETIC",
        publisher: d.publisher,
        issued: d.issued,
        modified: d.modified,
        licence: d.licence ?? "—",
        landingPage: d.landingPage && /^https?:/.test(d.landingPage) ? d.landingPage : null,
        records: d.records,
        totalRecords: d.totalRecords,
      })),
    );
    // Synthetic datasets carry the dashboard's mark; the seeded hub has at least one per pillar.
    const synthetic = page.locator("#catalogue tbody tr[data-synthetic=true] td[data-field=kind]");
    await expect(synthetic.count()).resolves.toBe(expected.filter((d) => d.kind === "SYNTHETIC").length);
    await expect(
      synthetic.first().evaluate((cell) => getComputedStyle(cell, "::after").content),
    ).resolves.toBe('" *"');
    const pillars = new Set(
      expected.filter((d) => d.kind === "SYNTHETIC").flatMap((d) => d.records.map((r) => r.pillar)),
    );
    expect([...pillars].sort()).toEqual([...PILLAR_NAMES].sort());
    await page.screenshot({ path: `${ARTIFACTS}dashboard-sources-es.png`, fullPage: true });

    // In English, the same catalogue in English words.
    await page.locator("#language").click();
    await expect(page.locator("#sources h2").textContent()).resolves.toContain("Sources");
    await expect(synthetic.first().textContent()).resolves.toBe("Synthetic (demo)");
    await expect(rows.count()).resolves.toBe(expected.length);

    // Back to the dashboard, then from a figure's sources to its dataset's entry.
    await page.locator('nav a[data-page="dashboard"]').click();
    await ready(page);
    await expect(page.locator("#dashboard").isVisible()).resolves.toBe(true);
    await page.locator('#table tbody tr[data-ubigeo="17"]').click();
    await page.locator('#detail[data-state=ready][data-ubigeo="17"]').waitFor();
    const link = page.locator("#detail .pillar[data-pillar=eradication] .sources li").first();
    const id = await link.getAttribute("data-dataset-id");
    await link.locator("a").click();
    await expect(page.locator("#sources").isVisible()).resolves.toBe(true);
    await expect(page.locator("#catalogue tr.focus").getAttribute("data-dataset-id")).resolves.toBe(id);
    await expect(page.locator("#catalogue tr.focus").count()).resolves.toBe(1);
    expect(catalogueRequests).toBe(1);
    expectSelfContained(seen);
    await context.close();
  });
});

/** One region's detail as the API answers `viewer` (its trends are trends-donors.e2e.ts's). */
async function expectDetailMatches(
  page: Page,
  ubigeo: string,
  period: { from: string; to: string },
  viewer: Viewer,
) {
  const answer = await post(
    hub.gatewayUrl,
    {
      query: /* GraphQL */ `
        query Detail($ubigeo: ID!, $period: PeriodInput!, $asOf: Date) {
          region(ubigeo: $ubigeo) {
            formalization(asOf: $asOf) {
              asOf
              total
              active
              suspended
              excluded
              formalized
              sources {
                kind
                dataset
                source
                asOf
                records
              }
            }
            eradication(period: $period) {
              operations
              value
              arrests
              prosecutors
              outposts {
                id
              }
              sources {
                kind
                dataset
                source
                asOf
                records
              }
            }
            recovery(period: $period) {
              hectaresDegraded
              hectaresRestored
              degradedAreasDetected
              sources {
                kind
                dataset
                source
                asOf
                records
              }
            }
            livelihoods(period: $period) {
              activeProjects
              beneficiaries {
                total
                women
                formerMiners
              }
              projects {
                iatiIdentifier
              }
              sources {
                kind
                dataset
                source
                asOf
                records
              }
            }
            services(period: $period) {
              activeProjects
              executed
              yearlyAccrualsOutsidePeriodMonths
              population
              executedPerInhabitant
              byFunction {
                function
                executed
              }
              sources {
                kind
                dataset
                source
                asOf
                records
              }
            }
            indicators(period: $period) {
              activeRecords
              excludedRecords
              operationsPerThousandActiveRecords
              valueSeizedPerActiveRecord
              restoredPerDegradedHectare
              degradedHectaresPerActiveRecord
              formerMinerBeneficiariesPerExcludedRecord
              investmentExecutedPerActiveRecord
              operationsPerMillionSolesInvested
              sources {
                kind
                dataset
                source
                asOf
                records
              }
            }
          }
        }
      `,
      variables: { ubigeo, period, asOf: registryDay(period) },
    },
    { viewer },
  );
  const region = answer.body.data?.["region"] as Record<string, Record<string, unknown> | null>;
  const staff = viewer.role !== "PUBLIC";
  // The public is refused the outposts and the projects, and nothing else.
  expect((answer.body.errors ?? []).map((e) => [e.path?.join("."), e.extensions?.["code"]]).sort()).toEqual(
    staff
      ? []
      : [
          ["region.eradication.outposts", "FORBIDDEN"],
          ["region.livelihoods.projects", "FORBIDDEN"],
        ].sort(),
  );
  const e = region["eradication"] ?? {};
  const f = region["formalization"] ?? {};
  const r = region["recovery"] ?? {};
  const l = region["livelihoods"] ?? {};
  const b = l["beneficiaries"] as Record<string, number>;
  const v = region["services"] ?? {};
  const expected: Record<string, unknown> = {
    operations: e["operations"],
    value: e["value"],
    arrests: e["arrests"],
    prosecutors: e["prosecutors"],
    outposts: staff ? (e["outposts"] as unknown[]).length : "",
    total: f["total"],
    active: f["active"],
    suspended: f["suspended"],
    excluded: f["excluded"],
    formalized: f["formalized"],
    hectaresDegraded: r["hectaresDegraded"],
    hectaresRestored: r["hectaresRestored"],
    degradedAreas: r["degradedAreasDetected"],
    activeProjects: l["activeProjects"],
    beneficiaries: b["total"],
    women: b["women"],
    formerMiners: b["formerMiners"],
    investmentProjects: v["activeProjects"],
    investmentExecuted: v["executed"],
    executedPerInhabitant: v["executedPerInhabitant"] ?? "",
    population: v["population"],
    yearlyAccrualsOutsidePeriodMonths: v["yearlyAccrualsOutsidePeriodMonths"],
  };
  const i = region["indicators"] ?? {};
  for (const [field, id] of [
    ["activeRecords", "activeRecords"],
    ["excludedRecords", "excludedRecords"],
    ["operationsPerThousandActiveRecords", "operationsPerThousand"],
    ["valueSeizedPerActiveRecord", "valuePerActive"],
    ["restoredPerDegradedHectare", "restoredPerDegraded"],
    ["degradedHectaresPerActiveRecord", "degradedPerActive"],
    ["formerMinerBeneficiariesPerExcludedRecord", "formerMinersPerExcluded"],
    ["investmentExecutedPerActiveRecord", "investmentPerActive"],
    ["operationsPerMillionSolesInvested", "operationsPerMillionInvested"],
  ] as const) {
    expected[`indicators.${id}`] = i[field] ?? "";
  }
  // Every figure of the detail in one read of the page.
  const shown = new Map(
    await page
      .locator("#detail [data-figure]")
      .evaluateAll((figures) =>
        figures.map((figure) => [figure.getAttribute("data-figure"), figure.getAttribute("data-value")]),
      ),
  );
  for (const [id, value] of Object.entries(expected)) expect(shown.get(id), id).toBe(String(value));

  // REINFO's figures say the day they are as of: the period's last day when it is past, else today.
  const asOf = String(f["asOf"]);
  expect(asOf).toBe(registryDay(period) ?? new Date().toISOString().slice(0, 10));
  for (const part of ["formalization", "indicators"]) {
    await expect(
      page.locator(`#detail .pillar[data-pillar=${part}] .as-of`).getAttribute("data-as-of"),
    ).resolves.toBe(asOf);
  }

  // Each panel lists the datasets behind its figures, as the API's `sources`, each linking to its catalogue entry.
  const ids = new Set((await catalogue()).map((d) => d.id));
  for (const part of [...PILLAR_NAMES, "indicators"]) {
    const sources = (region[part]?.["sources"] ?? []) as {
      kind: string;
      dataset: string | null;
      source: string;
      records: number;
    }[];
    const listed = await page
      .locator(`#detail .pillar[data-pillar=${part}] .sources li`)
      .evaluateAll((items) =>
        items.map((item) => ({
          id: item.getAttribute("data-dataset-id"),
          records: Number(item.getAttribute("data-records")),
          href: item.querySelector("a")?.getAttribute("href"),
        })),
      );
    expect(listed, part).toEqual(
      sources.map((source) => {
        const id = [source.kind, source.source, source.dataset ?? ""].join("|");
        return { id, records: source.records, href: `#fuentes/${encodeURIComponent(id)}` };
      }),
    );
    for (const item of listed) expect(ids.has(item.id ?? ""), `${part} ${item.id}`).toBe(true);
  }
  // Public investment by MEF function, in the API's order (most accrued first), for everyone: it is public data.
  const byFunction = await page
    .locator("#detail [data-figure=byFunction] li")
    .evaluateAll((items) => items.map((item) => [item.dataset["function"], item.dataset["value"]]));
  expect(byFunction).toEqual(
    (v["byFunction"] as { function: string; executed: string }[]).map((f) => [f.function, f.executed]),
  );
  if (staff) {
    const shown = await page.locator("#detail [data-figure=projects] li").count();
    expect(shown).toBe((l["projects"] as unknown[]).length);
  }
}

import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, record, type PageRecord } from "../support/browser.ts";
import { startHub, type Hub } from "../support/hub.ts";
import { viewers } from "../support/viewers.ts";
import { post } from "../gateway/support.ts";

/**
 * The dashboard's map, layout, URL and keyboard in a real browser (Debian's chromium through playwright-core)
 * against the whole hub: a phone's width with nothing wider than the screen, the map's regions opened by a tap
 * and from the keyboard down to a province's districts, a view carried whole by its URL (and the back button),
 * dates written dd/mm/aaaa whatever the browser's locale, and a wide screen where no column of the table is cut.
 */
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const PERIOD = { from: "2025-03-15", to: "2025-11-30" };

let hub: Hub;
let browser: Browser;
let origin = "";

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [hub, browser] = await Promise.all([startHub(), launchBrowser()]);
  origin = new URL(hub.gatewayUrl).origin;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

/** The regions at `level` under `parent`, with their operations in `period`, as the API answers the public. */
async function regions(level: string, parent: string | null, period = PERIOD) {
  const answer = await post(
    hub.gatewayUrl,
    {
      query: `query($level: RegionLevel, $parent: ID, $period: PeriodInput!) {
        regions(level: $level, parent: $parent) { ubigeo name eradication(period: $period) { operations } } }`,
      variables: { level, parent, period },
    },
    { viewer: viewers.public },
  );
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data?.["regions"] as {
    ubigeo: string;
    name: string;
    eradication: { operations: number };
  }[];
}

/** A new context (and page) at `path`, its figures and map drawn. */
async function openDashboard(
  path: string,
  options: { width: number; height: number; touch?: boolean; locale?: string },
): Promise<{ context: BrowserContext; page: Page; seen: PageRecord }> {
  const context = await browser.newContext({
    viewport: { width: options.width, height: options.height },
    hasTouch: options.touch ?? false,
    isMobile: options.touch ?? false,
    locale: options.locale ?? "es-PE",
  });
  const page = await context.newPage();
  const seen = record(page);
  await page.goto(`${origin}${path}`);
  await drawn(page);
  return { context, page, seen };
}

/** Waits for the figures and the map of the level listed. */
async function drawn(page: Page, level?: string) {
  await page.locator("#dashboard[data-state=ready]").waitFor();
  await page
    .locator(level ? `#map[data-state=ready][data-level=${level}]` : "#map[data-state=ready]")
    .waitFor();
}

/** How much wider than the window the page is (0: no page-wide horizontal scroll). */
function overflow(page: Page): Promise<number> {
  return page.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) - window.innerWidth);
}

/** The table's rows as the page lists them: ubigeo → name. */
async function tableRows(page: Page): Promise<Map<string, string>> {
  const rows = await page
    .locator("#table tbody tr")
    .evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute("data-ubigeo") ?? "", tr.querySelector("th")?.textContent ?? ""]),
    );
  return new Map(rows as [string, string][]);
}

/**
 * A point on screen inside a region's polygon (not merely inside its box), and the element the browser finds
 * there: a tap there reaches that region unless something covers it.
 */
async function pointInside(page: Page, ubigeo: string) {
  return page.locator(`#map path.region[data-ubigeo="${ubigeo}"]`).evaluate((path) => {
    const shape = path as SVGPathElement;
    const box = shape.getBBox();
    const matrix = shape.getScreenCTM();
    const svg = shape.ownerSVGElement;
    if (!matrix || !svg) throw new Error("the region is not drawn");
    for (let step = 2; step <= 32; step *= 2) {
      for (let i = 1; i < step; i += 2) {
        for (let j = 1; j < step; j += 2) {
          const point = svg.createSVGPoint();
          point.x = box.x + (box.width * i) / step;
          point.y = box.y + (box.height * j) / step;
          if (!shape.isPointInFill(point)) continue;
          const screen = point.matrixTransform(matrix);
          const hit = document.elementFromPoint(screen.x, screen.y);
          return { x: screen.x, y: screen.y, hit: hit?.getAttribute("data-ubigeo") ?? hit?.tagName ?? null };
        }
      }
    }
    throw new Error("no point found inside the region");
  });
}

/** The serious and critical violations axe-core finds in the period form, the map and the table. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const { violations, passes } = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: unknown): Promise<{ violations: unknown[]; passes: unknown[] }> };
      }
    ).axe;
    const result = await axe.run({ include: ["#controls", ".map-panel", ".table-panel"] });
    return {
      violations: result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[],
      passes: result.passes.length,
    };
  });
  // axe ran its rules over the page (an empty list of violations from a run that checked nothing proves nothing).
  expect(passes).toBeGreaterThan(10);
  const found = violations;
  return found
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("the dashboard on a phone", () => {
  it("fits a 390×844 screen, shows the map above the table, and opens a department tapped on the map", async () => {
    const { context, page, seen } = await openDashboard("/dashboard", {
      width: 390,
      height: 844,
      touch: true,
    });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    // The map comes first, the table below it, neither covering the other.
    const map = await page.locator("#map").boundingBox();
    const table = await page.locator(".table-panel").boundingBox();
    expect(map && table && map.y + map.height <= table.y).toBe(true);
    // The table scrolls inside its own box.
    const box = await page
      .locator("#table")
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(box.client).toBeLessThanOrEqual(390);
    await expect(page.locator("#map path.region").count()).resolves.toBe(25);

    // Puno, tapped where its polygon is: the tap reaches it (nothing lies over it) and opens it.
    await page.locator('#map path.region[data-ubigeo="21"]').scrollIntoViewIfNeeded();
    const point = await pointInside(page, "21");
    expect(point.hit).toBe("21");
    await page.touchscreen.tap(point.x, point.y);
    await page.locator('#detail[data-state=ready][data-ubigeo="21"]').waitFor();
    await drawn(page, "PROVINCE");
    expect(new URL(page.url()).searchParams.get("region")).toBe("21");
    const provinces = await regions("PROVINCE", "21");
    expect([...(await tableRows(page)).keys()].sort()).toEqual(provinces.map((p) => p.ubigeo).sort());
    await expect(page.locator("#map path.region").count()).resolves.toBe(provinces.length);
    // The detail opened is as wide as the screen at most: nothing of it is cut off, nor the page widened.
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    const detail = await page.locator("#detail").evaluate((el) => {
      const rect = el.getBoundingClientRect();
      return { right: rect.right, left: rect.left, scroll: el.scrollWidth, client: el.clientWidth };
    });
    expect(detail.left).toBeGreaterThanOrEqual(0);
    expect(detail.right).toBeLessThanOrEqual(390);
    expect(detail.scroll).toBeLessThanOrEqual(detail.client);
    await page.screenshot({ path: `${ARTIFACTS}dashboard-phone-es.png`, fullPage: true });
    expect(seen.errors).toEqual([]);
    await context.close();
  });
});

describe("the dashboard's map", () => {
  it("opens a department and then a province from the keyboard, each region named with its value", async () => {
    const { context, page, seen } = await openDashboard(
      `/dashboard?desde=${PERIOD.from}&hasta=${PERIOD.to}`,
      { width: 1400, height: 1000 },
    );
    await page.locator("#indicator").selectOption("operations");
    const departments = await regions("DEPARTMENT", null);
    // Every region is a button named with its figure, as the table shows it.
    const drawnRegions = await page.locator("#map path.region").evaluateAll((paths) =>
      paths.map((p) => ({
        ubigeo: p.getAttribute("data-ubigeo") ?? "",
        role: p.getAttribute("role"),
        value: p.getAttribute("data-value"),
        label: p.getAttribute("aria-label"),
        cell: document.querySelector(
          `#table tr[data-ubigeo="${p.getAttribute("data-ubigeo")}"] td[data-indicator=operations]`,
        )?.textContent,
      })),
    );
    expect(drawnRegions).toEqual(
      departments.map((d) => ({
        ubigeo: d.ubigeo,
        role: "button",
        value: String(d.eradication.operations),
        label: `${d.name}: ${drawnRegions.find((r) => r.ubigeo === d.ubigeo)?.cell}`,
        cell: expect.stringMatching(/\d/),
      })),
    );
    // Tab reaches the map (one stop: the first region); the arrows move to a neighbour in their direction.
    await page.locator("#indicator").focus();
    await page.keyboard.press("Tab");
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-ubigeo") ?? null);
    const first = await focused();
    expect(first).toBe(departments[0]?.ubigeo);
    const at = (ubigeo: string | null) =>
      page.locator(`#map path.region[data-ubigeo="${ubigeo}"]`).evaluate((el) => {
        const box = (el as SVGPathElement).getBBox();
        return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      });
    await page.keyboard.press("ArrowDown");
    const below = await focused();
    expect(below).not.toBe(first);
    expect((await at(below)).y).toBeGreaterThan((await at(first)).y);
    await page.keyboard.press("ArrowRight");
    const right = await focused();
    expect(right).not.toBe(below);
    expect((await at(right)).x).toBeGreaterThan((await at(below)).x);
    // Only the region focused is in the tab order: Tab leaves the map rather than walking its 25 regions.
    await expect(page.locator('#map path.region[tabindex="0"]').count()).resolves.toBe(1);

    // Enter opens the department focused: its provinces, listed and drawn, the focus kept on the map.
    const department = (await focused()) ?? "";
    await page.keyboard.press("Enter");
    await drawn(page, "PROVINCE");
    await page.locator(`#detail[data-state=ready][data-ubigeo="${department}"]`).waitFor();
    const provinces = await regions("PROVINCE", department);
    expect(await tableRows(page)).toEqual(new Map(provinces.map((p) => [p.ubigeo, p.name])));
    const province = await focused();
    expect(provinces.map((p) => p.ubigeo)).toContain(province);

    // Enter again: the province's districts, in the table and on the map (all that have a 2007 polygon; any
    // without one named in the map's caption), the way back up named.
    await page.keyboard.press("Enter");
    await drawn(page, "DISTRICT");
    await page.locator(`#detail[data-state=ready][data-ubigeo="${province}"]`).waitFor();
    const url = new URL(page.url());
    expect([url.searchParams.get("region"), url.searchParams.get("nivel")]).toEqual([province, "distrito"]);
    const districts = await regions("DISTRICT", province);
    expect(await tableRows(page)).toEqual(new Map(districts.map((d) => [d.ubigeo, d.name])));
    const mapped = await page
      .locator("#map path.region")
      .evaluateAll((paths) => paths.map((p) => p.getAttribute("data-ubigeo") ?? ""));
    const unmapped = (
      await page
        .locator("#map .map-missing")
        .evaluateAll((notes) => notes.flatMap((note) => (note.getAttribute("data-missing") ?? "").split(" ")))
    ).filter(Boolean);
    expect([...mapped, ...unmapped].sort()).toEqual(districts.map((d) => d.ubigeo).sort());
    expect(mapped.length).toBeGreaterThan(0);
    await expect(page.locator("#map .map-trail li").allTextContents()).resolves.toEqual([
      "Perú",
      departments.find((d) => d.ubigeo === department)?.name,
      provinces.find((p) => p.ubigeo === province)?.name,
    ]);
    // Escape goes back up to the department's provinces.
    await page.keyboard.press("Escape");
    await drawn(page, "PROVINCE");
    expect(new URL(page.url()).searchParams.get("region")).toBe(department);
    expect(await axeViolations(page)).toEqual([]);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it("names the regions created since 2007, which have no polygon, instead of leaving them out", async () => {
    // Putumayo (Loreto) was created in 2014 out of Maynas: no polygon in the 2007 limits.
    const { context, page } = await openDashboard("/dashboard?region=16", { width: 1400, height: 1000 });
    await drawn(page, "PROVINCE");
    await expect(page.locator("#map .map-missing").getAttribute("data-missing")).resolves.toBe("1608");
    await expect(page.locator("#map .map-missing").textContent()).resolves.toContain("Putumayo");
    await expect(page.locator("#map .map-caption").textContent()).resolves.toContain("MPL-2.0");
    // Callao's districts: Mi Perú (2014) has no 2007 polygon, and La Punta none that survived simplification.
    await page.goto(`${origin}/dashboard?region=0701`);
    await drawn(page, "DISTRICT");
    await expect(page.locator("#map .map-missing").getAttribute("data-missing")).resolves.toBe(
      "070105 070107",
    );
    await expect(page.locator("#map .map-missing").textContent()).resolves.toMatch(/La Punta, Mi Perú\.$/);
    await expect(page.locator("#map path.region").count()).resolves.toBe(
      (await regions("DISTRICT", "0701")).length - 2,
    );
    await context.close();
  });
});

describe("the dashboard's URL", () => {
  it("carries the period and the region opened, so a view can be shared and the back button returns", async () => {
    // An English-speaking browser: the dates are still written as Peruvians write them.
    const { context, page, seen } = await openDashboard(
      `/dashboard?desde=${PERIOD.from}&hasta=${PERIOD.to}&region=17`,
      { width: 1400, height: 1000, locale: "en-US" },
    );
    await drawn(page, "PROVINCE");
    await expect(page.locator("#from").inputValue()).resolves.toBe("15/03/2025");
    await expect(page.locator("#to").inputValue()).resolves.toBe("30/11/2025");
    await page.locator('#detail[data-state=ready][data-ubigeo="17"]').waitFor();
    const provinces = await regions("PROVINCE", "17");
    expect(await tableRows(page)).toEqual(new Map(provinces.map((p) => [p.ubigeo, p.name])));
    for (const province of provinces) {
      await expect(
        page
          .locator(`#table tr[data-ubigeo="${province.ubigeo}"] td[data-indicator=operations]`)
          .getAttribute("data-value"),
      ).resolves.toBe(String(province.eradication.operations));
    }

    // A province opened from the table: a new history entry; back returns to the department.
    const first = provinces[0]?.ubigeo ?? "";
    await page.locator(`#table tr[data-ubigeo="${first}"] button.open`).click();
    await drawn(page, "DISTRICT");
    expect(new URL(page.url()).searchParams.get("region")).toBe(first);
    await page.goBack();
    await drawn(page, "PROVINCE");
    await page.locator('#detail[data-state=ready][data-ubigeo="17"]').waitFor();
    expect(new URL(page.url()).searchParams.get("region")).toBe("17");

    // A period typed dd/mm/aaaa goes into the URL; an impossible day is refused where it was typed.
    await page.locator("#from").fill("31/02/2025");
    await page.locator("#controls button[type=submit]").click();
    await expect(page.locator("#from").getAttribute("aria-invalid")).resolves.toBe("true");
    expect(new URL(page.url()).searchParams.get("desde")).toBe(PERIOD.from);
    await page.locator("#from").fill("01/02/2025");
    await page.locator("#to").fill("28/02/2025");
    await page.locator("#controls button[type=submit]").click();
    await drawn(page);
    const url = new URL(page.url());
    expect([url.searchParams.get("desde"), url.searchParams.get("hasta")]).toEqual([
      "2025-02-01",
      "2025-02-28",
    ]);
    const february = await regions("PROVINCE", "17", { from: "2025-02-01", to: "2025-02-28" });
    for (const province of february) {
      await expect(
        page
          .locator(`#table tr[data-ubigeo="${province.ubigeo}"] td[data-indicator=operations]`)
          .getAttribute("data-value"),
      ).resolves.toBe(String(province.eradication.operations));
    }
    await page.goBack();
    await drawn(page);
    await expect(page.locator("#from").inputValue()).resolves.toBe("15/03/2025");
    expect(seen.errors).toEqual([]);
    await context.close();
  });
});

describe("the dashboard on a wide screen", () => {
  it("shows every column of the table at 1,400 px, none cut off", async () => {
    const { context, page, seen } = await openDashboard("/dashboard", { width: 1400, height: 900 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    const fit = await page.locator("#table").evaluate((el) => {
      const last = el.querySelector("thead th:last-child")?.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return {
        scroll: el.scrollWidth,
        client: el.clientWidth,
        last: last?.right ?? Infinity,
        right: box.right,
      };
    });
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    expect(fit.last).toBeLessThanOrEqual(fit.right);
    await page.screenshot({ path: `${ARTIFACTS}dashboard-wide-es.png`, fullPage: true });
    expect(seen.errors).toEqual([]);
    await context.close();
  });
});

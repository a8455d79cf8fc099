import { graphql, missingAt, type GraphQLErrorBody } from "./api.ts";
import { formatDay, parseRoute, renderCatalogue } from "./catalogue.ts";
import { clearDetail, renderDetail } from "./detail.ts";
import { byId, h } from "./dom.ts";
import { renderDonors } from "./donor.ts";
import { setUpDownloads } from "./download.ts";
import { initialLang, STRINGS, type Key, type Lang } from "./i18n.ts";
import { INDICATORS, syntheticFigure, type Indicator } from "./indicators.ts";
import { boundariesFile, loadBoundaries, renderMap, type Boundaries, type TrailStep } from "./map.ts";
import {
  formatDayMonthYear,
  isValidPeriod,
  openingPeriod,
  parseDayMonthYear,
  yearPeriod,
  type Period,
} from "./period.ts";
import { onStateChange, readState, writeState, type Level, type UrlState } from "./url-state.ts";
import { DATASETS_QUERY, type CatalogueDataset } from "../operations/datasets-query.ts";
import { NATIONAL_UBIGEO, REGION_QUERY, type RegionDetail } from "../operations/region-query.ts";
import { REGIONS_QUERY, type RegionRow } from "../operations/regions-query.ts";
import { registryAsOf } from "../operations/registry-as-of.ts";
import {
  latestYearWithData,
  YEARS_QUERY,
  yearsVariables,
  type YearFigures,
} from "../operations/years-query.ts";
import { renderTable, type Sort } from "./table.ts";

/** The first year the year selector offers: the program's records start there. */
const FIRST_YEAR = 2020;
const TOKEN_KEY = "tinkuy.token";
const LANG_KEY = "tinkuy.lang";

const state = {
  lang: initialLang(location.search, sessionStorage.getItem(LANG_KEY)) as Lang,
  token: sessionStorage.getItem(TOKEN_KEY) ?? "",
  /** The period shown; the current year until `start` finds the latest with data (nothing loads before). */
  period: yearPeriod(new Date().getFullYear()) as Period,
  indicator: INDICATORS[0] as Indicator,
  sort: { by: "name", descending: false } as Sort,
  /** The level the map and the table list (see `listed`). */
  level: "DEPARTMENT" as Level,
  /** The region opened (its detail shown), null for Peru as a whole. */
  selected: null as string | null,
  rows: [] as RegionRow[],
  errors: [] as GraphQLErrorBody[],
  /** The listed level's polygons, the departments drawn around them, and the names of the trail's steps. */
  map: null as { boundaries: Boundaries; context: Boundaries | null; trail: TrailStep[] } | null,
  /** Set when the map opened a region from the keyboard: the next map drawn takes the focus back. */
  focusMap: false,
  /** Set when the table opened a region: its detail, once read, is scrolled into view. */
  scrollToDetail: false,
  detail: null as {
    region: RegionDetail;
    errors: GraphQLErrorBody[];
    registryAsOf: string | null;
  } | null,
  /** The catalogue (`datasets`) for the "Fuentes" page: not asked yet, being read, read, or null if it could not be. */
  datasets: "idle" as CatalogueDataset[] | null | "idle" | "loading",
  /** Bumped by every load: an answer to an older load is dropped. */
  generation: 0,
};

const main = byId<HTMLElement>("dashboard");
const detail = byId<HTMLElement>("detail");
const status = byId<HTMLElement>("status");

function t(key: Key): string {
  return STRINGS[state.lang][key];
}

/** Puts the page's fixed words in the current language. */
function translate(): void {
  document.documentElement.lang = state.lang;
  document.title = t("title");
  for (const element of document.querySelectorAll<HTMLElement>("[data-i18n]")) {
    element.textContent = t(element.dataset["i18n"] as Key);
  }
  const language = byId<HTMLButtonElement>("language");
  language.textContent = t("language");
  language.title = t("languageTitle");
  byId<HTMLInputElement>("token").placeholder = t("tokenPlaceholder");
  byId("viewer").textContent = state.token ? t("viewerToken") : t("viewerPublic");
  const select = byId<HTMLSelectElement>("indicator");
  select.replaceChildren(
    ...INDICATORS.map((i) => h("option", { value: i.id, selected: i.id === state.indicator.id }, t(i.label))),
  );
}

function missing(ubigeo: string, indicator: Indicator) {
  const index = state.rows.findIndex((r) => r.ubigeo === ubigeo);
  return missingAt(state.errors, ["regions", index, indicator.part]);
}

function drawOverview(): void {
  // Whenever a figure on screen is synthetic demo data, the page says so above everything else.
  byId("synthetic-banner").hidden = !state.rows.some((row) =>
    INDICATORS.some((indicator) => syntheticFigure(row, indicator)),
  );
  const asOf = state.rows.find((row) => row.formalization)?.formalization?.asOf ?? registryAsOf(state.period);
  const note = byId("registry-as-of");
  note.dataset["asOf"] = asOf ?? "";
  note.textContent = asOf
    ? t("registryAsOf").replace("{date}", formatDay(asOf, state.lang))
    : t("registryToday");
  drawMap();
  const parent = listed().parent;
  const parentName = state.map?.trail[state.map.trail.length - 1]?.name ?? parent ?? "";
  byId("table-title").textContent =
    state.level === "DEPARTMENT"
      ? t("tableDepartments")
      : t(state.level === "PROVINCE" ? "tableProvinces" : "tableDistricts").replace("{name}", parentName);
  renderTable(byId("table"), {
    rows: state.rows,
    level: state.level,
    lang: state.lang,
    sort: state.sort,
    selected: state.selected,
    missing,
    onSort: (sort) => {
      state.sort = sort;
      drawOverview();
    },
    onSelect: (ubigeo) => {
      state.scrollToDetail = true;
      open(ubigeo);
    },
  });
}

/** The map of the listed regions, once their polygons are here (the table does not wait for them). */
function drawMap(): void {
  const container = byId<HTMLElement>("map");
  if (!state.map) {
    container.dataset["state"] = "loading";
    return;
  }
  // Drawing replaces the regions: the focus, if it was on one, goes back to the same region (or the tab stop).
  const focused = container.contains(document.activeElement)
    ? (document.activeElement?.getAttribute("data-ubigeo") ?? "")
    : null;
  renderMap(container, {
    rows: state.rows,
    trail: state.map.trail,
    shapes: state.map.boundaries.shapes,
    context: state.map.context?.shapes ?? null,
    indicator: state.indicator,
    lang: state.lang,
    selected: state.selected,
    onSelect: (ubigeo) => {
      state.focusMap = document.activeElement?.closest("#map") !== null;
      open(ubigeo);
    },
    onOpen: (ubigeo) => {
      state.focusMap = true;
      openLevel(ubigeo);
    },
  });
  container.dataset["state"] = "ready";
  container.dataset["level"] = state.level;
  if (state.focusMap || focused !== null) {
    state.focusMap = false;
    const again = [...container.querySelectorAll<SVGElement>(".region")].find(
      (region) => region.dataset["ubigeo"] === focused,
    );
    (again ?? container.querySelector<SVGElement>(".region[tabindex='0']"))?.focus();
  }
}

/** The level below a region's: provinces of a department, districts of a province (and of a district's). */
function levelBelow(ubigeo: string | null): Level {
  if (ubigeo === null) return "DEPARTMENT";
  return ubigeo.length === 2 ? "PROVINCE" : "DISTRICT";
}

/**
 * The regions the map and the table list: those of `state.level` under the region opened (the districts of a
 * district's province), all departments at the departments' level.
 */
function listed(): { level: Level; parent: string | null } {
  const region = state.selected;
  if (state.level === "DEPARTMENT" || region === null) return { level: "DEPARTMENT", parent: null };
  if (state.level === "PROVINCE") return { level: "PROVINCE", parent: region.slice(0, 2) };
  return { level: "DISTRICT", parent: region.length >= 4 ? region.slice(0, 4) : region };
}

/** Opens a region listed: a department shows its provinces, a province its districts, a district itself. */
function open(ubigeo: string): void {
  const before = listed();
  state.level = state.level === "DEPARTMENT" ? "PROVINCE" : "DISTRICT";
  state.selected = ubigeo;
  writeState({ region: ubigeo, level: state.level });
  const after = listed();
  if (after.level !== before.level || after.parent !== before.parent) void load();
  else void select(ubigeo);
}

/** Goes to a step of the map's trail: Peru (null) lists the departments, a department its provinces. */
function openLevel(ubigeo: string | null): void {
  state.selected = ubigeo;
  state.level = levelBelow(ubigeo);
  writeState({ region: ubigeo, level: ubigeo === null ? null : state.level });
  void load();
}

function drawDetail(): void {
  if (state.detail) {
    renderDetail(detail, { ...state.detail, lang: state.lang, period: state.period, token: state.token });
  } else clearDetail(detail, t("detailHint"));
}

function fail(error: unknown): void {
  main.dataset["state"] = "error";
  status.textContent = `${t("error")}: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * The polygons of the listed level, the departments around them, and the trail's names (Peru, the department,
 * the province), read from the boundary files (each fetched once).
 */
async function loadMap(level: Level, parent: string | null): Promise<NonNullable<typeof state.map>> {
  const [boundaries, departments, provinces] = await Promise.all([
    loadBoundaries(boundariesFile(level, parent)),
    loadBoundaries(boundariesFile("DEPARTMENT", null)),
    parent && parent.length >= 4 ? loadBoundaries(boundariesFile("PROVINCE", parent)) : null,
  ]);
  const trail: TrailStep[] = [{ ubigeo: null, name: t("country") }];
  if (parent) {
    const department = parent.slice(0, 2);
    trail.push({ ubigeo: department, name: departments.names.get(department) ?? department });
  }
  if (parent && parent.length >= 4) {
    trail.push({ ubigeo: parent, name: provinces?.names.get(parent) ?? parent });
  }
  return { boundaries, context: level === "DEPARTMENT" ? null : departments, trail };
}

/**
 * Loads the listed regions' figures for the period and their polygons together (the table is drawn even when
 * the polygons cannot be had), then the opened region's detail if there is one.
 */
async function load(): Promise<void> {
  const generation = ++state.generation;
  main.dataset["state"] = "loading";
  status.textContent = t("loading");
  const { level, parent } = listed();
  state.map = null;
  try {
    const [answer, map] = await Promise.all([
      graphql<{ regions: RegionRow[] }>(
        REGIONS_QUERY,
        { period: state.period, asOf: registryAsOf(state.period), level, parent },
        state.token,
      ),
      loadMap(level, parent).catch(() => null),
    ]);
    if (generation !== state.generation) return;
    state.rows = answer.data?.regions ?? [];
    state.errors = answer.errors;
    state.map = map;
    drawOverview();
    if (!map) {
      byId("map").dataset["state"] = "error";
      byId("map").replaceChildren(h("p", { class: "error" }, t("error")));
    }
    status.textContent = "";
    main.dataset["state"] = "ready";
    main.dataset["level"] = level;
    main.dataset["parent"] = parent ?? "";
    // With no region opened, the detail shows Peru as a whole.
    await select(state.selected ?? NATIONAL_UBIGEO);
  } catch (error) {
    if (generation === state.generation) fail(error);
  }
}

/** Shows one region's five pillars: its figures for the period in one request (the detail reads its trends). */
async function select(ubigeo: string): Promise<void> {
  const generation = state.generation;
  state.selected = ubigeo === NATIONAL_UBIGEO ? null : ubigeo;
  drawOverview();
  detail.dataset["state"] = "loading";
  detail.dataset["ubigeo"] = ubigeo;
  try {
    const asOf = registryAsOf(state.period);
    const answer = await graphql<{ region: RegionDetail | null }>(
      REGION_QUERY,
      { ubigeo, period: state.period, asOf },
      state.token,
    );
    if (generation !== state.generation || (state.selected ?? NATIONAL_UBIGEO) !== ubigeo) return;
    const region = answer.data?.region;
    if (!region) throw new Error(ubigeo);
    state.detail = { region, errors: answer.errors, registryAsOf: asOf };
    drawDetail();
    detail.dataset["state"] = "ready";
    // Opened from the table, the detail is brought into view; from the map, the map (now a level down) stays.
    if (state.scrollToDetail) detail.scrollIntoView({ block: "start" });
    state.scrollToDetail = false;
  } catch (error) {
    if (generation !== state.generation) return;
    detail.dataset["state"] = "error";
    detail.replaceChildren(
      h("p", { class: "error" }, `${t("error")}: ${error instanceof Error ? error.message : ""}`),
    );
  }
}

/**
 * Reads the catalogue for the "Fuentes" page, once, the first time the page is opened: it groups every collection
 * of every pillar, so the dashboard does not wait for it. Null when it could not be read.
 */
async function loadCatalogue(): Promise<void> {
  if (state.datasets !== "idle") return;
  state.datasets = "loading";
  try {
    const answer = await graphql<{ datasets: { items: CatalogueDataset[] } | null }>(
      DATASETS_QUERY,
      {},
      state.token,
    );
    state.datasets = answer.data?.datasets?.items ?? null;
  } catch {
    state.datasets = null;
  }
  const asked = parseRoute(location.hash);
  if (asked.page === "sources") route();
}

/**
 * The latest year with data among the last `YEARS_PROBED` (any department's operations or degraded areas, read
 * from the pillars' counters in one request); null when there is none, or the probe failed.
 */
async function latestYear(): Promise<number | null> {
  const current = new Date().getFullYear();
  try {
    const answer = await graphql<{ regions: YearFigures[] }>(YEARS_QUERY, yearsVariables(current), "");
    return latestYearWithData(answer.data?.regions ?? [], current);
  } catch {
    return null;
  }
}

/** Shows the page the location's hash asks for: the dashboard, or the "Fuentes" page (at a dataset's entry). */
function route(): void {
  const asked = parseRoute(location.hash);
  const sources = asked.page === "sources";
  const donors = asked.page === "donors";
  main.hidden = sources || donors;
  detail.hidden = sources || donors;
  byId("controls").hidden = sources;
  byId("donors").hidden = !donors;
  drawDonors();
  const page = byId<HTMLElement>("sources");
  page.hidden = !sources;
  for (const link of document.querySelectorAll<HTMLAnchorElement>("nav a")) {
    link.setAttribute("aria-current", String(link.dataset["page"] === asked.page));
  }
  if (!sources) return;
  if (state.datasets === "idle") void loadCatalogue();
  drawCatalogue(asked.dataset);
  const focus = asked.dataset
    ? [...page.querySelectorAll<HTMLElement>("[data-dataset-id]")].find(
        (row) => row.dataset["datasetId"] === asked.dataset,
      )
    : undefined;
  (focus ?? page).scrollIntoView({ block: "start" });
}

/** Draws the donor page (its own module asks for what it shows) when it is the page shown. */
function drawDonors(): void {
  if (parseRoute(location.hash).page !== "donors") return;
  void renderDonors(byId("donor-page"), { token: state.token, lang: state.lang });
}

/** Draws the "Fuentes" page's catalogue, `focus` (a dataset's id) highlighted. */
function drawCatalogue(focus: string | null): void {
  const container = byId<HTMLElement>("catalogue");
  if (state.datasets === "loading" || state.datasets === "idle") {
    container.dataset["state"] = "loading";
    container.replaceChildren(h("p", { class: "hint" }, t("loading")));
    return;
  }
  if (state.datasets === null) {
    container.dataset["state"] = "error";
    container.replaceChildren(h("p", { class: "error" }, t("error")));
    return;
  }
  renderCatalogue(container, { datasets: state.datasets, lang: state.lang, focus });
  container.dataset["state"] = "ready";
}

/**
 * The period the form asks for: its two dates, written dd/mm/aaaa (the way Peruvians write them, whatever the
 * browser's locale; `aaaa-mm-dd` is read too). A date that cannot be read is marked invalid, said in the status
 * line and given the focus; null then, or when the dates are out of order.
 */
function readPeriod(): Period | null {
  const dates: string[] = [];
  for (const id of ["from", "to"]) {
    const input = byId<HTMLInputElement>(id);
    const text = input.value.trim();
    const date = parseDayMonthYear(text) ?? (/^\d{4}-\d{2}-\d{2}$/.test(text) ? parseIsoDay(text) : null);
    input.setAttribute("aria-invalid", String(date === null));
    if (date === null) {
      status.textContent = `${t(id === "from" ? "from" : "to")}: ${t("badDate")}`;
      input.focus();
      return null;
    }
    dates.push(date);
  }
  const period = { from: dates[0] ?? "", to: dates[1] ?? "" };
  if (!isValidPeriod(period)) {
    status.textContent = t("badPeriod");
    return null;
  }
  return period;
}

/** A `YYYY-MM-DD` that is a real day, or null. */
function parseIsoDay(text: string): string | null {
  return parseDayMonthYear(`${text.slice(8, 10)}/${text.slice(5, 7)}/${text.slice(0, 4)}`);
}

/** Shows `period` in the form: its dates dd/mm/aaaa, and its year chosen when it lies in one. */
function showPeriod(period: Period): void {
  const from = byId<HTMLInputElement>("from");
  const to = byId<HTMLInputElement>("to");
  from.value = formatDayMonthYear(period.from);
  to.value = formatDayMonthYear(period.to);
  from.removeAttribute("aria-invalid");
  to.removeAttribute("aria-invalid");
  fillYears(Number(period.from.slice(0, 4)));
}

/** Offers every year from this one (or the latest with data, if later) back to `FIRST_YEAR`, `selected` chosen. */
function fillYears(selected: number): void {
  const year = byId<HTMLSelectElement>("year");
  const last = Math.max(new Date().getFullYear(), selected);
  year.replaceChildren();
  for (let y = last; y >= FIRST_YEAR; y--) {
    year.append(h("option", { value: y, selected: y === selected }, String(y)));
  }
}

function setUp(): void {
  fillYears(new Date().getFullYear());
  byId<HTMLInputElement>("token").value = state.token;
  byId("controls").addEventListener("submit", (event) => {
    event.preventDefault();
    const period = readPeriod();
    if (!period) return;
    state.period = period;
    writeState({ from: period.from, to: period.to });
    void load();
  });
  // A year chosen fills in its first and last days; "Aplicar" loads it (the dates may still be edited first).
  byId("year").addEventListener("change", (event) => {
    const whole = yearPeriod(Number((event.target as HTMLSelectElement).value));
    byId<HTMLInputElement>("from").value = formatDayMonthYear(whole.from);
    byId<HTMLInputElement>("to").value = formatDayMonthYear(whole.to);
  });
  onStateChange((asked) => apply(asked));
  // "Descargar": exactly the regions, period (and the trend view's granularity) on screen.
  setUpDownloads(byId("downloads"), () => ({
    period: state.period,
    ...listed(),
    parentName: state.map?.trail[state.map.trail.length - 1]?.name ?? listed().parent ?? "",
    token: state.token,
    lang: state.lang,
  }));
  byId("token-save").addEventListener("click", () => {
    state.token = byId<HTMLInputElement>("token").value.trim();
    if (state.token) sessionStorage.setItem(TOKEN_KEY, state.token);
    else sessionStorage.removeItem(TOKEN_KEY);
    translate();
    drawDonors();
    void load();
  });
  byId("token-clear").addEventListener("click", () => {
    state.token = "";
    byId<HTMLInputElement>("token").value = "";
    sessionStorage.removeItem(TOKEN_KEY);
    translate();
    drawDonors();
    void load();
  });
  byId("language").addEventListener("click", () => {
    state.lang = state.lang === "es" ? "en" : "es";
    sessionStorage.setItem(LANG_KEY, state.lang);
    writeState({ lang: state.lang }, { replace: true });
    translate();
    if (state.map?.trail[0]) state.map.trail[0].name = t("country");
    if (main.dataset["state"] === "ready") drawOverview();
    drawDetail();
    const asked = parseRoute(location.hash);
    if (asked.page === "sources") drawCatalogue(asked.dataset);
    drawDonors();
  });
  window.addEventListener("hashchange", route);
  byId("indicator").addEventListener("change", (event) => {
    const id = (event.target as HTMLSelectElement).value;
    state.indicator = INDICATORS.find((i) => i.id === id) ?? state.indicator;
    drawOverview();
  });
}

/**
 * Shows the view a URL describes (on opening, and on every move back or forward through history): its period
 * (else the one shown), the region opened and the level listed (else the level below the region).
 */
function apply(asked: UrlState): void {
  if (asked.from && asked.to && isValidPeriod({ from: asked.from, to: asked.to })) {
    state.period = { from: asked.from, to: asked.to };
  }
  showPeriod(state.period);
  state.selected = asked.region;
  state.level = asked.region === null ? "DEPARTMENT" : (asked.level ?? levelBelow(asked.region));
  if (asked.lang && asked.lang !== state.lang) byId("language").click();
  void load();
}

/**
 * Opens on the URL's view; without a period in it, on the latest year that has data, written into the URL (in
 * place) so that the view can be shared as it is.
 */
async function start(): Promise<void> {
  const asked = readState();
  if (!asked.from || !asked.to || !isValidPeriod({ from: asked.from, to: asked.to })) {
    state.period = openingPeriod(await latestYear());
    writeState({ from: state.period.from, to: state.period.to }, { replace: true });
  }
  apply(readState());
}

setUp();
translate();
drawDetail();
route();
void start();

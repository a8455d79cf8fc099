import { graphql, missingAt, type GraphQLErrorBody } from "./api.ts";
import { formatDay, parseRoute, renderCatalogue } from "./catalogue.ts";
import { clearDetail, renderDetail, type MonthPoint } from "./detail.ts";
import { byId, h } from "./dom.ts";
import { initialLang, STRINGS, type Key, type Lang } from "./i18n.ts";
import { INDICATORS, syntheticFigure, type Indicator } from "./indicators.ts";
import { renderMap } from "./map.ts";
import { isValidPeriod, monthsOf, openingPeriod, yearPeriod, type Period } from "./period.ts";
import { DATASETS_QUERY, type CatalogueDataset } from "../operations/datasets-query.ts";
import { DISTRICTS_QUERY, type Point } from "../operations/districts-query.ts";
import { MONTHS_PER_REQUEST, monthsQuery, type MonthFigures } from "../operations/months-query.ts";
import { REGION_QUERY, type RegionDetail } from "../operations/region-query.ts";
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
  selected: null as string | null,
  rows: [] as RegionRow[],
  districts: [] as Point[],
  errors: [] as GraphQLErrorBody[],
  detail: null as {
    region: RegionDetail;
    errors: GraphQLErrorBody[];
    months: MonthPoint[];
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
  renderMap(byId("map"), {
    rows: state.rows,
    indicator: state.indicator,
    lang: state.lang,
    selected: state.selected,
    districts: state.districts,
    onSelect: (ubigeo) => void select(ubigeo),
  });
  renderTable(byId("table"), {
    rows: state.rows,
    lang: state.lang,
    sort: state.sort,
    selected: state.selected,
    missing,
    onSort: (sort) => {
      state.sort = sort;
      drawOverview();
    },
    onSelect: (ubigeo) => void select(ubigeo),
  });
}

function drawDetail(): void {
  if (state.detail) renderDetail(detail, { ...state.detail, lang: state.lang });
  else clearDetail(detail, t("detailHint"));
}

function fail(error: unknown): void {
  main.dataset["state"] = "error";
  status.textContent = `${t("error")}: ${error instanceof Error ? error.message : String(error)}`;
}

/** Loads the departments for the period, then the selected department's pillars if one is selected. */
async function load(): Promise<void> {
  const generation = ++state.generation;
  main.dataset["state"] = "loading";
  status.textContent = t("loading");
  try {
    const answer = await graphql<{ regions: RegionRow[] }>(
      REGIONS_QUERY,
      { period: state.period, asOf: registryAsOf(state.period) },
      state.token,
    );
    if (generation !== state.generation) return;
    state.rows = answer.data?.regions ?? [];
    state.errors = answer.errors;
    drawOverview();
    status.textContent = "";
    main.dataset["state"] = "ready";
    if (state.selected) await select(state.selected);
  } catch (error) {
    if (generation === state.generation) fail(error);
  }
}

/**
 * Shows one department's four pillars: its figures for the period in one request, and the monthly enforcement
 * series in requests of at most `MONTHS_PER_REQUEST` aliases each (the gateway's alias limit).
 */
async function select(ubigeo: string): Promise<void> {
  const generation = state.generation;
  state.selected = ubigeo;
  drawOverview();
  detail.dataset["state"] = "loading";
  detail.dataset["ubigeo"] = ubigeo;
  try {
    const months = monthsOf(state.period);
    const asOf = registryAsOf(state.period);
    const chunks: (typeof months)[] = [];
    for (let i = 0; i < months.length; i += MONTHS_PER_REQUEST) {
      chunks.push(months.slice(i, i + MONTHS_PER_REQUEST));
    }
    const [answer, ...series] = await Promise.all([
      graphql<{ region: RegionDetail | null }>(
        REGION_QUERY,
        { ubigeo, period: state.period, asOf },
        state.token,
      ),
      ...chunks.map((chunk) => {
        const { query, variables } = monthsQuery(chunk);
        return graphql<{ region: MonthFigures | null }>(query, { ubigeo, ...variables }, state.token);
      }),
    ]);
    if (generation !== state.generation || state.selected !== ubigeo) return;
    const region = answer?.data?.region;
    if (!answer || !region) throw new Error(ubigeo);
    const points: MonthPoint[] = chunks.flatMap((chunk, c) =>
      chunk.map((span, i) => ({ span, figures: series[c]?.data?.region?.[`m${i}`] ?? null })),
    );
    state.detail = { region, errors: answer.errors, months: points, registryAsOf: asOf };
    drawDetail();
    detail.dataset["state"] = "ready";
    detail.scrollIntoView({ block: "start" });
  } catch (error) {
    if (generation !== state.generation) return;
    detail.dataset["state"] = "error";
    detail.replaceChildren(
      h("p", { class: "error" }, `${t("error")}: ${error instanceof Error ? error.message : ""}`),
    );
  }
}

/** Fetches the district capitals for the map's backdrop; without them the map still shows every department. */
async function loadDistricts(): Promise<void> {
  try {
    const answer = await graphql<{ regions: { capital: Point }[] }>(DISTRICTS_QUERY, {}, "");
    state.districts = (answer.data?.regions ?? []).map((r) => r.capital);
    if (main.dataset["state"] === "ready") drawOverview();
  } catch {
    // The backdrop is decoration: the departments' markers and the table carry the figures.
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
  main.hidden = sources;
  detail.hidden = sources;
  byId("controls").hidden = sources;
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

function readPeriod(): Period | null {
  const year = Number(byId<HTMLSelectElement>("year").value);
  const whole = yearPeriod(year);
  const period = {
    from: byId<HTMLInputElement>("from").value || whole.from,
    to: byId<HTMLInputElement>("to").value || whole.to,
  };
  return isValidPeriod(period) ? period : null;
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
    if (!period) {
      status.textContent = t("badPeriod");
      return;
    }
    state.period = period;
    void load();
  });
  byId("token-save").addEventListener("click", () => {
    state.token = byId<HTMLInputElement>("token").value.trim();
    if (state.token) sessionStorage.setItem(TOKEN_KEY, state.token);
    else sessionStorage.removeItem(TOKEN_KEY);
    translate();
    void load();
  });
  byId("token-clear").addEventListener("click", () => {
    state.token = "";
    byId<HTMLInputElement>("token").value = "";
    sessionStorage.removeItem(TOKEN_KEY);
    translate();
    void load();
  });
  byId("language").addEventListener("click", () => {
    state.lang = state.lang === "es" ? "en" : "es";
    sessionStorage.setItem(LANG_KEY, state.lang);
    const url = new URL(location.href);
    url.searchParams.set("lang", state.lang);
    history.replaceState(null, "", url);
    translate();
    if (main.dataset["state"] === "ready") drawOverview();
    drawDetail();
    const asked = parseRoute(location.hash);
    if (asked.page === "sources") drawCatalogue(asked.dataset);
  });
  window.addEventListener("hashchange", route);
  byId("indicator").addEventListener("change", (event) => {
    const id = (event.target as HTMLSelectElement).value;
    state.indicator = INDICATORS.find((i) => i.id === id) ?? state.indicator;
    drawOverview();
  });
}

/** Opens on the latest year that has data, then loads it. */
async function start(): Promise<void> {
  state.period = openingPeriod(await latestYear());
  fillYears(Number(state.period.from.slice(0, 4)));
  await load();
}

setUp();
translate();
drawDetail();
route();
void start();
void loadDistricts();

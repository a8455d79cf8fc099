import { graphql, missingAt, type GraphQLErrorBody } from "./api.ts";
import { clearDetail, renderDetail, type MonthPoint } from "./detail.ts";
import { byId, h } from "./dom.ts";
import { initialLang, STRINGS, type Key, type Lang } from "./i18n.ts";
import { INDICATORS, syntheticFigure, type Indicator } from "./indicators.ts";
import { renderMap } from "./map.ts";
import { isValidPeriod, monthsOf, yearPeriod, type Period } from "./period.ts";
import { DISTRICTS_QUERY, type Point } from "../operations/districts-query.ts";
import { MONTHS_PER_REQUEST, monthsQuery, type MonthFigures } from "../operations/months-query.ts";
import { REGION_QUERY, type RegionDetail } from "../operations/region-query.ts";
import { REGIONS_QUERY, type RegionRow } from "../operations/regions-query.ts";
import { renderTable, type Sort } from "./table.ts";

/** The first year the year selector offers: the program's records start there. */
const FIRST_YEAR = 2020;
const TOKEN_KEY = "tinkuy.token";
const LANG_KEY = "tinkuy.lang";

const state = {
  lang: initialLang(location.search, sessionStorage.getItem(LANG_KEY)) as Lang,
  token: sessionStorage.getItem(TOKEN_KEY) ?? "",
  period: yearPeriod(new Date().getFullYear()) as Period,
  indicator: INDICATORS[0] as Indicator,
  sort: { by: "name", descending: false } as Sort,
  selected: null as string | null,
  rows: [] as RegionRow[],
  districts: [] as Point[],
  errors: [] as GraphQLErrorBody[],
  detail: null as { region: RegionDetail; errors: GraphQLErrorBody[]; months: MonthPoint[] } | null,
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
      { period: state.period },
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
    const chunks: (typeof months)[] = [];
    for (let i = 0; i < months.length; i += MONTHS_PER_REQUEST) {
      chunks.push(months.slice(i, i + MONTHS_PER_REQUEST));
    }
    const [answer, ...series] = await Promise.all([
      graphql<{ region: RegionDetail | null }>(REGION_QUERY, { ubigeo, period: state.period }, state.token),
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
    state.detail = { region, errors: answer.errors, months: points };
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

function readPeriod(): Period | null {
  const year = Number(byId<HTMLSelectElement>("year").value);
  const whole = yearPeriod(year);
  const period = {
    from: byId<HTMLInputElement>("from").value || whole.from,
    to: byId<HTMLInputElement>("to").value || whole.to,
  };
  return isValidPeriod(period) ? period : null;
}

function setUp(): void {
  const year = byId<HTMLSelectElement>("year");
  const current = new Date().getFullYear();
  for (let y = current; y >= FIRST_YEAR; y--) {
    year.append(h("option", { value: y, selected: y === current }, String(y)));
  }
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
  });
  byId("indicator").addEventListener("change", (event) => {
    const id = (event.target as HTMLSelectElement).value;
    state.indicator = INDICATORS.find((i) => i.id === id) ?? state.indicator;
    drawOverview();
  });
}

setUp();
translate();
drawDetail();
void load();
void loadDistricts();

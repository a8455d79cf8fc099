import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import { missingAt, type GraphQLErrorBody } from "./api.ts";
import { figureSources, formatDay } from "./catalogue.ts";
import { h } from "./dom.ts";
import { formatNumber, type Kind } from "./format.ts";
import { GOVERNMENT_FUNCTIONS, LOCALES, STRINGS, type Key, type Lang } from "./i18n.ts";
import { PALETTE } from "./palette.ts";
import type { Period } from "./period.ts";
import {
  loadTrends,
  pillarPoints,
  shownGranularity,
  trendChart,
  trendMissing,
  trendTable,
  viewOf,
  type TrendPillar,
} from "./trends.ts";
import { writeState } from "./url-state.ts";
import { GRANULARITIES, type Granularity } from "../operations/trends-query.ts";
import { NATIONAL_UBIGEO, type FunctionExecution, type RegionDetail } from "../operations/region-query.ts";
import { isSynthetic } from "../operations/sources.ts";

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

/**
 * What the detail panels show: one region's answer (a department, province or district, or Peru as a whole,
 * `00`) and its errors; the period and the viewer's token, with which the trend view asks for its series.
 */
export interface DetailView {
  region: RegionDetail;
  errors: GraphQLErrorBody[];
  /** The day REINFO's figures were asked as of (null: today), said when the registry's part did not answer. */
  registryAsOf: string | null;
  lang: Lang;
  period: Period;
  token: string;
}

const charts: Chart[] = [];
/** Bumped by every drawing: a trend answered for an older one is dropped. */
let drawing = 0;

/** A figure of the cross-pillar indicators the detail shows. */
type IndicatorField = Exclude<keyof NonNullable<RegionDetail["indicators"]>, "sources">;

/**
 * "REINFO: registro al 31 dic 2024": the day the registry's figures (and the indicators' denominators) are as
 * of, as the API answered it; beside every REINFO figure of the detail.
 */
function registryNote(view: DetailView): HTMLElement {
  const t = STRINGS[view.lang];
  const asOf = view.region.formalization?.asOf ?? view.registryAsOf;
  return h(
    "p",
    { class: "note as-of", "data-as-of": asOf ?? "" },
    asOf ? t.registryAsOf.replace("{date}", formatDay(asOf, view.lang)) : t.registryToday,
  );
}

/** A figure of a panel: its label and its value, or "—" with the reason when the viewer or pillar could not. */
function figure(
  view: DetailView,
  id: string,
  label: Key,
  value: number | string | null | undefined,
  kind: Kind,
  path: (string | number)[],
): HTMLElement {
  const t = STRINGS[view.lang];
  const reason = value === undefined || value === null ? missingAt(view.errors, path) : undefined;
  return h(
    "div",
    { class: reason ? `figure ${reason}` : "figure", "data-figure": id, "data-value": value ?? "" },
    h("dt", {}, t[label]),
    h(
      "dd",
      { title: reason === "forbidden" ? t.hiddenNote : reason ? t.unavailableNote : undefined },
      value === undefined || value === null ? "—" : formatNumber(value, kind, view.lang),
    ),
  );
}

/** A MEF function's name in the page's language (the API's value when the page does not know it). */
function functionName(value: string, lang: Lang): string {
  return GOVERNMENT_FUNCTIONS[lang][value] ?? value;
}

/**
 * A figure that is a list (a region's livelihood projects, its public investment by function): its items across
 * the panel's width, "ninguno" when there are none, "—" with the reason (at `path`) when the viewer or the
 * pillar could not.
 */
function listFigure(
  view: DetailView,
  id: string,
  label: Key,
  className: string,
  items: HTMLElement[] | null | undefined,
  path: (string | number)[],
): HTMLElement {
  const t = STRINGS[view.lang];
  const reason = items ? undefined : missingAt(view.errors, path);
  return h(
    "div",
    { class: reason ? `figure ${className} ${reason}` : `figure ${className}`, "data-figure": id },
    h("dt", {}, t[label]),
    h(
      "dd",
      { title: reason === "forbidden" ? t.hiddenNote : reason ? t.unavailableNote : undefined },
      items && items.length === 0 ? t.none : items ? h("ul", {}, ...items) : "—",
    ),
  );
}

/**
 * Public investment by MEF function, most accrued first as the API orders it: each function's *devengado* and
 * its investments in execution (the chart below draws the same amounts).
 */
function byFunctionItems(
  view: DetailView,
  rows: readonly FunctionExecution[] | undefined,
): HTMLElement[] | undefined {
  const t = STRINGS[view.lang];
  return rows?.map((row) =>
    h(
      "li",
      { "data-function": row.function, "data-value": row.executed },
      `${functionName(row.function, view.lang)}: S/ ${formatNumber(row.executed, "money", view.lang)}`,
      ` (${t.inExecution.replace("{count}", formatNumber(row.activeProjects, "count", view.lang))})`,
    ),
  );
}

/** A part of the answer whose figures a panel shows: a pillar's, or the cross-pillar indicators. */
type PanelPart = Exclude<keyof RegionDetail, "ubigeo" | "name">;

/** A panel: its figures, its chart (or trend) if it has one, anything else, and the datasets behind it, linked. */
function panel(
  view: DetailView,
  id: PanelPart,
  title: string,
  figures: HTMLElement[],
  chartArea: HTMLElement | null,
  ...extra: HTMLElement[]
): HTMLElement {
  const sources = figureSources(view.region[id]?.sources, view.lang);
  return h(
    "section",
    { class: "pillar", "data-pillar": id },
    h("h3", {}, title),
    ...extra.filter((e) => e.classList.contains("as-of")),
    h("dl", {}, ...figures),
    ...(chartArea ? [chartArea] : []),
    ...extra.filter((e) => !e.classList.contains("as-of")),
    ...(sources ? [sources] : []),
  );
}

function chart(canvas: HTMLCanvasElement, config: ChartConfiguration): void {
  charts.push(new Chart(canvas, config));
}

/** The detail's own `chart.js` charts, drawn with the page's locale and without animation. */
function chartOptions(lang: Lang) {
  return { locale: LOCALES[lang], animation: false as const, responsive: true, maintainAspectRatio: false };
}

/**
 * The choice between the period's totals and its trend by month, quarter or year: a group of radio buttons (the
 * keyboard's arrows move through them), kept in the URL's `vista` so that a trend can be shared.
 */
function viewSwitch(container: HTMLElement, view: DetailView, shown: Granularity | null): HTMLElement {
  const t = STRINGS[view.lang];
  const options: { granularity: Granularity | null; label: Key }[] = [
    { granularity: null, label: "viewTotals" },
    ...GRANULARITIES.map((granularity) => ({ granularity, label: `trend${granularity}` as Key })),
  ];
  const fieldset = h(
    "fieldset",
    { class: "view-switch" },
    h("legend", {}, t.viewLegend),
    ...options.map((option) =>
      h(
        "label",
        {},
        h("input", {
          type: "radio",
          name: "detail-view",
          value: option.granularity ?? "TOTALS",
          checked: option.granularity === shown,
        }),
        ` ${t[option.label]}`,
      ),
    ),
  );
  fieldset.addEventListener("change", (event) => {
    const value = (event.target as HTMLInputElement).value;
    const granularity = value === "TOTALS" ? null : (value as Granularity);
    writeState({ view: viewOf(granularity) });
    renderDetail(container, view);
    container.querySelector<HTMLInputElement>(`.view-switch input[value="${value}"]`)?.focus();
  });
  return fieldset;
}

/**
 * Draws each pillar's trend into its panel once the series are read (one request for the five), in place of the
 * totals' chart: a line chart whose canvas is described by the table of its figures below it. A pillar the
 * viewer may not see, or that did not answer, says so in its panel.
 */
async function drawTrends(
  container: HTMLElement,
  view: DetailView,
  granularity: Granularity,
  generation: number,
): Promise<void> {
  const t = STRINGS[view.lang];
  container.dataset["trends"] = "loading";
  let answer;
  try {
    answer = await loadTrends(view.region.ubigeo, view.period, granularity, view.token);
  } catch (error) {
    if (generation !== drawing) return;
    container.dataset["trends"] = "error";
    for (const area of container.querySelectorAll<HTMLElement>(".trend")) {
      area.replaceChildren(
        h("p", { class: "error" }, `${t.error}: ${error instanceof Error ? error.message : ""}`),
      );
    }
    return;
  }
  if (generation !== drawing) return;
  for (const area of container.querySelectorAll<HTMLElement>(".trend")) {
    const pillar = area.dataset["pillar"] as TrendPillar;
    const points = pillarPoints(answer.data?.region, pillar);
    if (!points) {
      area.replaceChildren(
        h("p", { class: "note trend-missing" }, trendMissing(answer.errors, pillar, view.lang)),
      );
      continue;
    }
    const tableId = `trend-${pillar}`;
    const canvas = h("canvas", {
      role: "img",
      "aria-label": `${t[pillar]}: ${t[`trend${granularity}` as Key]}`,
      "aria-describedby": tableId,
    });
    area.replaceChildren(
      h("div", { class: "chart" }, canvas),
      // Public investment's accruals often come by year only: by month or quarter they are in no bucket.
      ...(pillar === "services" ? [h("p", { class: "note services-trend-note" }, t.servicesTrendNote)] : []),
      trendTable(tableId, pillar, points, granularity, view.lang),
    );
    area.dataset["points"] = String(points.length);
    chart(canvas, trendChart(pillar, points, granularity, view.lang) as unknown as ChartConfiguration);
  }
  // One note above the panels, when any bucket drawn is partial (each is also labelled in its chart and table).
  const partial = [...container.querySelectorAll(".trend-table tr[data-partial=true]")].length > 0;
  container.querySelector(".partial-note")?.remove();
  if (partial) {
    container
      .querySelector(".pillars")
      ?.before(h("p", { class: "note partial-note", role: "note" }, t.partialNote));
  }
  container.dataset["trends"] = "ready";
}

/**
 * Draws one region's five pillars side by side into `container` (a department, province or district, or Peru as
 * a whole), each with its figures for the period, and either the period's totals charted (the REINFO status mix,
 * hectares degraded and restored, beneficiaries, public investment by function) or, in the trend view (`vista`), each pillar by month, quarter or
 * year. Figures the viewer may not see are "—" with a note, as are those of a pillar that did not answer.
 */
export function renderDetail(container: HTMLElement, view: DetailView): void {
  for (const old of charts.splice(0)) old.destroy();
  const generation = ++drawing;
  const granularity = shownGranularity();
  const t = STRINGS[view.lang];
  const r = view.region;
  const base = ["region"];
  const common = chartOptions(view.lang);

  /** A pillar's chart: its totals' canvas, or a place for its trend. */
  const chartArea = (pillar: TrendPillar, label: string): [HTMLCanvasElement, HTMLElement] => {
    const canvas = h("canvas", { "aria-label": label, role: "img" });
    const area = granularity
      ? h("div", { class: "trend", "data-pillar": pillar }, h("p", { class: "hint" }, t.loading))
      : h("div", { class: "chart" }, canvas);
    return [canvas, area];
  };
  const [eradicationCanvas, eradicationArea] = chartArea("eradication", t.eradication);
  const [formalizationCanvas, formalizationArea] = chartArea("formalization", t.formalization);
  const [recoveryCanvas, recoveryArea] = chartArea("recovery", t.recovery);
  const [livelihoodsCanvas, livelihoodsArea] = chartArea("livelihoods", t.livelihoods);
  const [servicesCanvas, servicesArea] = chartArea("services", t.byFunction);
  const outposts = r.eradication?.outposts;
  const projects = r.livelihoods?.projects;

  const panels = [
    panel(
      view,
      "eradication",
      t.eradication,
      [
        figure(view, "operations", "operations", r.eradication?.operations, "count", [
          ...base,
          "eradication",
        ]),
        figure(view, "value", "value", r.eradication?.value, "money", [...base, "eradication"]),
        figure(view, "arrests", "arrests", r.eradication?.arrests, "count", [...base, "eradication"]),
        figure(view, "prosecutors", "prosecutors", r.eradication?.prosecutors, "count", [
          ...base,
          "eradication",
        ]),
        figure(
          view,
          "outposts",
          "outposts",
          outposts ? outposts.length : r.eradication ? null : undefined,
          "count",
          [...base, "eradication", "outposts"],
        ),
      ],
      eradicationArea,
    ),
    panel(
      view,
      "formalization",
      t.formalization,
      [
        figure(view, "total", "total", r.formalization?.total, "count", [...base, "formalization"]),
        figure(view, "active", "active", r.formalization?.active, "count", [...base, "formalization"]),
        figure(view, "suspended", "suspended", r.formalization?.suspended, "count", [
          ...base,
          "formalization",
        ]),
        figure(view, "excluded", "excluded", r.formalization?.excluded, "count", [...base, "formalization"]),
        figure(view, "formalized", "formalized", r.formalization?.formalized, "count", [
          ...base,
          "formalization",
        ]),
        figure(
          view,
          "formalizationRate",
          "formalizationRate",
          r.formalization?.formalizationRate,
          "percent",
          [...base, "formalization"],
        ),
      ],
      formalizationArea,
      registryNote(view),
    ),
    panel(
      view,
      "recovery",
      t.recovery,
      [
        figure(view, "hectaresDegraded", "hectaresDegraded", r.recovery?.hectaresDegraded, "hectares", [
          ...base,
          "recovery",
        ]),
        figure(view, "hectaresRestored", "hectaresRestored", r.recovery?.hectaresRestored, "hectares", [
          ...base,
          "recovery",
        ]),
        figure(view, "degradedAreas", "degradedAreas", r.recovery?.degradedAreasDetected, "count", [
          ...base,
          "recovery",
        ]),
        figure(view, "restorationRatio", "restorationRatio", r.recovery?.restorationRatio, "ratio", [
          ...base,
          "recovery",
        ]),
        figure(
          view,
          "restorationProjects",
          "restorationProjects",
          r.recovery?.activeRestorationProjects,
          "count",
          [...base, "recovery"],
        ),
      ],
      recoveryArea,
    ),
    panel(
      view,
      "livelihoods",
      t.livelihoods,
      [
        figure(view, "activeProjects", "activeProjects", r.livelihoods?.activeProjects, "count", [
          ...base,
          "livelihoods",
        ]),
        figure(view, "beneficiaries", "beneficiaries", r.livelihoods?.beneficiaries.total, "count", [
          ...base,
          "livelihoods",
        ]),
        figure(view, "women", "women", r.livelihoods?.beneficiaries.women, "count", [...base, "livelihoods"]),
        figure(view, "formerMiners", "formerMiners", r.livelihoods?.beneficiaries.formerMiners, "count", [
          ...base,
          "livelihoods",
        ]),
        listFigure(
          view,
          "projects",
          "projects",
          "projects",
          projects?.map((p) => h("li", { "data-iati": p.iatiIdentifier }, p.title)),
          [...base, "livelihoods", "projects"],
        ),
      ],
      livelihoodsArea,
    ),
    panel(
      view,
      "services",
      t.services,
      [
        figure(view, "investmentProjects", "investmentProjects", r.services?.activeProjects, "count", [
          ...base,
          "services",
        ]),
        figure(view, "investmentExecuted", "investmentExecuted", r.services?.executed, "money", [
          ...base,
          "services",
        ]),
        figure(
          view,
          "executedPerInhabitant",
          "executedPerInhabitant",
          r.services?.executedPerInhabitant,
          "money",
          [...base, "services"],
        ),
        figure(view, "population", "population", r.services?.population, "count", [...base, "services"]),
        figure(
          view,
          "yearlyAccrualsOutsidePeriodMonths",
          "yearlyAccrualsOutsidePeriodMonths",
          r.services?.yearlyAccrualsOutsidePeriodMonths,
          "money",
          [...base, "services"],
        ),
        listFigure(
          view,
          "byFunction",
          "byFunction",
          "by-function",
          byFunctionItems(view, r.services?.byFunction),
          [...base, "services"],
        ),
      ],
      servicesArea,
      // Said only when there is such an amount: why it is not in the period's accruals.
      ...(Number(r.services?.yearlyAccrualsOutsidePeriodMonths ?? 0) > 0
        ? [h("p", { class: "note yearly-note" }, t.servicesYearlyNote)]
        : []),
    ),
    panel(
      view,
      "indicators",
      t.indicators,
      [
        ["activeRecords", "activeRecords", "activeRecords", "count"],
        ["excludedRecords", "excludedRecords", "excludedRecords", "count"],
        ["operationsPerThousandActiveRecords", "operationsPerThousand", "operationsPerThousand", "ratio"],
        ["valueSeizedPerActiveRecord", "valuePerActive", "valuePerActive", "money"],
        ["restoredPerDegradedHectare", "restoredPerDegraded", "restoredPerDegraded", "ratio"],
        ["degradedHectaresPerActiveRecord", "degradedPerActive", "degradedPerActive", "ratio"],
        [
          "formerMinerBeneficiariesPerExcludedRecord",
          "formerMinersPerExcluded",
          "formerMinersPerExcluded",
          "ratio",
        ],
        ["investmentExecutedPerActiveRecord", "investmentPerActive", "investmentPerActive", "money"],
        [
          "operationsPerMillionSolesInvested",
          "operationsPerMillionInvested",
          "operationsPerMillionInvested",
          "ratio",
        ],
      ].map(([field, id, label, kind]) =>
        figure(
          view,
          `indicators.${id}`,
          label as Key,
          r.indicators?.[field as IndicatorField],
          kind as Kind,
          [...base, "indicators"],
        ),
      ),
      // The indicators chart nothing for the period's totals (they are ratios of the figures beside them).
      granularity ? chartArea("indicators", t.indicators)[1] : null,
      registryNote(view),
    ),
  ];
  const notes: HTMLElement[] = [];
  // A pillar whose figures rest on synthetic demo data is marked as a whole (its heading carries the `*`).
  const synthetic = panels.filter((section) => isSynthetic(r[section.dataset["pillar"] as PanelPart]));
  for (const section of synthetic) {
    section.classList.add("synthetic");
    section.dataset["synthetic"] = "true";
    section.title = t.syntheticNote;
  }
  if (synthetic.length > 0) {
    notes.push(h("p", { class: "note synthetic-note", role: "note" }, t.syntheticBanner));
  }
  if (view.errors.some((e) => e.extensions?.code === "FORBIDDEN")) {
    notes.push(h("p", { class: "note forbidden-note" }, t.hiddenNote));
  }
  if (view.errors.some((e) => e.extensions?.code !== "FORBIDDEN")) {
    notes.push(h("p", { class: "note unavailable-note" }, t.unavailableNote));
  }
  container.replaceChildren(
    // Peru as a whole in the page's language ("Perú", "Peru"); a region by its INEI name.
    h("h2", {}, `${t.detailTitle}: ${r.ubigeo === NATIONAL_UBIGEO ? t.country : r.name}`),
    viewSwitch(container, view, granularity),
    ...notes,
    h("div", { class: "pillars" }, ...panels),
  );
  container.dataset["view"] = granularity ?? "TOTALS";
  if (granularity) {
    void drawTrends(container, view, granularity, generation);
    return;
  }
  delete container.dataset["trends"];

  if (r.eradication) {
    chart(eradicationCanvas, {
      type: "bar",
      data: {
        labels: [t.operations, t.arrests, t.prosecutors],
        datasets: [
          {
            label: t.eradication,
            data: [r.eradication.operations, r.eradication.arrests, r.eradication.prosecutors],
            backgroundColor: [PALETTE.blue, PALETTE.orange, PALETTE.sky],
          },
        ],
      },
      options: { ...common, plugins: { legend: { display: false } } },
    });
  }
  if (r.formalization) {
    chart(formalizationCanvas, {
      type: "doughnut",
      data: {
        labels: [t.active, t.suspended, t.excluded, t.formalized],
        datasets: [
          {
            data: [
              r.formalization.active,
              r.formalization.suspended,
              r.formalization.excluded,
              r.formalization.formalized,
            ],
            backgroundColor: [PALETTE.blue, PALETTE.orange, PALETTE.vermillion, PALETTE.green],
          },
        ],
      },
      options: { ...common, plugins: { legend: { position: "right" } } },
    });
  }
  if (r.recovery) {
    chart(recoveryCanvas, {
      type: "bar",
      data: {
        labels: [t.hectaresDegraded, t.hectaresRestored],
        datasets: [
          {
            label: "ha",
            data: [r.recovery.hectaresDegraded, r.recovery.hectaresRestored],
            backgroundColor: [PALETTE.vermillion, PALETTE.green],
          },
        ],
      },
      options: { ...common, plugins: { legend: { display: false } } },
    });
  }
  if (r.livelihoods) {
    const b = r.livelihoods.beneficiaries;
    chart(livelihoodsCanvas, {
      type: "bar",
      data: {
        labels: [t.beneficiaries, t.women, t.formerMiners],
        datasets: [
          {
            label: t.beneficiaries,
            data: [b.total, b.women, b.formerMiners],
            backgroundColor: [PALETTE.blue, PALETTE.purple, PALETTE.orange],
          },
        ],
      },
      options: { ...common, plugins: { legend: { display: false } } },
    });
  }
  if (r.services && r.services.byFunction.length > 0) {
    const rows = r.services.byFunction;
    chart(servicesCanvas, {
      type: "bar",
      data: {
        labels: rows.map((row) => functionName(row.function, view.lang)),
        datasets: [
          {
            label: t.investmentExecuted,
            data: rows.map((row) => Number(row.executed)),
            backgroundColor: PALETTE.green,
          },
        ],
      },
      options: { ...common, indexAxis: "y", plugins: { legend: { display: false } } },
    });
  }
}

/** Destroys the detail's charts (when the department is closed or the data reloads). */
export function clearDetail(container: HTMLElement, hint: string): void {
  for (const old of charts.splice(0)) old.destroy();
  container.replaceChildren(h("p", { class: "hint" }, hint));
}

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
import { LOCALES, STRINGS, type Key, type Lang } from "./i18n.ts";
import type { Part } from "./indicators.ts";
import type { MonthSpan } from "./period.ts";
import type { RegionDetail } from "../operations/region-query.ts";
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

/** One month's enforcement figures; null when the pillar could not answer for it. */
export interface MonthPoint {
  span: MonthSpan;
  figures: { operations: number; value: string } | null;
}

/** What the detail panels show: one department's answer, its errors, and the monthly series. */
export interface DetailView {
  region: RegionDetail;
  errors: GraphQLErrorBody[];
  months: MonthPoint[];
  /** The day REINFO's figures were asked as of (null: today), said when the registry's part did not answer. */
  registryAsOf: string | null;
  lang: Lang;
}

const charts: Chart[] = [];

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

/** A part of the answer whose figures a panel shows: a pillar's, or the cross-pillar indicators. */
type PanelPart = Part;

/** A panel: its figures, its chart if it has one, anything else, and the datasets behind it, linked. */
function panel(
  view: DetailView,
  id: PanelPart,
  title: string,
  figures: HTMLElement[],
  canvas: HTMLCanvasElement | null,
  ...extra: HTMLElement[]
): HTMLElement {
  const sources = figureSources(view.region[id]?.sources, view.lang);
  return h(
    "section",
    { class: "pillar", "data-pillar": id },
    h("h3", {}, title),
    ...extra.filter((e) => e.classList.contains("as-of")),
    h("dl", {}, ...figures),
    ...(canvas ? [h("div", { class: "chart" }, canvas)] : []),
    ...extra.filter((e) => !e.classList.contains("as-of")),
    ...(sources ? [sources] : []),
  );
}

/** The monthly series as a table under the chart: its numbers for screen readers and for copying. */
function monthTable(view: DetailView, label: (month: string) => string): HTMLElement {
  const t = STRINGS[view.lang];
  return h(
    "details",
    { class: "months" },
    h("summary", {}, t.byMonth),
    h(
      "table",
      {},
      h("thead", {}, h("tr", {}, h("th", {}, t.month), h("th", {}, t.operations), h("th", {}, t.value))),
      h(
        "tbody",
        {},
        ...view.months.map((m) =>
          h(
            "tr",
            {
              "data-month": m.span.month,
              "data-from": m.span.from,
              "data-to": m.span.to,
              "data-operations": m.figures?.operations ?? "",
              "data-value": m.figures?.value ?? "",
            },
            h("th", {}, label(m.span.month)),
            h("td", {}, m.figures ? formatNumber(m.figures.operations, "count", view.lang) : "—"),
            h("td", {}, m.figures ? formatNumber(m.figures.value, "money", view.lang) : "—"),
          ),
        ),
      ),
    ),
  );
}

function chart(canvas: HTMLCanvasElement, config: ChartConfiguration): void {
  charts.push(new Chart(canvas, config));
}

/**
 * Draws one department's four pillars side by side into `container`: enforcement over the months of the period,
 * the REINFO status mix, hectares degraded and restored, and livelihood beneficiaries, each with its figures.
 * Figures the viewer may not see are "—" with a note, as are those of a pillar that did not answer.
 */
export function renderDetail(container: HTMLElement, view: DetailView): void {
  for (const old of charts.splice(0)) old.destroy();
  const t = STRINGS[view.lang];
  const locale = LOCALES[view.lang];
  const r = view.region;
  const base = ["region"];
  const common = {
    locale,
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
  };

  const compact = new Intl.NumberFormat(locale, { notation: "compact" });
  const monthFormat = new Intl.DateTimeFormat(locale, { month: "short", year: "2-digit", timeZone: "UTC" });
  const monthLabel = (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`));
  const eradicationCanvas = h("canvas", { "aria-label": t.eradication, role: "img" });
  const formalizationCanvas = h("canvas", { "aria-label": t.formalization, role: "img" });
  const recoveryCanvas = h("canvas", { "aria-label": t.recovery, role: "img" });
  const livelihoodsCanvas = h("canvas", { "aria-label": t.livelihoods, role: "img" });
  const outposts = r.eradication?.outposts;
  const projects = r.livelihoods?.projects;
  const projectsReason = projects ? undefined : missingAt(view.errors, [...base, "livelihoods", "projects"]);

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
      eradicationCanvas,
      monthTable(view, monthLabel),
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
      formalizationCanvas,
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
      recoveryCanvas,
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
        h(
          "div",
          {
            class: projectsReason ? `figure projects ${projectsReason}` : "figure projects",
            "data-figure": "projects",
          },
          h("dt", {}, t.projects),
          h(
            "dd",
            {
              title:
                projectsReason === "forbidden"
                  ? t.hiddenNote
                  : projectsReason
                    ? t.unavailableNote
                    : undefined,
            },
            projects && projects.length === 0
              ? t.none
              : projects
                ? h("ul", {}, ...projects.map((p) => h("li", { "data-iati": p.iatiIdentifier }, p.title)))
                : "—",
          ),
        ),
      ],
      livelihoodsCanvas,
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
      null,
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
    h("h2", {}, `${t.detailTitle}: ${r.name}`),
    ...notes,
    h("div", { class: "pillars" }, ...panels),
  );

  chart(eradicationCanvas, {
    type: "bar",
    data: {
      labels: view.months.map((m) => monthLabel(m.span.month)),
      datasets: [
        {
          type: "bar",
          label: t.operations,
          data: view.months.map((m) => m.figures?.operations ?? null),
          backgroundColor: "#3b6ea5",
          yAxisID: "operations",
        },
        {
          type: "line",
          label: t.value,
          data: view.months.map((m) => (m.figures ? Number(m.figures.value) : null)),
          borderColor: "#bd0026",
          backgroundColor: "#bd0026",
          yAxisID: "value",
        },
      ],
    },
    options: {
      ...common,
      scales: {
        operations: { type: "linear", position: "left", beginAtZero: true, ticks: { precision: 0 } },
        value: {
          type: "linear",
          position: "right",
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          // Millions of soles do not fit a narrow panel in full: "40 M", "40M".
          ticks: { callback: (value: number | string) => compact.format(Number(value)) },
        },
      },
    },
  } as ChartConfiguration);
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
            backgroundColor: ["#3b6ea5", "#fd8d3c", "#bd0026", "#2e8b57"],
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
            backgroundColor: ["#8c510a", "#2e8b57"],
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
          { label: t.beneficiaries, data: [b.total, b.women, b.formerMiners], backgroundColor: "#6a51a3" },
        ],
      },
      options: { ...common, plugins: { legend: { display: false } } },
    });
  }
}

/** Destroys the detail's charts (when the department is closed or the data reloads). */
export function clearDetail(container: HTMLElement, hint: string): void {
  for (const old of charts.splice(0)) old.destroy();
  container.replaceChildren(h("p", { class: "hint" }, hint));
}

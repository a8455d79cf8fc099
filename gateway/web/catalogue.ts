import { h } from "./dom.ts";
import { formatDate, formatNumber } from "./format.ts";
import { STRINGS, type Key, type Lang } from "./i18n.ts";
import type { CatalogueDataset } from "../operations/datasets-query.ts";
import { sourceDatasetId, type SourceShare } from "../operations/sources.ts";

/** The page's address of the "Fuentes" page, or of one dataset's entry on it. */
export function sourcesHref(datasetId?: string): string {
  return datasetId === undefined ? "#fuentes" : `#fuentes/${encodeURIComponent(datasetId)}`;
}

/**
 * What a location hash asks for: the dashboard, the donor page (`#donantes`), or the "Fuentes" page (at one
 * dataset's entry, if it names one).
 */
export function parseRoute(
  hash: string,
): { page: "dashboard" } | { page: "donors" } | { page: "sources"; dataset: string | null } {
  if (hash === "#donantes") return { page: "donors" };
  const match = /^#fuentes(?:\/(.*))?$/.exec(hash);
  if (!match) return { page: "dashboard" };
  try {
    return { page: "sources", dataset: match[1] ? decodeURIComponent(match[1]) : null };
  } catch {
    return { page: "sources", dataset: null };
  }
}

/** A kind of source in words (`SYNTHETIC`: "Sintético (demostración)"). */
function kindLabel(kind: string, lang: Lang): string {
  const key = `kind${kind}` as Key;
  return STRINGS[lang][key] ?? kind;
}

/**
 * A `YYYY-MM-DD` day as the page writes every date, `dd/mm/aaaa` (`formatDate`), whatever the browser's locale
 * and zone. `lang` is kept for the callers: both languages write days alike (the period's fields say
 * `dd/mm/yyyy` in English too), only month names differ.
 */
export function formatDay(day: string, _lang: Lang): string {
  return formatDate(day);
}

/** A link to a public address the catalogue gives, only if it is one (http or https: nothing else is followed). */
function externalLink(url: string | null): HTMLElement | string {
  if (!url) return "—";
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return url;
  } catch {
    return url;
  }
  return h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, url);
}

/**
 * Draws the "Fuentes" page's catalogue into `container`: one row per dataset behind any record (as `datasets`
 * answers it, largest first), with DCAT's terms, its records per pillar, and synthetic datasets marked as the
 * dashboard marks synthetic figures. The row of `focus` (a dataset's id) is highlighted.
 */
export function renderCatalogue(
  container: HTMLElement,
  view: { datasets: readonly CatalogueDataset[]; lang: Lang; focus: string | null },
): void {
  const t = STRINGS[view.lang];
  if (view.datasets.length === 0) {
    container.replaceChildren(h("p", { class: "hint" }, t.sourcesEmpty));
    return;
  }
  const head = h(
    "tr",
    {},
    ...(
      [
        "navSources",
        "datasetKind",
        "publisher",
        "issued",
        "modified",
        "licence",
        "landingPage",
        "recordsByPillar",
        "totalRecords",
      ] as const
    ).map((key) => h("th", { scope: "col" }, key === "navSources" ? t.navSources : t[key])),
  );
  const rows = view.datasets.map((dataset) => {
    const synthetic = dataset.kind === "SYNTHETIC";
    return h(
      "tr",
      {
        "data-dataset-id": dataset.id,
        "data-kind": dataset.kind,
        "data-synthetic": synthetic ? "true" : undefined,
        class: dataset.id === view.focus ? "focus" : undefined,
      },
      h(
        "th",
        { scope: "row" },
        h("span", { class: "dataset-title" }, dataset.title),
        ...(dataset.note ? [h("p", { class: "note dataset-note" }, dataset.note)] : []),
      ),
      h(
        "td",
        {
          class: synthetic ? "synthetic" : undefined,
          "data-field": "kind",
          title: synthetic ? t.syntheticNote : undefined,
        },
        kindLabel(dataset.kind, view.lang),
      ),
      h("td", { "data-field": "publisher" }, dataset.publisher),
      h("td", { "data-field": "issued", "data-value": dataset.issued }, formatDay(dataset.issued, view.lang)),
      h(
        "td",
        { "data-field": "modified", "data-value": dataset.modified },
        formatDay(dataset.modified, view.lang),
      ),
      h("td", { "data-field": "licence" }, dataset.licence ?? "—"),
      h("td", { "data-field": "landingPage" }, externalLink(dataset.landingPage)),
      h(
        "td",
        { "data-field": "records" },
        h(
          "ul",
          {},
          ...dataset.records.map((part) =>
            h(
              "li",
              { "data-pillar": part.pillar, "data-entity": part.entity, "data-records": part.records },
              `${t[part.pillar as Key] ?? part.pillar} · ${part.entity}: ${formatNumber(part.records, "count", view.lang)}`,
            ),
          ),
        ),
      ),
      h(
        "td",
        { class: "num", "data-field": "totalRecords", "data-value": dataset.totalRecords },
        formatNumber(dataset.totalRecords, "count", view.lang),
      ),
    );
  });
  container.replaceChildren(
    h("table", { class: "catalogue" }, h("thead", {}, head), h("tbody", {}, ...rows)),
  );
}

/**
 * The datasets behind a figure, as its `sources` list them, each linking to its entry on the "Fuentes" page:
 * "Sintético (demostración) · tinkuy-demo:eradication · al 20 nov 2026 · 1.234 registros".
 */
export function figureSources(sources: readonly SourceShare[] | undefined, lang: Lang): HTMLElement | null {
  if (!sources || sources.length === 0) return null;
  const t = STRINGS[lang];
  return h(
    "div",
    { class: "sources" },
    h("h4", {}, t.figureSources),
    h(
      "ul",
      {},
      ...sources.map((source) => {
        const id = sourceDatasetId(source);
        return h(
          "li",
          {
            "data-dataset-id": id,
            "data-kind": source.kind,
            "data-records": source.records,
            "data-as-of": source.asOf,
            class: source.kind === "SYNTHETIC" ? "synthetic" : undefined,
          },
          h("a", { href: sourcesHref(id) }, source.dataset ?? source.source),
          ` · ${kindLabel(source.kind, lang)} · ${t.asOfDate} ${formatDay(source.asOf, lang)} · `,
          `${formatNumber(source.records, "count", lang)} ${t.records}`,
        );
      }),
    ),
  );
}

import { h } from "./dom.ts";
import { formatNumber } from "./format.ts";
import { STRINGS, type Lang } from "./i18n.ts";
import { INDICATORS, numeric, syntheticFigure, type Indicator } from "./indicators.ts";
import type { Level } from "./url-state.ts";
import type { RegionRow } from "../operations/regions-query.ts";

/** How the table is sorted: by region name or by an indicator's id. */
export interface Sort {
  by: "name" | string;
  descending: boolean;
}

/** What the table needs to draw itself. */
export interface TableView {
  rows: RegionRow[];
  /** The level of the rows, which names the first column. */
  level: Level;
  lang: Lang;
  sort: Sort;
  selected: string | null;
  /** Why a region's part is missing (`forbidden`, `unavailable`), by ubigeo and part. */
  missing(ubigeo: string, indicator: Indicator): "forbidden" | "unavailable" | undefined;
  onSort(sort: Sort): void;
  onSelect(ubigeo: string): void;
}

/** The rows in the table's order; regions without a value sort last whichever the direction. */
export function sortRows(rows: RegionRow[], sort: Sort, lang: Lang): RegionRow[] {
  const indicator = INDICATORS.find((i) => i.id === sort.by);
  const collator = new Intl.Collator(lang === "es" ? "es" : "en");
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (!indicator) return sign * collator.compare(a.name, b.name);
    const x = numeric(indicator.read(a));
    const y = numeric(indicator.read(b));
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (x - y) || collator.compare(a.name, b.name);
  });
}

/**
 * Draws the sortable table of regions into `container`, replacing what it held. Each column header is a button
 * (its `th` says how the table is sorted, `aria-sort`), and each region's name a button that opens it, so the
 * whole table works from the keyboard; a click anywhere on a row opens it too.
 */
export function renderTable(container: Element, view: TableView): void {
  const t = STRINGS[view.lang];
  const header = (by: string, label: string, numericColumn: boolean) => {
    const active = view.sort.by === by;
    const button = h("button", { type: "button", "data-sort": by }, label);
    button.addEventListener("click", () =>
      view.onSort({ by, descending: active ? !view.sort.descending : numericColumn }),
    );
    return h(
      "th",
      {
        scope: "col",
        class: numericColumn ? "num" : undefined,
        "aria-sort": active ? (view.sort.descending ? "descending" : "ascending") : "none",
      },
      button,
    );
  };
  const head = h(
    "tr",
    {},
    header(
      "name",
      { DEPARTMENT: t.department, PROVINCE: t.province, DISTRICT: t.district }[view.level],
      false,
    ),
    ...INDICATORS.map((i) => header(i.id, t[i.label], true)),
  );
  const body = h("tbody");
  for (const row of sortRows(view.rows, view.sort, view.lang)) {
    const open = h("button", { type: "button", class: "open" }, row.name);
    const tr = h(
      "tr",
      {
        "data-ubigeo": row.ubigeo,
        class: row.ubigeo === view.selected ? "selected" : undefined,
        "aria-current": row.ubigeo === view.selected ? "true" : undefined,
      },
      h("th", { scope: "row" }, open),
    );
    for (const indicator of INDICATORS) {
      const value = indicator.read(row);
      const reason = value === undefined ? view.missing(row.ubigeo, indicator) : undefined;
      const text =
        value === undefined || value === null ? "—" : formatNumber(value, indicator.kind, view.lang);
      // Synthetic figures carry a mark drawn by the style sheet (`*`), explained by the banner and the title.
      const synthetic = value !== undefined && value !== null && syntheticFigure(row, indicator);
      tr.append(
        h(
          "td",
          {
            class: ["num", reason, synthetic ? "synthetic" : undefined].filter(Boolean).join(" "),
            "data-indicator": indicator.id,
            "data-value": value === undefined || value === null ? "" : String(value),
            "data-synthetic": synthetic ? "true" : undefined,
            title:
              reason === "forbidden"
                ? t.hiddenNote
                : reason
                  ? t.unavailableNote
                  : synthetic
                    ? t.syntheticNote
                    : undefined,
          },
          text,
        ),
      );
    }
    // The button answers the keyboard (Enter, Space) with a click, which reaches the row's listener.
    tr.addEventListener("click", () => view.onSelect(row.ubigeo));
    body.append(tr);
  }
  container.replaceChildren(h("table", { class: "regions" }, h("thead", {}, head), body));
}

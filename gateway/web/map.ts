import { s } from "./dom.ts";
import { formatNumber } from "./format.ts";
import { STRINGS, type Lang } from "./i18n.ts";
import { numeric, type Indicator } from "./indicators.ts";
import type { Point } from "../operations/districts-query.ts";
import type { RegionRow } from "../operations/regions-query.ts";

/** Peru's extent in degrees, with a margin: the map's frame. */
const WEST = -81.6;
const EAST = -68.4;
const NORTH = 0.4;
const SOUTH = -18.6;
/** Pixels per degree of latitude. */
const SCALE = 32;
/** Equirectangular projection around Peru's middle latitude: a degree of longitude is cos(φ) of one of latitude. */
const LONGITUDE_FACTOR = Math.cos((((NORTH + SOUTH) / 2) * Math.PI) / 180);
const LEGEND_HEIGHT = 56;
const WIDTH = Math.round((EAST - WEST) * LONGITUDE_FACTOR * SCALE);
const HEIGHT = Math.round((NORTH - SOUTH) * SCALE) + LEGEND_HEIGHT;

/** Where a point falls on the map, in SVG units. */
export function project(latitude: number, longitude: number): { x: number; y: number } {
  return { x: (longitude - WEST) * LONGITUDE_FACTOR * SCALE, y: (NORTH - latitude) * SCALE };
}

/** A sequential palette (ColorBrewer YlOrRd): light for low values, dark red for high ones. */
const PALETTE = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];
const NO_DATA = "#c8c8c8";

function hex(colour: string): [number, number, number] {
  const n = parseInt(colour.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The palette's colour at `t` in [0, 1], interpolated between its stops. */
export function colourAt(t: number): string {
  const position = Math.min(Math.max(t, 0), 1) * (PALETTE.length - 1);
  const i = Math.min(Math.floor(position), PALETTE.length - 2);
  const a = hex(PALETTE[i] ?? "#000000");
  const b = hex(PALETTE[i + 1] ?? "#000000");
  const f = position - i;
  const mixed = a.map((c, k) => Math.round(c + ((b[k] ?? 0) - c) * f));
  return `rgb(${mixed.join(", ")})`;
}

/** What the map needs to draw itself. */
export interface MapView {
  rows: RegionRow[];
  indicator: Indicator;
  lang: Lang;
  selected: string | null;
  /** The district capitals drawn as the country's backdrop (empty until they arrive). */
  districts: Point[];
  onSelect(ubigeo: string): void;
}

/**
 * Draws the departments as circles at their capitals, sized and coloured by the chosen indicator (area grows
 * with the value, from the smallest to the largest department), with a legend; grey and small where there is no
 * value. Replaces whatever `container` held.
 */
export function renderMap(container: Element, view: MapView): void {
  const t = STRINGS[view.lang];
  const values = view.rows.map((row) => numeric(view.indicator.read(row)));
  const present = values.filter((v): v is number => v !== null);
  const min = present.length ? Math.min(...present) : 0;
  const max = present.length ? Math.max(...present) : 0;
  const scale = (v: number) => (max > min ? (v - min) / (max - min) : 1);
  const svg = s("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: "img",
    "aria-label": t.mapTitle,
    class: "map",
  });
  svg.append(s("rect", { x: 0, y: 0, width: WIDTH, height: HEIGHT - LEGEND_HEIGHT, class: "sea" }));
  if (view.districts.length) {
    // One path of zero-length segments with round caps: a dot per district capital, in a single element.
    const d = view.districts
      .map((p) => {
        const { x, y } = project(p.latitude, p.longitude);
        return `M${x.toFixed(1)} ${y.toFixed(1)}h0`;
      })
      .join("");
    svg.append(s("path", { d, class: "districts" }));
  }
  // Largest circles first, so that small ones stay clickable on top of them.
  const order = view.rows.map((row, i) => ({ row, value: values[i] ?? null }));
  order.sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
  for (const { row, value } of order) {
    const { x, y } = project(row.capital.latitude, row.capital.longitude);
    const radius = value === null ? 4 : 5 + 17 * Math.sqrt(scale(value));
    const shown = value === null ? t.noData : formatNumber(value, view.indicator.kind, view.lang);
    const marker = s(
      "g",
      {
        class: row.ubigeo === view.selected ? "marker selected" : "marker",
        "data-ubigeo": row.ubigeo,
        "data-value": value === null ? "" : String(view.indicator.read(row)),
        tabindex: 0,
        role: "button",
        "aria-label": `${row.name}: ${shown}`,
      },
      s("title", {}, `${row.name} (${row.capital.name}): ${shown}`),
      s("circle", {
        cx: x.toFixed(1),
        cy: y.toFixed(1),
        r: radius.toFixed(1),
        fill: value === null ? NO_DATA : colourAt(scale(value)),
      }),
      // Labels go to the right of the circle, or to its left near the eastern edge (Madre de Dios, Puno).
      x + radius + 70 > WIDTH
        ? s(
            "text",
            { x: (x - radius - 2).toFixed(1), y: (y + 3).toFixed(1), "text-anchor": "end", class: "label" },
            row.name,
          )
        : s("text", { x: (x + radius + 2).toFixed(1), y: (y + 3).toFixed(1), class: "label" }, row.name),
    );
    marker.addEventListener("click", () => view.onSelect(row.ubigeo));
    marker.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") view.onSelect(row.ubigeo);
    });
    svg.append(marker);
  }
  svg.append(legend(view, min, max, present.length > 0));
  container.replaceChildren(svg);
}

function legend(view: MapView, min: number, max: number, any: boolean): SVGGElement {
  const t = STRINGS[view.lang];
  const top = HEIGHT - LEGEND_HEIGHT + 10;
  const width = 160;
  const gradient = s("linearGradient", { id: "legend-gradient" });
  PALETTE.forEach((colour, i) =>
    gradient.append(s("stop", { offset: `${(i / (PALETTE.length - 1)) * 100}%`, "stop-color": colour })),
  );
  const format = (v: number) => formatNumber(v, view.indicator.kind, view.lang);
  return s(
    "g",
    { class: "legend" },
    s("defs", {}, gradient),
    s("text", { x: 10, y: top, class: "legend-title" }, t[view.indicator.label]),
    s("rect", { x: 10, y: top + 6, width, height: 10, fill: "url(#legend-gradient)" }),
    s("text", { x: 10, y: top + 30, class: "legend-min" }, any ? format(min) : "—"),
    s(
      "text",
      { x: 10 + width, y: top + 30, "text-anchor": "end", class: "legend-max" },
      any ? format(max) : "—",
    ),
    s("circle", { cx: width + 30, cy: top + 11, r: 5, fill: NO_DATA }),
    s("text", { x: width + 40, y: top + 15 }, t.noData),
  );
}

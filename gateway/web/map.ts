import type { MultiPolygon, Polygon, Position } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { h, s } from "./dom.ts";
import { formatNumber } from "./format.ts";
import { STRINGS, type Lang } from "./i18n.ts";
import { numeric, type Indicator } from "./indicators.ts";
import type { Level } from "./url-state.ts";
import type { RegionRow } from "../operations/regions-query.ts";

/** Polygons by UBIGEO code, in longitude/latitude degrees. */
export type Shapes = ReadonlyMap<string, Polygon | MultiPolygon>;

/** Where the gateway serves the boundary files (packages/kit/data/boundaries/web/, see its README). */
const BOUNDARIES = "/dashboard/boundaries/";

/** One boundary file: the polygons it holds, and the names it gives (departments' and provinces' files only). */
export interface Boundaries {
  shapes: Shapes;
  names: ReadonlyMap<string, string>;
}

const loaded = new Map<string, Promise<Boundaries>>();

/**
 * The file holding the polygons of `level` under `parent`: all departments, or the provinces or the districts of
 * one department (each a file of its own, fetched only when the department is opened).
 */
export function boundariesFile(level: Level, parent: string | null): string {
  if (level === "DEPARTMENT") return "departments.json";
  const department = (parent ?? "").slice(0, 2);
  return level === "PROVINCE" ? `provinces-${department}.json` : `districts-${department}.json`;
}

/** The polygons and names in one boundary file, fetched once per page (a failed fetch is tried again later). */
export function loadBoundaries(file: string): Promise<Boundaries> {
  let boundaries = loaded.get(file);
  if (!boundaries) {
    boundaries = fetch(`${BOUNDARIES}${file}`).then(async (response) => {
      if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
      const topology = (await response.json()) as Topology<{
        regions: GeometryCollection<{ name?: string }>;
      }>;
      const collection = feature(topology, topology.objects.regions);
      const shapes = new Map<string, Polygon | MultiPolygon>();
      const names = new Map<string, string>();
      for (const item of collection.features) {
        if (item.id === undefined) continue;
        const geometry = item.geometry as Polygon | MultiPolygon | null;
        if (geometry) shapes.set(String(item.id), geometry);
        if (item.properties?.name) names.set(String(item.id), item.properties.name);
      }
      return { shapes, names };
    });
    boundaries.catch(() => loaded.delete(file));
    loaded.set(file, boundaries);
  }
  return boundaries;
}

/** A sequential palette, ColorBrewer's YlOrRd (colour-blind safe): light for low values, dark red for high. */
const PALETTE = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"] as const;
/** At most this many value classes (one per palette colour). */
const CLASSES = PALETTE.length;
/** The SVG's width in its own units; its height follows the shape drawn. */
const WIDTH = 600;
const MAX_HEIGHT = 820;
const PADDING = 8;

/** A value class: the lowest and highest value of the regions in it, and its colour. */
export interface ValueClass {
  min: number;
  max: number;
  colour: string;
}

/**
 * Splits the values into at most five classes of about as many regions each (quantiles; equal values always in
 * the same class), each labelled by the lowest and highest value it holds, and coloured from light to dark.
 * Returns the classes and, for each value, the index of its class.
 */
export function classify(values: number[]): { classes: ValueClass[]; classOf(value: number): number } {
  const sorted = [...values].sort((a, b) => a - b);
  const groups: { rank: number; min: number; max: number }[] = [];
  const index = new Map<number, number>();
  sorted.forEach((value, i) => {
    if (index.has(value)) return;
    // A value's quantile rank is its first position's; ranks no value starts are left out (no empty class).
    const rank = Math.min(CLASSES - 1, Math.floor((i * CLASSES) / sorted.length));
    const last = groups[groups.length - 1];
    if (last && last.rank === rank) last.max = value;
    else groups.push({ rank, min: value, max: value });
    index.set(value, groups.length - 1);
  });
  const count = groups.length;
  const classes = groups.map(({ min, max }, i) => ({
    min,
    max,
    colour: PALETTE[count === 1 ? 2 : Math.round((i * (CLASSES - 1)) / (count - 1))] ?? PALETTE[2],
  }));
  return { classes, classOf: (value) => index.get(value) ?? 0 };
}

/** One step of the path from Peru down to the level shown, for the buttons that go back up. */
export interface TrailStep {
  /** The region, or null for Peru as a whole. */
  ubigeo: string | null;
  name: string;
}

/** What the map needs to draw itself. */
export interface MapView {
  /** The regions listed: their figures colour the map. */
  rows: RegionRow[];
  /** Peru, then the department and the province opened (the last is where the map is). */
  trail: TrailStep[];
  /** The polygons of the level's regions (the file may hold more: only the rows' are drawn). */
  shapes: Shapes;
  /** The departments, drawn grey around a department or province opened; null at the departments' level. */
  context: Shapes | null;
  indicator: Indicator;
  lang: Lang;
  selected: string | null;
  /** Opens a region of the map (a click, a tap, or Enter on it). */
  onSelect(ubigeo: string): void;
  /** Goes back up to a step of the trail (null: Peru). */
  onOpen(ubigeo: string | null): void;
}

/** An equirectangular projection fitted to a box of degrees, in SVG units `WIDTH` wide. */
function projection(box: [number, number, number, number]): {
  point(position: Position): [number, number];
  height: number;
} {
  const [west, south, east, north] = box;
  const factor = Math.cos((((north + south) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * factor, 1e-6);
  const spanY = Math.max(north - south, 1e-6);
  const scale = Math.min((WIDTH - 2 * PADDING) / spanX, (MAX_HEIGHT - 2 * PADDING) / spanY);
  const offsetX = (WIDTH - spanX * scale) / 2;
  return {
    point: ([lon = 0, lat = 0]) => [offsetX + (lon - west) * factor * scale, PADDING + (north - lat) * scale],
    height: Math.ceil(spanY * scale + 2 * PADDING),
  };
}

function polygonsOf(shape: Polygon | MultiPolygon): Position[][][] {
  return shape.type === "Polygon" ? [shape.coordinates] : shape.coordinates;
}

function boxOf(shapes: (Polygon | MultiPolygon)[]): [number, number, number, number] {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const shape of shapes) {
    for (const polygon of polygonsOf(shape)) {
      for (const [lon = 0, lat = 0] of polygon[0] ?? []) {
        west = Math.min(west, lon);
        east = Math.max(east, lon);
        south = Math.min(south, lat);
        north = Math.max(north, lat);
      }
    }
  }
  return Number.isFinite(west) ? [west, south, east, north] : [-81.4, -18.4, -68.6, 0.1];
}

function pathOf(shape: Polygon | MultiPolygon, point: (p: Position) => [number, number]): string {
  let d = "";
  for (const polygon of polygonsOf(shape)) {
    for (const ring of polygon) {
      ring.forEach((position, i) => {
        const [x, y] = point(position);
        d += `${i === 0 ? "M" : "L"}${x.toFixed(1)} ${y.toFixed(1)}`;
      });
      d += "Z";
    }
  }
  return d;
}

/** Where a region sits, for the arrow keys: the middle of its outer rings' box, in SVG units. */
function middleOf(shape: Polygon | MultiPolygon, point: (p: Position) => [number, number]): [number, number] {
  const [west, south, east, north] = boxOf([shape]);
  const [x1, y1] = point([west, north]);
  const [x2, y2] = point([east, south]);
  return [(x1 + x2) / 2, (y1 + y2) / 2];
}

const ARROWS: Record<string, [number, number]> = {
  ArrowRight: [1, 0],
  ArrowLeft: [-1, 0],
  ArrowDown: [0, 1],
  ArrowUp: [0, -1],
};

/** The region nearest `from` in the arrow's direction (within 60° of it), or null at the edge. */
function nextInDirection<T extends { at: [number, number] }>(from: T, all: T[], [dx, dy]: [number, number]) {
  let best: T | null = null;
  let bestCost = Infinity;
  for (const other of all) {
    if (other === from) continue;
    const vx = other.at[0] - from.at[0];
    const vy = other.at[1] - from.at[1];
    const along = vx * dx + vy * dy;
    const across = Math.abs(vx * dy - vy * dx);
    if (along <= 0 || across > along * 1.8) continue;
    const cost = along + 2 * across;
    if (cost < bestCost) {
      bestCost = cost;
      best = other;
    }
  }
  return best;
}

/**
 * Draws the regions listed as a choropleth of the chosen indicator, the way back up (Peru, the department), the
 * legend of value classes ("sin dato" hatched) and the caption with the boundaries' credit and the regions that
 * have no polygon in them. Every region is a button named with its value: one of them is in the tab order, and
 * the arrow keys move to the nearest region in their direction, Enter opens it, Escape goes back up.
 */
export function renderMap(container: Element, view: MapView): void {
  const t = STRINGS[view.lang];
  const drawn = view.rows.filter((row) => view.shapes.has(row.ubigeo));
  const missing = view.rows.filter((row) => !view.shapes.has(row.ubigeo));
  const values = new Map(view.rows.map((row) => [row.ubigeo, numeric(view.indicator.read(row))]));
  const present = [...values.values()].filter((v): v is number => v !== null);
  const { classes, classOf } = classify(present);
  const shapes = drawn.map((row) => view.shapes.get(row.ubigeo) as Polygon | MultiPolygon);
  const { point, height } = projection(boxOf(shapes));
  const format = (value: number) => formatNumber(value, view.indicator.kind, view.lang);
  const shown = (ubigeo: string) => {
    const value = values.get(ubigeo) ?? null;
    return value === null ? t.noData : format(value);
  };

  const svg = s("svg", {
    viewBox: `0 0 ${WIDTH} ${height}`,
    class: "map",
    role: "group",
    "aria-label": `${t.mapRegionsLabel} ${view.trail[view.trail.length - 1]?.name ?? ""}`,
    "aria-describedby": "map-help",
  });
  svg.append(
    s(
      "defs",
      {},
      s(
        "pattern",
        {
          id: "no-data-hatch",
          patternUnits: "userSpaceOnUse",
          width: 6,
          height: 6,
          patternTransform: "rotate(45)",
        },
        s("rect", { width: 6, height: 6, fill: "#f2f2f2" }),
        s("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#8c8c8c", "stroke-width": 2 }),
      ),
    ),
  );
  if (view.context) {
    const around = [...view.context.values()].map((shape) => pathOf(shape, point)).join("");
    svg.append(s("path", { d: around, class: "context", "aria-hidden": "true" }));
  }
  const readout = h("p", { class: "map-readout", "aria-hidden": "true" }, t.mapReadoutHint);
  const regions: { element: SVGPathElement; ubigeo: string; at: [number, number] }[] = [];
  // The focused region's outline, drawn over its neighbours: black on a white halo, seen on any class's colour.
  const focusHalo = s("path", { class: "focus-halo", d: "" });
  const focusRing = s("path", { class: "focus-ring", d: "" });
  let selectedRing: SVGPathElement | null = null;
  const tabStop = drawn.some((row) => row.ubigeo === view.selected) ? view.selected : drawn[0]?.ubigeo;
  drawn.forEach((row, i) => {
    const shape = shapes[i] as Polygon | MultiPolygon;
    const value = values.get(row.ubigeo) ?? null;
    const label = `${row.name}: ${shown(row.ubigeo)}`;
    const d = pathOf(shape, point);
    const element = s(
      "path",
      {
        d,
        class: "region",
        fill: value === null ? "url(#no-data-hatch)" : (classes[classOf(value)]?.colour ?? PALETTE[2]),
        "data-ubigeo": row.ubigeo,
        "data-value": value === null ? "" : String(view.indicator.read(row)),
        role: "button",
        tabindex: row.ubigeo === tabStop ? 0 : -1,
        "aria-label": label,
      },
      s("title", {}, label),
    );
    const describe = () => {
      readout.textContent = `${row.name} — ${t[view.indicator.label]}: ${shown(row.ubigeo)}`;
    };
    element.addEventListener("click", () => view.onSelect(row.ubigeo));
    element.addEventListener("mouseenter", describe);
    element.addEventListener("focus", () => {
      describe();
      focusHalo.setAttribute("d", d);
      focusRing.setAttribute("d", d);
    });
    element.addEventListener("blur", () => {
      focusHalo.setAttribute("d", "");
      focusRing.setAttribute("d", "");
    });
    if (row.ubigeo === view.selected) selectedRing = s("path", { class: "selected-ring", d });
    regions.push({ element, ubigeo: row.ubigeo, at: middleOf(shape, point) });
    svg.append(element);
  });
  if (selectedRing) svg.append(selectedRing);
  svg.append(focusHalo, focusRing);
  svg.addEventListener("keydown", (event) => {
    const current = regions.find((region) => region.element === event.target);
    if (!current) return;
    const arrow = ARROWS[event.key];
    let next: (typeof regions)[number] | null | undefined;
    if (arrow) next = nextInDirection(current, regions, arrow);
    else if (event.key === "Home") next = regions[0];
    else if (event.key === "End") next = regions[regions.length - 1];
    else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      view.onSelect(current.ubigeo);
      return;
    } else if (event.key === "Escape" && view.trail.length > 1) {
      event.preventDefault();
      view.onOpen(view.trail[view.trail.length - 2]?.ubigeo ?? null);
      return;
    } else return;
    event.preventDefault();
    if (!next) return;
    current.element.setAttribute("tabindex", "-1");
    next.element.setAttribute("tabindex", "0");
    next.element.focus();
  });

  container.replaceChildren(
    trail(view),
    svg,
    readout,
    h("p", { id: "map-help", class: "note" }, t.mapKeys),
    legend(view, classes, present.length < values.size),
    caption(view, missing),
  );
}

/** The way back up: Peru, then the department opened; the last step (where the map is) is not a button. */
function trail(view: MapView): HTMLElement {
  const t = STRINGS[view.lang];
  const list = h("ol");
  view.trail.forEach((step, i) => {
    if (i === view.trail.length - 1) {
      list.append(h("li", { "aria-current": "location" }, step.name));
      return;
    }
    const button = h("button", { type: "button", "data-trail": step.ubigeo ?? "00" }, step.name);
    button.addEventListener("click", () => view.onOpen(step.ubigeo));
    list.append(h("li", {}, button));
  });
  return h("nav", { class: "map-trail", "aria-label": t.mapTrail }, list);
}

/** The value classes, each a swatch and its range in text, and "sin dato" hatched when any region has none. */
function legend(view: MapView, classes: ValueClass[], anyMissing: boolean): HTMLElement {
  const t = STRINGS[view.lang];
  const format = (value: number) => formatNumber(value, view.indicator.kind, view.lang);
  const swatch = (fill: string) =>
    s(
      "svg",
      { viewBox: "0 0 16 12", width: 16, height: 12, "aria-hidden": "true" },
      s("rect", { x: 0.5, y: 0.5, width: 15, height: 11, fill, stroke: "#666", "stroke-width": 1 }),
    );
  const list = h("ul");
  for (const item of classes) {
    const range = item.min === item.max ? format(item.min) : `${format(item.min)} – ${format(item.max)}`;
    list.append(h("li", {}, swatch(item.colour), range));
  }
  if (anyMissing || !classes.length) list.append(h("li", {}, swatch("url(#no-data-hatch)"), t.noData));
  return h("div", { class: "map-legend" }, h("p", { class: "legend-title" }, t[view.indicator.label]), list);
}

/** The boundaries' credit and licence, and the regions listed that have no polygon in them (still in the table). */
function caption(view: MapView, missing: RegionRow[]): HTMLElement {
  const t = STRINGS[view.lang];
  const out = h(
    "div",
    { class: "map-caption note" },
    h(
      "p",
      {},
      `${t.mapCredit} `,
      h("a", { href: "https://github.com/juaneladio/peru-geojson" }, "juaneladio/peru-geojson"),
      ` (${t.mapLicence} `,
      h("a", { href: "https://www.mozilla.org/en-US/MPL/2.0/" }, "MPL-2.0"),
      ").",
    ),
  );
  if (missing.length) {
    out.append(
      h(
        "p",
        { class: "map-missing", "data-missing": missing.map((row) => row.ubigeo).join(" ") },
        `${t.mapMissing.replace("{count}", String(missing.length))} ${missing.map((row) => row.name).join(", ")}.`,
      ),
    );
  }
  return out;
}

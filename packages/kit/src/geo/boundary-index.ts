import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import type { MultiPolygon, Polygon } from "geojson";

/** One polygon of the index: its code and its geometry's bounding box. */
export interface Boundary {
  code: string;
  name: string;
  geometry: Polygon | MultiPolygon;
  /** [west, south, east, north]. */
  bbox: [number, number, number, number];
}

/** Grid cell size in degrees: about 55 km, so a cell holds a handful of districts' boxes. */
const CELL = 0.5;

function cellKey(x: number, y: number): string {
  return `${x}|${y}`;
}

function bboxOf(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    // The outer ring bounds the polygon; holes lie inside it.
    for (const [lon, lat] of polygon[0] ?? []) {
      if (lon === undefined || lat === undefined) continue;
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  }
  return [west, south, east, north];
}

/**
 * Polygons indexed by a grid of their bounding boxes: a point is tested only against the few polygons whose box
 * covers its cell and the point, never against all of them.
 */
export class BoundaryIndex {
  readonly #grid = new Map<string, Boundary[]>();
  readonly size: number;

  constructor(polygons: Iterable<{ code: string; name: string; geometry: Polygon | MultiPolygon }>) {
    let size = 0;
    for (const polygon of polygons) {
      const boundary: Boundary = { ...polygon, bbox: bboxOf(polygon.geometry) };
      const [west, south, east, north] = boundary.bbox;
      for (let x = Math.floor(west / CELL); x <= Math.floor(east / CELL); x++) {
        for (let y = Math.floor(south / CELL); y <= Math.floor(north / CELL); y++) {
          const cell = this.#grid.get(cellKey(x, y)) ?? [];
          cell.push(boundary);
          this.#grid.set(cellKey(x, y), cell);
        }
      }
      size++;
    }
    this.size = size;
  }

  /** The polygons whose box covers the point: the only candidates {@link containing} tests. */
  candidates(longitude: number, latitude: number): Boundary[] {
    const cell = this.#grid.get(cellKey(Math.floor(longitude / CELL), Math.floor(latitude / CELL))) ?? [];
    return cell.filter(
      ({ bbox: [west, south, east, north] }) =>
        longitude >= west && longitude <= east && latitude >= south && latitude <= north,
    );
  }

  /** The polygon containing the point (on a shared edge, the first in code order), or undefined. */
  containing(longitude: number, latitude: number): Boundary | undefined {
    return this.candidates(longitude, latitude).find((b) =>
      booleanPointInPolygon([longitude, latitude], b.geometry),
    );
  }
}

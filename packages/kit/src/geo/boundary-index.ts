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

/** Metres in a degree of latitude (or of longitude at the equator) on the mean Earth sphere. */
const METRES_PER_DEGREE = (6_371_008.8 * Math.PI) / 180;

/** Distance in degrees of latitude from a point to the nearest edge of a geometry, longitudes scaled by `k`. */
function distanceToEdges(
  longitude: number,
  latitude: number,
  geometry: Polygon | MultiPolygon,
  k: number,
): number {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let min = Infinity;
  for (const ring of polygons.flat()) {
    for (let i = 1; i < ring.length; i++) {
      const [ax = 0, ay = 0] = ring[i - 1] ?? [];
      const [bx = 0, by = 0] = ring[i] ?? [];
      const x0 = (ax - longitude) * k;
      const y0 = ay - latitude;
      const dx = (bx - ax) * k;
      const dy = by - ay;
      const length = dx * dx + dy * dy;
      const t = length === 0 ? 0 : Math.max(0, Math.min(1, -(x0 * dx + y0 * dy) / length));
      min = Math.min(min, Math.hypot(x0 + t * dx, y0 + t * dy));
    }
  }
  return min;
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

  /** The polygon containing the point (where polygons overlap, the first given), or undefined. */
  containing(longitude: number, latitude: number): Boundary | undefined {
    return this.candidates(longitude, latitude).find((b) =>
      booleanPointInPolygon([longitude, latitude], b.geometry),
    );
  }

  /**
   * The polygon whose edge is nearest the point, if within `metres` of it, with that distance (on the sphere's
   * local plane: exact enough over a few kilometres). For a point in no polygon, near the simplified coast or
   * frontier.
   */
  nearest(
    longitude: number,
    latitude: number,
    metres: number,
  ): { boundary: Boundary; metres: number } | undefined {
    const dLat = metres / METRES_PER_DEGREE;
    const k = Math.cos((latitude * Math.PI) / 180);
    const dLon = dLat / k;
    const seen = new Set<Boundary>();
    let best: { boundary: Boundary; metres: number } | undefined;
    for (let x = Math.floor((longitude - dLon) / CELL); x <= Math.floor((longitude + dLon) / CELL); x++) {
      for (let y = Math.floor((latitude - dLat) / CELL); y <= Math.floor((latitude + dLat) / CELL); y++) {
        for (const boundary of this.#grid.get(cellKey(x, y)) ?? []) {
          if (seen.has(boundary)) continue;
          seen.add(boundary);
          const [west, south, east, north] = boundary.bbox;
          if (
            longitude < west - dLon ||
            longitude > east + dLon ||
            latitude < south - dLat ||
            latitude > north + dLat
          )
            continue;
          const d = distanceToEdges(longitude, latitude, boundary.geometry, k) * METRES_PER_DEGREE;
          if (d <= metres && (!best || d < best.metres)) best = { boundary, metres: d };
        }
      }
    }
    return best;
  }
}

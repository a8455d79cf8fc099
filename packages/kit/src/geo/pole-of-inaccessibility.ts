import type { Position } from "geojson";

/** Polygons as GeoJSON writes them: each an outer ring then its holes, positions [longitude, latitude]. */
type Polygons = readonly (readonly (readonly Position[])[])[];

interface Cell {
  x: number;
  y: number;
  half: number;
  /** Signed distance from the cell's centre to the nearest edge (negative outside). */
  d: number;
  /** The most any point of the cell can be from an edge. */
  max: number;
}

function segmentDistanceSquared(px: number, py: number, a: Position, b: Position, k: number): number {
  const ax = (a[0] ?? 0) * k;
  const ay = a[1] ?? 0;
  let x = ax;
  let y = ay;
  let dx = (b[0] ?? 0) * k - x;
  let dy = (b[1] ?? 0) - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x += dx;
      y += dy;
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}

/** Whether a point (scaled) is inside the polygons by the even-odd rule, and its distance to their edges. */
function measure(px: number, py: number, polygons: Polygons, k: number): { inside: boolean; d: number } {
  let inside = false;
  let min = Infinity;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const a = ring[i] as Position;
        const b = ring[j] as Position;
        const [ax = 0, ay = 0] = a;
        const [bx = 0, by = 0] = b;
        if (ay > py !== by > py && px < ((bx - ax) * k * (py - ay)) / (by - ay) + ax * k) inside = !inside;
        min = Math.min(min, segmentDistanceSquared(px, py, a, b, k));
      }
    }
  }
  return { inside, d: Math.sqrt(min) };
}

/** Signed distance (in scaled degrees) to the edges of the region `polygons` minus `avoid`: positive inside. */
function signedDistance(px: number, py: number, polygons: Polygons, avoid: Polygons, k: number): number {
  const own = measure(px, py, polygons, k);
  if (avoid.length === 0) return own.inside ? own.d : -own.d;
  const other = measure(px, py, avoid, k);
  const d = Math.min(own.d, other.d);
  return own.inside && !other.inside ? d : -d;
}

/**
 * The pole of inaccessibility of one or more polygons: the interior point farthest from every edge, found to
 * within `precision` degrees by Mapbox's polylabel search (a grid of cells refined where a farther point may
 * lie), outside the `avoid` polygons (that a lookup tests first). Longitudes are scaled by the cosine of the latitude so that "farthest" is measured on the ground. Unlike
 * a centroid, the point always lies inside, away from the edges a simplification moves.
 */
export function poleOfInaccessibility(polygons: Polygons, avoid: Polygons = [], precision = 1e-4): Position {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const polygon of polygons) {
    for (const [lon = NaN, lat = NaN] of polygon[0] ?? []) {
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  }
  const k = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const minX = west * k;
  const maxX = east * k;
  const size = Math.max(maxX - minX, north - south);
  const cell = (x: number, y: number, half: number): Cell => {
    const d = signedDistance(x, y, polygons, avoid, k);
    return { x, y, half, d, max: d + half * Math.SQRT2 };
  };
  const queue: Cell[] = [];
  let half = size / 2;
  for (let x = minX; x < maxX; x += size) {
    for (let y = south; y < north; y += size) queue.push(cell(x + half, y + half, half));
  }
  // Start from the box's centre, then keep the best cell found.
  let best = cell((minX + maxX) / 2, (south + north) / 2, 0);
  while (queue.length > 0) {
    queue.sort((a, b) => a.max - b.max);
    const c = queue.pop() as Cell;
    if (c.d > best.d) best = c;
    if (c.max - best.d <= precision * k) continue;
    half = c.half / 2;
    queue.push(
      cell(c.x - half, c.y - half, half),
      cell(c.x + half, c.y - half, half),
      cell(c.x - half, c.y + half, half),
      cell(c.x + half, c.y + half, half),
    );
  }
  return [best.x / k, best.y];
}

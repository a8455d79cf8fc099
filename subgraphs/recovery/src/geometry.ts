/** Peru's bounding box (WGS84), with a small margin: coordinates outside it are a typo, not a place. */
export const PERU = {
  minLatitude: -18.5,
  maxLatitude: 0.1,
  minLongitude: -81.5,
  maxLongitude: -68.5,
} as const;

/** The largest outline accepted, in positions: enough for a detailed polygon, small enough to store. */
const MAX_POSITIONS = 20_000;

type Position = number[];
/** An RFC 7946 Polygon or MultiPolygon, as stored (other GeoJSON members are dropped). */
export type AreaGeometry =
  { type: "Polygon"; coordinates: Position[][] } | { type: "MultiPolygon"; coordinates: Position[][][] };

/** True when a WGS84 point lies within Peru's bounding box. */
export function insidePeru(latitude: number, longitude: number): boolean {
  return (
    latitude >= PERU.minLatitude &&
    latitude <= PERU.maxLatitude &&
    longitude >= PERU.minLongitude &&
    longitude <= PERU.maxLongitude
  );
}

class GeometryProblem extends Error {}

function fail(message: string): never {
  throw new GeometryProblem(message);
}

function position(value: unknown, where: string): Position {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) {
    fail(`${where} must be a position [longitude, latitude]`);
  }
  if (!value.every((n) => typeof n === "number" && Number.isFinite(n))) {
    fail(`${where} must hold numbers only`);
  }
  const [longitude, latitude] = value as [number, number];
  if (!insidePeru(latitude, longitude)) {
    fail(`${where} (${longitude}, ${latitude}) is outside Peru (positions are [longitude, latitude])`);
  }
  return value as Position;
}

function ring(value: unknown, where: string, counter: { n: number }): Position[] {
  if (!Array.isArray(value) || value.length < 4) fail(`${where} must be a ring of at least 4 positions`);
  counter.n += value.length;
  if (counter.n > MAX_POSITIONS) fail(`the outline has more than ${MAX_POSITIONS} positions`);
  const positions = value.map((p, i) => position(p, `${where}[${i}]`));
  const first = positions[0] as Position;
  const last = positions[positions.length - 1] as Position;
  if (first[0] !== last[0] || first[1] !== last[1]) fail(`${where} must end where it starts (a closed ring)`);
  return positions;
}

function polygon(value: unknown, where: string, counter: { n: number }): Position[][] {
  if (!Array.isArray(value) || value.length < 1) fail(`${where} must be a list of rings`);
  return value.map((r, i) => ring(r, `${where}[${i}]`, counter));
}

/**
 * Parses GeoJSON text into a Polygon or MultiPolygon with every position inside Peru's bounding box and every
 * ring closed; anything else is a problem, described for the client.
 */
export function parseGeometry(text: string): { geometry: AreaGeometry } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return { problem: "must be GeoJSON text (valid JSON)" };
  }
  try {
    if (typeof value !== "object" || value === null) fail("must be a GeoJSON geometry object");
    const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
    const counter = { n: 0 };
    if (type === "Polygon") {
      return { geometry: { type, coordinates: polygon(coordinates, "coordinates", counter) } };
    }
    if (type === "MultiPolygon") {
      if (!Array.isArray(coordinates) || coordinates.length < 1)
        fail("coordinates must be a list of polygons");
      return {
        geometry: {
          type,
          coordinates: coordinates.map((p, i) => polygon(p, `coordinates[${i}]`, counter)),
        },
      };
    }
    return { problem: `must be a Polygon or a MultiPolygon, not ${JSON.stringify(type)}` };
  } catch (error) {
    if (error instanceof GeometryProblem) return { problem: error.message };
    throw error;
  }
}

/** The mean of the first outer ring's vertices (its closing position counted once): a point for maps. */
export function representativePoint(geometry: AreaGeometry): { latitude: number; longitude: number } {
  const outer = geometry.type === "Polygon" ? geometry.coordinates[0] : geometry.coordinates[0]?.[0];
  const vertices = (outer ?? []).slice(0, -1);
  let latitude = 0;
  let longitude = 0;
  for (const [lon = 0, lat = 0] of vertices) {
    latitude += lat;
    longitude += lon;
  }
  const n = Math.max(1, vertices.length);
  return { latitude: round6(latitude / n), longitude: round6(longitude / n) };
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

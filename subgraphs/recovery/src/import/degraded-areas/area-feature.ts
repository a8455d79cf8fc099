import { locateDistrict, type DistrictLocation } from "@tinkuy/kit";
import { area } from "@turf/area";
import { kinks } from "@turf/kinks";
import { pointOnFeature } from "@turf/point-on-feature";
import type { MultiPolygon, Polygon, Position } from "geojson";
import type { AreaGeometry } from "../../geometry.ts";
import { CAUSES, type DegradationCause } from "../../vocabulary.ts";
import { AREA_ID } from "../../inputs.ts";

/** Where a feature's detection date is: an ISO date property (default `detected_on`) or a year property. */
export type DateRule = { dateProperty: string } | { yearProperty: string };

/** A feature that passed every check: the area's fields as the import stores them. */
export interface AreaFeature {
  id: string;
  name: string | null;
  cause: DegradationCause;
  detectedOn: Date;
  geometry: AreaGeometry;
  /** Degraded surface in whole ares (1 ha = 100 a), from the area on the sphere. */
  ares: number;
  /** The representative point (on the surface), as stored. */
  latitude: number;
  longitude: number;
  /** Where that point lies: the district, and whether the 2007 boundaries say so exactly. */
  location: Extract<DistrictLocation, { inPeru: true }>;
}

/** One problem with a feature: the property or member at fault and why. */
export interface FeatureProblem {
  field: string;
  reason: string;
}

type Json = Record<string, unknown>;

/** The register's own codes (`registerDegradedArea` hands them out): a source's id may not take one. */
const REGISTER_CODE = /^DA-\d{7}$/;
/** What a source's id may be: short, printable, usable in a URL and a CSV cell. */
const SOURCE_ID = AREA_ID;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The feature's id (the member, or an `id` property), as text; undefined when it has none. */
export function featureId(feature: unknown): string | undefined {
  if (!isObject(feature)) return undefined;
  const properties = isObject(feature.properties) ? feature.properties : {};
  const raw = feature.id ?? properties.id;
  if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
  if (typeof raw === "string" && raw.trim()) return raw.trim();
  return undefined;
}

/**
 * Checks one ring: positions of two or three finite numbers, at least four of them, ending where it starts.
 * RFC 7946 §3.1.6: "the first and last positions are equivalent"; a ring that is not closed is refused rather
 * than closed for the source, since a missing last position may as well be a truncated file.
 */
function ringProblem(ring: unknown, where: string): string | undefined {
  if (!Array.isArray(ring)) return `${where} is not a ring (a list of positions)`;
  for (const [i, p] of ring.entries()) {
    if (
      !Array.isArray(p) ||
      p.length < 2 ||
      p.length > 3 ||
      !p.every((n) => typeof n === "number" && Number.isFinite(n))
    ) {
      return `${where}[${i}] is not a position [longitude, latitude]`;
    }
  }
  if (ring.length < 4) return `${where} has ${ring.length} positions: a ring needs at least 4`;
  const first = ring[0] as Position;
  const last = ring[ring.length - 1] as Position;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return `${where} is not closed: its last position must repeat its first`;
  }
  return undefined;
}

/** The geometry as an area, or the problem: not an area (a point, a line, none), a ring malformed or open. */
function readGeometry(value: unknown): AreaGeometry | FeatureProblem {
  if (!isObject(value)) return { field: "geometry", reason: "the feature has no geometry: not an area" };
  const { type, coordinates } = value;
  if (type !== "Polygon" && type !== "MultiPolygon") {
    return {
      field: "geometry",
      reason: `a ${String(type)} is not an area: only Polygon and MultiPolygon features are imported`,
    };
  }
  const polygons = type === "Polygon" ? [coordinates] : coordinates;
  if (!Array.isArray(polygons) || polygons.length === 0) {
    return { field: "geometry", reason: `the ${type} has no coordinates: not an area` };
  }
  for (const [p, rings] of polygons.entries()) {
    const where = type === "Polygon" ? "ring" : `polygon ${p + 1}, ring`;
    if (!Array.isArray(rings) || rings.length === 0) {
      return { field: "geometry", reason: `${where.replace(/, ring$/, "")} has no rings: not an area` };
    }
    for (const [r, ring] of rings.entries()) {
      const problem = ringProblem(ring, `${where} ${r + 1}`);
      if (problem) return { field: "geometry", reason: problem };
    }
  }
  return type === "Polygon"
    ? { type, coordinates: coordinates as Position[][] }
    : { type, coordinates: coordinates as Position[][][] };
}

function readDate(properties: Json, rule: DateRule, today: Date): Date | FeatureProblem {
  if ("yearProperty" in rule) {
    const field = rule.yearProperty;
    const raw = properties[field];
    if (raw === undefined || raw === null || raw === "") {
      return { field, reason: `missing date: the feature has no ${field} (the year of detection)` };
    }
    const year = typeof raw === "number" ? raw : Number(String(raw).trim());
    if (!Number.isInteger(year) || year < 1985 || year > today.getUTCFullYear()) {
      return { field, reason: `${JSON.stringify(raw)} is not a year from 1985 to ${today.getUTCFullYear()}` };
    }
    // A yearly layer says only the year: the area is dated its first day (and counted in January).
    return new Date(Date.UTC(year, 0, 1));
  }
  const field = rule.dateProperty;
  const raw = properties[field];
  if (raw === undefined || raw === null || raw === "") {
    return { field, reason: `missing date: the feature has no ${field} (an ISO date, YYYY-MM-DD)` };
  }
  const match = typeof raw === "string" ? /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(raw.trim()) : null;
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (
    !match ||
    !date ||
    date.getUTCDate() !== Number(match[3]) ||
    date.getUTCMonth() !== Number(match[2]) - 1
  ) {
    return { field, reason: `${JSON.stringify(raw)} is not an ISO date (YYYY-MM-DD)` };
  }
  if (date > today)
    return { field, reason: `${match[0]} is after the import's day: a detection cannot be dated later` };
  return date;
}

function readCause(properties: Json): DegradationCause | FeatureProblem {
  const raw = properties.cause;
  if (raw === undefined || raw === null || raw === "") return "OTHER";
  const cause = String(raw)
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, "_");
  return (CAUSES as readonly string[]).includes(cause)
    ? (cause as DegradationCause)
    : { field: "cause", reason: `${JSON.stringify(raw)} is not one of ${CAUSES.join(", ")}` };
}

/**
 * Reads one feature of a degraded-areas layer: its id, date, optional name and cause, and geometry, which must
 * be a Polygon or MultiPolygon of closed rings that do not cross themselves or each other (@turf/kinks), whose
 * representative point (@turf/point-on-feature: on the surface, unlike a centroid) lies in a Peruvian district.
 * Hectares are the area on the sphere (@turf/area, the WGS84 mean radius), not a planar shortcut. Returns every
 * problem found (a feature with several has several lines in the report).
 */
export function readAreaFeature(
  feature: unknown,
  rule: DateRule,
  today: Date,
): AreaFeature | FeatureProblem[] {
  if (!isObject(feature) || feature.type !== "Feature") {
    return [{ field: "type", reason: "not a GeoJSON Feature" }];
  }
  const problems: FeatureProblem[] = [];
  const properties = isObject(feature.properties) ? feature.properties : {};
  const id = featureId(feature);
  if (id === undefined) {
    problems.push({ field: "id", reason: "the feature has no id (neither the member nor an id property)" });
  } else if (REGISTER_CODE.test(id)) {
    problems.push({
      field: "id",
      reason: `${id} has the form of the register's own codes (DA- and seven digits), kept for areas registered through the API`,
    });
  } else if (!SOURCE_ID.test(id)) {
    problems.push({
      field: "id",
      reason: "an id is 1 to 100 letters, digits and . _ : / - (starting with a letter or digit)",
    });
  }
  const detectedOn = readDate(properties, rule, today);
  if (!(detectedOn instanceof Date)) problems.push(detectedOn);
  const cause = readCause(properties);
  if (typeof cause !== "string") problems.push(cause);
  const rawName = properties.name;
  const name = typeof rawName === "string" && rawName.trim() ? rawName.trim() : null;

  const geometry = readGeometry(feature.geometry);
  if (!("type" in geometry)) {
    problems.push(geometry);
    return problems;
  }
  const crossings = kinks(geometry as Polygon | MultiPolygon).features;
  if (crossings.length > 0) {
    const [lon, lat] = crossings[0]?.geometry.coordinates ?? [];
    problems.push({
      field: "geometry",
      reason: `self-intersecting ring: its edges cross at ${crossings.length} point(s), the first at (${lon}, ${lat})`,
    });
    return problems;
  }
  const squareMetres = area(geometry as Polygon | MultiPolygon);
  const ares = Math.round(squareMetres / 100);
  if (ares <= 0) {
    problems.push({
      field: "geometry",
      reason: "the polygon encloses no surface (under 0.01 ha): not an area",
    });
    return problems;
  }
  const [longitude = NaN, latitude = NaN] = pointOnFeature(geometry as Polygon | MultiPolygon).geometry
    .coordinates;
  const location = locateDistrict(longitude, latitude);
  if (!location.inPeru) {
    problems.push({
      field: "geometry",
      reason: `outside Peru: its representative point (${round6(longitude)}, ${round6(latitude)}) is in no Peruvian district (positions are [longitude, latitude])`,
    });
  }
  if (problems.length > 0 || !location.inPeru || id === undefined) return problems;
  return {
    id,
    name,
    cause: cause as DegradationCause,
    detectedOn: detectedOn as Date,
    geometry,
    ares,
    latitude: round6(latitude),
    longitude: round6(longitude),
    location,
  };
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * Derives the project's district boundaries (`packages/kit/data/boundaries/districts-inei-2007.geojson`) from
 * the INEI 2007 district limits as converted in juaneladio/peru-geojson (MPL-2.0) and the 2025 UBIGEO directory
 * (`packages/kit/data/ubigeo-inei-2025.json`):
 *
 *     npx tsx packages/kit/src/geo/derive-boundaries.ts SOURCE/peru_distrital_simple.geojson
 *
 * A maintainer's tool, never run by the servers. What it writes, one feature per line:
 * - each 2007 district with a geometry: its code, name and polygons, positions rounded to 4 decimals (about
 *   10 m, far below the source's own simplification) without the repeated positions rounding makes, and its
 *   `point`: the pole of inaccessibility of its polygons (the interior point farthest from every edge), which the
 *   hub's IATI export writes for the district and which the lookup answers with that district by construction;
 * - each 2007 district the source's simplification dropped (a feature with no geometry): a 24-sided polygon of
 *   the area the source records for it (`AREA_MINAM`, hectares), centred on its capital, `approximate: true`
 *   (the lookup tests it before its neighbours, which absorbed its ground);
 * - each 2025 district with no 2007 polygon: a Point feature at its capital (from the directory, corrected in
 *   {@link CAPITAL_CORRECTIONS}), which tells the lookup the 2007 polygon it was carved out of.
 * It fails, writing nothing, when a point it writes is not answered with its own district.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import type { MultiPolygon, Polygon, Position } from "geojson";
import { poleOfInaccessibility } from "./pole-of-inaccessibility.ts";

interface SourceFeature {
  properties: { IDDIST: string; NOMBDIST: string; AREA_MINAM: number };
  geometry: Polygon | MultiPolygon | null;
}
interface Directory {
  regions: { ubigeo: string; name: string; level: string; latitude: number; longitude: number }[];
}

const OUTPUT = new URL("../../data/boundaries/districts-inei-2007.geojson", import.meta.url);
const DIRECTORY = new URL("../../data/ubigeo-inei-2025.json", import.meta.url);

/**
 * Capitals whose coordinates in the directory are wrong, with the reason. Santa Lucía (Tocache, San Martín;
 * carved out of Uchiza) is given at longitude -73.387, in Brazil's Acre: a typo of -76.387, which lies in Uchiza's
 * 2007 polygon on the Huallaga, 9 km from Uchiza's own capital.
 */
const CAPITAL_CORRECTIONS: Record<string, { longitude: number; latitude: number }> = {
  "221006": { longitude: -76.38722222, latitude: -8.34527778 },
};

/** Sides of the polygon drawn for a district the simplification dropped. */
const DISC_SIDES = 24;
const EARTH_RADIUS = 6_371_008.8;

/**
 * Decimals kept: 4 (at most 6 m off, east-west or north-south), far below the source's own simplification (its edges
 * leave the directory's capitals up to 1.6 km outside), so the rounding moves nothing a lookup can tell apart.
 */
const SCALE = 1e4;

function roundDegrees(value: number): number {
  return Math.round(value * SCALE) / SCALE;
}

function round(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (const [lon = NaN, lat = NaN] of ring) {
    const p: Position = [roundDegrees(lon), roundDegrees(lat)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

/** A regular polygon of `hectares` around a point, on the sphere's local plane (the districts are a few km wide). */
function disc(longitude: number, latitude: number, hectares: number): Polygon {
  // A regular n-gon of circumradius r covers (n/2)·r²·sin(2π/n).
  const r = Math.sqrt((hectares * 1e4) / ((DISC_SIDES / 2) * Math.sin((2 * Math.PI) / DISC_SIDES)));
  const dLat = (r / EARTH_RADIUS) * (180 / Math.PI);
  const dLon = dLat / Math.cos((latitude * Math.PI) / 180);
  const ring: Position[] = [];
  for (let i = 0; i < DISC_SIDES; i++) {
    const a = (2 * Math.PI * i) / DISC_SIDES;
    ring.push([roundDegrees(longitude + dLon * Math.cos(a)), roundDegrees(latitude + dLat * Math.sin(a))]);
  }
  ring.push(ring[0] as Position);
  return { type: "Polygon", coordinates: [ring] };
}

const source = process.argv[2];
if (!source) throw new Error("give the source peru_distrital_simple.geojson");
const { features } = JSON.parse(readFileSync(source, "utf8")) as { features: SourceFeature[] };
const directory = JSON.parse(readFileSync(DIRECTORY, "utf8")) as Directory;
const districts = new Map(
  directory.regions.filter((r) => r.level === "DISTRICT").map((r) => [r.ubigeo, r] as const),
);

interface Drawn {
  code: string;
  name: string;
  geometry: Polygon | MultiPolygon;
  point: Position;
  approximate: boolean;
}
const drawn: Drawn[] = [];
const discs: Polygon[] = [];
for (const { properties, geometry } of features) {
  const code = properties.IDDIST;
  if (geometry) continue;
  const capital = districts.get(code);
  if (!capital) throw new Error(`${code} has no geometry and no capital in the directory`);
  const polygon = disc(capital.longitude, capital.latitude, properties.AREA_MINAM);
  discs.push(polygon);
  drawn.push({
    code,
    name: properties.NOMBDIST,
    geometry: polygon,
    point: [roundDegrees(capital.longitude), roundDegrees(capital.latitude)],
    approximate: true,
  });
}
for (const { properties, geometry } of features) {
  const code = properties.IDDIST;
  if (geometry) {
    const rounded: Polygon | MultiPolygon =
      geometry.type === "Polygon"
        ? { type: "Polygon", coordinates: geometry.coordinates.map(round) }
        : { type: "MultiPolygon", coordinates: geometry.coordinates.map((p) => p.map(round)) };
    const polygons = rounded.type === "Polygon" ? [rounded.coordinates] : rounded.coordinates;
    // Outside the approximate polygons, which the lookup tests first.
    const avoid = discs.map((d) => d.coordinates);
    const point = poleOfInaccessibility(polygons, avoid).map(roundDegrees) as Position;
    drawn.push({ code, name: properties.NOMBDIST, geometry: rounded, point, approximate: false });
  }
}

// The lookup tests the approximate polygons first: a point must be answered by its own polygon.
const order = [...drawn.filter((d) => d.approximate), ...drawn.filter((d) => !d.approximate)];
function answer(point: Position): string | undefined {
  return order.find((d) => booleanPointInPolygon(point, d.geometry))?.code;
}
for (const d of drawn) {
  const found = answer(d.point);
  if (found !== d.code) throw new Error(`${d.code}'s point ${d.point.join(", ")} is answered with ${found}`);
}

const lines: string[] = drawn.map((d) =>
  JSON.stringify({
    type: "Feature",
    id: d.code,
    properties: { name: d.name, point: d.point, ...(d.approximate ? { approximate: true } : {}) },
    geometry: d.geometry,
  }),
);
const codes = new Set(drawn.map((d) => d.code));
for (const district of districts.values()) {
  if (codes.has(district.ubigeo)) continue;
  const capital = CAPITAL_CORRECTIONS[district.ubigeo] ?? district;
  const point: Position = [roundDegrees(capital.longitude), roundDegrees(capital.latitude)];
  if (answer(point) === undefined) throw new Error(`${district.ubigeo}'s capital lies in no 2007 polygon`);
  lines.push(
    JSON.stringify({
      type: "Feature",
      id: district.ubigeo,
      properties: { name: district.name },
      geometry: { type: "Point", coordinates: point },
    }),
  );
}
lines.sort();
writeFileSync(OUTPUT, `{"type":"FeatureCollection","features":[\n${lines.join(",\n")}\n]}\n`);
process.stdout.write(
  `${drawn.length} district polygons (${order.filter((d) => d.approximate).length} approximate) and ` +
    `${lines.length - drawn.length} newer districts' capitals written to ${OUTPUT.pathname}\n`,
);

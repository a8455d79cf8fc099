/**
 * Derives the project's district boundaries (`packages/kit/data/boundaries/districts-inei-2007.geojson`) from
 * the INEI 2007 district limits as converted in juaneladio/peru-geojson (MPL-2.0):
 *
 *     npx tsx packages/kit/src/geo/derive-boundaries.ts SOURCE/peru_distrital_simple.geojson
 *
 * A maintainer's tool, never run by the servers. It keeps each district's code and name only, drops the
 * features without a geometry, rounds positions to 5 decimals (about a metre, far below the source's own
 * simplification) and drops the repeated positions rounding makes, so the file stays small in the repository.
 */
import { readFileSync, writeFileSync } from "node:fs";

type Position = [number, number];
interface SourceFeature {
  properties: { IDDIST: string; NOMBDIST: string };
  geometry:
    | { type: "Polygon"; coordinates: Position[][] }
    | { type: "MultiPolygon"; coordinates: Position[][][] }
    | null;
}

const OUTPUT = new URL("../../data/boundaries/districts-inei-2007.geojson", import.meta.url);

function round(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (const [lon, lat] of ring) {
    const p: Position = [Math.round(lon * 1e5) / 1e5, Math.round(lat * 1e5) / 1e5];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

const source = process.argv[2];
if (!source) throw new Error("give the source peru_distrital_simple.geojson");
const { features } = JSON.parse(readFileSync(source, "utf8")) as { features: SourceFeature[] };
const lines: string[] = [];
for (const { properties, geometry } of features) {
  if (!geometry) continue;
  const coordinates =
    geometry.type === "Polygon"
      ? geometry.coordinates.map(round)
      : geometry.coordinates.map((polygon) => polygon.map(round));
  lines.push(
    JSON.stringify({
      type: "Feature",
      id: properties.IDDIST,
      properties: { name: properties.NOMBDIST },
      geometry: { type: geometry.type, coordinates },
    }),
  );
}
lines.sort();
writeFileSync(OUTPUT, `{"type":"FeatureCollection","features":[\n${lines.join(",\n")}\n]}\n`);
process.stdout.write(`${lines.length} districts written to ${OUTPUT.pathname}\n`);

/**
 * `npx tsx scripts/derive-web-boundaries.ts [SOURCE_DIR]`: derives the dashboard's map from INEI's 2007 limits as
 * converted by juaneladio/peru-geojson (MPL-2.0; SOURCE_DIR holds its `peru_departamental_simple.geojson`,
 * `peru_provincial_simple.geojson` and `peru_distrital_simple.geojson`, by default `../shared/data/boundaries`).
 * A maintainer's tool, never run by the servers. It writes into `packages/kit/data/boundaries/web/`
 * (which the gateway serves to the dashboard at `/dashboard/boundaries/`):
 * - `departments.json`: the 25 departments, one TopoJSON object `regions` whose geometries' ids are UBIGEO codes
 *   and whose `name` is the 2025 UBIGEO directory's (so the page can name a region before its figures arrive);
 * - `provinces.json`: every province of the directory, likewise (a province the source draws in two features is
 *   one geometry; Putumayo, created in 2014, has a name and no geometry);
 * - `districts-DD.json`, one per department `DD`: its districts, loaded only when the department is opened.
 * Each is simplified (Visvalingam's effective area, topojson-simplify) and quantized; shared borders stay shared,
 * so neighbours never gap or overlap. The sizes it prints are the ones the README beside the files quotes.
 * Districts are keyed by the 2025 UBIGEO directory's codes: the two the source still files under Maynas
 * ({@link RECODED}) take the codes they were given when Putumayo province was created (Ley 30186, 2014).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";
import { quantize } from "topojson-client";
import { topology } from "topojson-server";
import { presimplify, quantile, simplify } from "topojson-simplify";
import type { Objects, Topology } from "topojson-specification";

const DIRECTORY = new URL("../packages/kit/data/ubigeo-inei-2025.json", import.meta.url);
const SOURCE = process.argv[2] ?? fileURLToPath(new URL("../../shared/data/boundaries/", import.meta.url));
const OUT = fileURLToPath(new URL("../packages/kit/data/boundaries/web/", import.meta.url));

/** Source district codes the 2025 directory moved to Putumayo province (1608), with their codes there. */
const RECODED: Record<string, string> = { "160109": "160801", "160114": "160803" };

/**
 * How much of each level's detail is kept: the share of the smallest triangles (by effective area) dropped, and
 * the quantization grid (positions per side of the file's extent). Departments are drawn over all of Peru, so a
 * coarse outline is enough; a department's provinces and districts are drawn over its own extent, so they keep more.
 */
const LEVELS = {
  departments: { drop: 0.9, quantization: 5e3 },
  provinces: { drop: 0.8, quantization: 5e3 },
  districts: { drop: 0.7, quantization: 5e3 },
} as const;

type Shape = Polygon | MultiPolygon;

/** The directory's regions of one level, code → name. */
function directory(level: string): Map<string, string> {
  const { regions } = JSON.parse(readFileSync(DIRECTORY, "utf8")) as {
    regions: { ubigeo: string; name: string; level: string }[];
  };
  return new Map(regions.filter((r) => r.level === level).map((r) => [r.ubigeo, r.name]));
}

function read(name: string): FeatureCollection<Shape | null, Record<string, unknown>> {
  return JSON.parse(readFileSync(`${SOURCE}/${name}`, "utf8")) as FeatureCollection<
    Shape | null,
    Record<string, unknown>
  >;
}

/** The polygons of a geometry, as a list of polygon coordinate arrays. */
function polygons(geometry: Shape): Position[][][] {
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

/** One feature per code, its geometries merged into one (the source splits a few regions in two features). */
function byCode(
  features: Feature<Shape | null, Record<string, unknown>>[],
  code: (properties: Record<string, unknown>) => string,
): Record<string, Feature<Shape>> {
  const out: Record<string, Feature<Shape>> = {};
  for (const feature of features) {
    if (!feature.geometry) continue;
    const id = code(feature.properties);
    const known = out[id];
    out[id] = known
      ? {
          type: "Feature",
          id,
          properties: {},
          geometry: {
            type: "MultiPolygon",
            coordinates: [...polygons(known.geometry), ...polygons(feature.geometry)],
          },
        }
      : { type: "Feature", id, properties: {}, geometry: feature.geometry };
  }
  return out;
}

/**
 * The features as a simplified, quantized TopoJSON with one object, `regions`; with `names`, every region of the
 * directory is in it with its name, a region with no polygon as a geometry of type null.
 */
function derive(
  features: Record<string, Feature<Shape>>,
  level: keyof typeof LEVELS,
  names?: Map<string, string>,
): string {
  const { drop, quantization } = LEVELS[level];
  const ids = new Set([...Object.keys(features), ...(names?.keys() ?? [])]);
  const sorted: Feature<Shape | null, { name?: string }>[] = [...ids].sort().map((id) => ({
    type: "Feature",
    id,
    properties: names ? { name: names.get(id) ?? id } : {},
    geometry: features[id]?.geometry ?? null,
  }));
  const collection: FeatureCollection<Shape | null, { name?: string }> = {
    type: "FeatureCollection",
    features: sorted,
  };
  const weighted = presimplify(topology({ regions: collection }) as Topology<Objects<{ name?: string }>>);
  // Simplifying leaves positions as floats: quantizing afterwards writes them as small integer deltas.
  return JSON.stringify(quantize(simplify(weighted, quantile(weighted, drop)), quantization));
}

function write(name: string, text: string): number {
  writeFileSync(`${OUT}${name}`, `${text}\n`);
  return Buffer.byteLength(text) + 1;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

mkdirSync(OUT, { recursive: true });
const departments = byCode(read("peru_departamental_simple.geojson").features, (p) =>
  String(p["FIRST_IDDP"]),
);
const provinces = byCode(read("peru_provincial_simple.geojson").features, (p) => String(p["FIRST_IDPR"]));
const districts = byCode(read("peru_distrital_simple.geojson").features, (p) => {
  const code = String(p["IDDIST"]);
  return RECODED[code] ?? code;
});
process.stdout.write(
  `departments.json ${kb(write("departments.json", derive(departments, "departments", directory("DEPARTMENT"))))}\n`,
);
/** The entries of `all` whose code starts with `department`'s. */
function under<T>(all: Record<string, T>, department: string): Record<string, T> {
  return Object.fromEntries(Object.entries(all).filter(([id]) => id.startsWith(department)));
}

const provinceNames = Object.fromEntries(directory("PROVINCE"));
const sizes = { provinces: { total: 0, largest: 0 }, districts: { total: 0, largest: 0 } };
for (const department of Object.keys(departments).sort()) {
  const files = {
    provinces: derive(
      under(provinces, department),
      "provinces",
      new Map(Object.entries(under(provinceNames, department))),
    ),
    districts: derive(under(districts, department), "districts"),
  };
  for (const kind of ["provinces", "districts"] as const) {
    const bytes = write(`${kind}-${department}.json`, files[kind]);
    sizes[kind].total += bytes;
    sizes[kind].largest = Math.max(sizes[kind].largest, bytes);
  }
}
for (const kind of ["provinces", "districts"] as const) {
  const { total, largest } = sizes[kind];
  process.stdout.write(`${kind}-DD.json: 25 files, ${kb(total)} in all, the largest ${kb(largest)}\n`);
}

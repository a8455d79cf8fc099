import { readFileSync } from "node:fs";
import type { FeatureCollection, MultiPolygon, Polygon } from "geojson";
import { regionCatalog, type RegionCatalog } from "../region-catalog.ts";
import { BoundaryIndex } from "./boundary-index.ts";

/**
 * Where a point (WGS84) lies among Peru's districts.
 * - `ubigeo`: the district of INEI's 2025 directory (the Region catalog) the point is answered with;
 * - `polygon`: the code of the 2007 polygon that contains the point (the boundaries predate 59 districts, 8 more have none);
 * - `exact`: false when districts were created inside that polygon since 2007 (`carvedOut`), so the point may
 *   lie in one of them, or when the polygon's own code is no longer a district and `ubigeo` is the newer district
 *   whose capital is nearest the point;
 * - `carvedOut`: the 2025 districts with no polygon whose capital lies inside this polygon.
 */
export type DistrictLocation =
  | { inPeru: true; ubigeo: string; polygon: string; exact: boolean; carvedOut: readonly string[] }
  | { inPeru: false };

/** The districts' boundaries and the catalog's newer districts placed inside them. */
export class DistrictLocator {
  readonly #index: BoundaryIndex;
  readonly #catalog: RegionCatalog;
  /** 2007 polygon code → the 2025 districts (without a polygon) whose capital lies inside it. */
  readonly #carvedOut = new Map<string, string[]>();
  /** 2025 districts whose capital lies in no polygon at all (listed so that tests and docs can say so). */
  readonly unplaced: readonly string[];

  constructor(
    boundaries: FeatureCollection<Polygon | MultiPolygon, { name: string }>,
    catalog: RegionCatalog,
  ) {
    this.#catalog = catalog;
    this.#index = new BoundaryIndex(
      boundaries.features.map((f) => ({ code: String(f.id), name: f.properties.name, geometry: f.geometry })),
    );
    const drawn = new Set(boundaries.features.map((f) => String(f.id)));
    const unplaced: string[] = [];
    for (const district of catalog.list({ level: "DISTRICT" })) {
      if (drawn.has(district.ubigeo)) continue;
      const parent = this.#index.containing(district.longitude, district.latitude);
      if (!parent) {
        unplaced.push(district.ubigeo);
        continue;
      }
      const list = this.#carvedOut.get(parent.code) ?? [];
      list.push(district.ubigeo);
      this.#carvedOut.set(parent.code, list);
    }
    this.unplaced = unplaced;
  }

  /** How many polygons the index holds. */
  get polygons(): number {
    return this.#index.size;
  }

  /** The 2025 districts created inside a 2007 polygon since it was drawn (none for most). */
  carvedOutOf(polygon: string): readonly string[] {
    return this.#carvedOut.get(polygon) ?? [];
  }

  /** The district containing the point, or `{ inPeru: false }` outside every district (abroad, at sea). */
  locate(longitude: number, latitude: number): DistrictLocation {
    if (!Number.isFinite(longitude) || !Number.isFinite(latitude)) return { inPeru: false };
    const boundary = this.#index.containing(longitude, latitude);
    if (!boundary) return { inPeru: false };
    const carvedOut = this.carvedOutOf(boundary.code);
    if (this.#catalog.get(boundary.code)) {
      return {
        inPeru: true,
        ubigeo: boundary.code,
        polygon: boundary.code,
        exact: carvedOut.length === 0,
        carvedOut,
      };
    }
    // The polygon's district no longer exists (Maynas's 160109 and 160114 became Putumayo's): the newer
    // district whose capital is nearest the point.
    let nearest: { ubigeo: string; d: number } | undefined;
    for (const ubigeo of carvedOut) {
      const capital = this.#catalog.get(ubigeo);
      if (!capital) continue;
      const d = (capital.longitude - longitude) ** 2 + (capital.latitude - latitude) ** 2;
      if (!nearest || d < nearest.d) nearest = { ubigeo, d };
    }
    if (!nearest) return { inPeru: false };
    return { inPeru: true, ubigeo: nearest.ubigeo, polygon: boundary.code, exact: false, carvedOut };
  }
}

let shared: DistrictLocator | undefined;

/**
 * The project's district locator: INEI's 2007 district boundaries (`packages/kit/data/boundaries/`, MPL-2.0)
 * with the 2025 Region catalog, loaded once on first use.
 */
export function districtLocator(): DistrictLocator {
  shared ??= new DistrictLocator(
    JSON.parse(
      readFileSync(new URL("../../data/boundaries/districts-inei-2007.geojson", import.meta.url), "utf8"),
    ) as FeatureCollection<Polygon | MultiPolygon, { name: string }>,
    regionCatalog(),
  );
  return shared;
}

/**
 * The district containing a WGS84 point (longitude, latitude: GeoJSON's order), or `{ inPeru: false }`. For an
 * importer placing a polygon's representative point or an IATI `<pos>` (which writes latitude first).
 */
export function locateDistrict(longitude: number, latitude: number): DistrictLocation {
  return districtLocator().locate(longitude, latitude);
}

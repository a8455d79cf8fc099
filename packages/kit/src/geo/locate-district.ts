import { readFileSync } from "node:fs";
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from "geojson";
import { regionCatalog, type RegionCatalog } from "../region-catalog.ts";
import { BoundaryIndex } from "./boundary-index.ts";

/**
 * Where a point (WGS84) lies among Peru's districts.
 * - `ubigeo`: the district of INEI's 2025 directory (the Region catalog) the point is answered with;
 * - `polygon`: the code of the 2007 polygon that contains the point, or is nearest it (`metresOutside`);
 * - `exact`: false when the answer may be wrong: districts were created inside that polygon since 2007
 *   (`carvedOut`), so the point may lie in one of them; the polygon's own code is no longer a district and
 *   `ubigeo` is the newer district whose capital is nearest the point; the polygon is `approximate`; or the point
 *   lies outside every polygon, within {@link BORDER_TOLERANCE_METRES} of this one (`metresOutside` > 0);
 * - `carvedOut`: the 2025 districts with no polygon whose capital lies inside this polygon;
 * - `approximate`: the polygon is not INEI's line but a disc of the district's area around its capital, for the
 *   small districts the source's simplification dropped (see the data file's README);
 * - `metresOutside`: 0 for a point inside the polygon, else its distance to the polygon's edge.
 */
export type DistrictLocation =
  | {
      inPeru: true;
      ubigeo: string;
      polygon: string;
      exact: boolean;
      carvedOut: readonly string[];
      approximate: boolean;
      metresOutside: number;
    }
  | { inPeru: false };

/**
 * How far (metres) outside every polygon a point is still taken as in Peru, in the nearest district. The data
 * file's lines are a simplification of INEI's: on the coast, the lakes and the frontier a place in Peru can lie
 * outside them. The source does not say its tolerance; measured, the directory's capitals that fall outside every
 * polygon (towns on the shore, on a lake or a river at the border) lie at most 1.6 km out (Lomas, on the coast of
 * Arequipa), so 2.5 km takes them in with a margin while a point a few kilometres into the sea or a neighbouring
 * country stays out. No tolerance separates twin towns across a border river: Leticia, Tabatinga and Assis Brasil
 * lie 1.5–1.7 km outside the lines, as Peruvian capitals do; they are answered `exact: false`.
 */
export const BORDER_TOLERANCE_METRES = 2500;

/** A feature of the data file: a district's polygons with their representative point, or a newer district's capital. */
export type BoundaryFeature = Feature<
  Polygon | MultiPolygon | Point,
  { name: string; point?: Position; approximate?: boolean }
>;

/** The districts' boundaries and the catalog's newer districts placed inside them. */
export class DistrictLocator {
  readonly #index: BoundaryIndex;
  readonly #catalog: RegionCatalog;
  /** 2007 polygon code → the 2025 districts (without a polygon) whose capital lies inside it. */
  readonly #carvedOut = new Map<string, string[]>();
  /** District → the point that stands for it: its polygon's representative point, or its capital. */
  readonly #points = new Map<string, Position>();
  readonly #approximate = new Set<string>();
  /** 2025 districts whose capital lies in no polygon at all (listed so that tests and docs can say so). */
  readonly unplaced: readonly string[];

  constructor(
    boundaries: FeatureCollection<BoundaryFeature["geometry"], BoundaryFeature["properties"]>,
    catalog: RegionCatalog,
  ) {
    this.#catalog = catalog;
    const polygons: { code: string; name: string; geometry: Polygon | MultiPolygon }[] = [];
    for (const f of boundaries.features) {
      const code = String(f.id);
      if (f.geometry.type === "Point") {
        this.#points.set(code, f.geometry.coordinates);
        continue;
      }
      if (f.properties.point) this.#points.set(code, f.properties.point);
      if (f.properties.approximate) this.#approximate.add(code);
      polygons.push({ code, name: f.properties.name, geometry: f.geometry });
    }
    // The approximate polygons first: their neighbours' simplified polygons absorbed their ground.
    polygons.sort((a, b) => Number(this.#approximate.has(b.code)) - Number(this.#approximate.has(a.code)));
    this.#index = new BoundaryIndex(polygons);
    const drawn = new Set(polygons.map((p) => p.code));
    const unplaced: string[] = [];
    for (const district of catalog.list({ level: "DISTRICT" })) {
      if (drawn.has(district.ubigeo)) continue;
      const [longitude = NaN, latitude = NaN] = this.#points.get(district.ubigeo) ?? [
        district.longitude,
        district.latitude,
      ];
      const parent = this.#index.containing(longitude, latitude);
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

  /**
   * The point ([longitude, latitude]) that stands for a region where a single point must (an IATI `<pos>`): for
   * a district with a polygon, the polygon's pole of inaccessibility (inside it, as far from its edges as can be,
   * so {@link locate} answers that district); for a district with no polygon, its capital; for a province or
   * department, its capital district's point. Undefined for a code the catalog does not have.
   */
  representativePoint(ubigeo: string): Position | undefined {
    const region = this.#catalog.get(ubigeo);
    if (!region) return undefined;
    if (region.level !== "DISTRICT") {
      const capitalDistrict = this.#catalog.get(
        region.level === "PROVINCE" ? `${ubigeo}01` : `${ubigeo}0101`,
      );
      if (capitalDistrict) return this.representativePoint(capitalDistrict.ubigeo);
    }
    return this.#points.get(ubigeo) ?? [region.longitude, region.latitude];
  }

  /**
   * The district containing the point; for a point in no polygon but within {@link BORDER_TOLERANCE_METRES} of
   * one, that polygon's district, not exactly; `{ inPeru: false }` farther out (abroad, at sea).
   */
  locate(longitude: number, latitude: number): DistrictLocation {
    if (!Number.isFinite(longitude) || !Number.isFinite(latitude)) return { inPeru: false };
    const inside = this.#index.containing(longitude, latitude);
    if (inside) return this.#answer(inside.code, longitude, latitude, 0);
    const near = this.#index.nearest(longitude, latitude, BORDER_TOLERANCE_METRES);
    if (near) return this.#answer(near.boundary.code, longitude, latitude, Math.round(near.metres));
    return { inPeru: false };
  }

  #answer(polygon: string, longitude: number, latitude: number, metresOutside: number): DistrictLocation {
    const carvedOut = this.carvedOutOf(polygon);
    const approximate = this.#approximate.has(polygon);
    if (this.#catalog.get(polygon)) {
      const exact = carvedOut.length === 0 && !approximate && metresOutside === 0;
      return { inPeru: true, ubigeo: polygon, polygon, exact, carvedOut, approximate, metresOutside };
    }
    // The polygon's district no longer exists (Maynas's 160109 and 160114 became Putumayo's): the newer
    // district whose capital is nearest the point.
    let nearest: { ubigeo: string; d: number } | undefined;
    for (const ubigeo of carvedOut) {
      const [x = NaN, y = NaN] = this.representativePoint(ubigeo) ?? [];
      const d = (x - longitude) ** 2 + (y - latitude) ** 2;
      if (!nearest || d < nearest.d) nearest = { ubigeo, d };
    }
    if (!nearest) return { inPeru: false };
    return {
      inPeru: true,
      ubigeo: nearest.ubigeo,
      polygon,
      exact: false,
      carvedOut,
      approximate,
      metresOutside,
    };
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
    ) as FeatureCollection<BoundaryFeature["geometry"], BoundaryFeature["properties"]>,
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

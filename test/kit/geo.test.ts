import { readFileSync } from "node:fs";
import { BoundaryIndex, DistrictLocator, districtLocator, locateDistrict, regionCatalog } from "@tinkuy/kit";
import type { FeatureCollection, MultiPolygon, Polygon } from "geojson";
import { describe, expect, it } from "vitest";

type Boundaries = FeatureCollection<Polygon | MultiPolygon, { name: string }>;

const file = JSON.parse(
  readFileSync(
    new URL("../../packages/kit/data/boundaries/districts-inei-2007.geojson", import.meta.url),
    "utf8",
  ),
) as Boundaries;

function square(west: number, south: number, size: number): Polygon {
  return {
    type: "Polygon",
    coordinates: [
      [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
      ],
    ],
  };
}

describe("the project's district boundaries", () => {
  it("hold one valid polygon per 2007 district, each ring closed with at least four positions", () => {
    expect(file.features).toHaveLength(1826);
    expect(new Set(file.features.map((f) => f.id)).size).toBe(1826);
    for (const feature of file.features) {
      const polygons =
        feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
      for (const ring of polygons.flat()) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring[ring.length - 1]);
      }
    }
  });

  it("keep their credit and licence beside them", () => {
    const readme = readFileSync(
      new URL("../../packages/kit/data/boundaries/README.md", import.meta.url),
      "utf8",
    );
    const licence = readFileSync(
      new URL("../../packages/kit/data/boundaries/LICENSE-MPL-2.0.txt", import.meta.url),
      "utf8",
    );
    expect(readme).toContain("juaneladio/peru-geojson");
    expect(readme).toContain("Mozilla Public License 2.0");
    expect(licence).toContain("Mozilla Public License Version 2.0");
  });
});

describe("locateDistrict", () => {
  it("finds the district containing a point, by its 2025 UBIGEO", () => {
    // Puerto Maldonado (Tambopata), Lima's historic centre, Cusco's Plaza de Armas.
    expect(locateDistrict(-69.19, -12.59)).toMatchObject({ inPeru: true, ubigeo: "170101", exact: true });
    expect(locateDistrict(-77.03, -12.05)).toMatchObject({ inPeru: true, ubigeo: "150101", exact: true });
    expect(locateDistrict(-71.9787, -13.5167)).toMatchObject({ inPeru: true, ubigeo: "080101" });
  });

  it("says a point is outside Peru at sea, abroad, or when it is not a number", () => {
    expect(locateDistrict(-80, -14)).toEqual({ inPeru: false }); // the Pacific
    expect(locateDistrict(-68.15, -16.5)).toEqual({ inPeru: false }); // La Paz, Bolivia
    expect(locateDistrict(-47.9, -15.8)).toEqual({ inPeru: false }); // Brasília
    expect(locateDistrict(Number.NaN, -12)).toEqual({ inPeru: false });
  });

  it("answers a point in a polygon whose district no longer exists with the newer district nearest it, not exactly", () => {
    // Maynas's 160109 (Putumayo, 2007) became Putumayo province's districts: San Antonio del Estrecho is 160801.
    const location = locateDistrict(-72.67, -2.45);
    expect(location).toMatchObject({ inPeru: true, ubigeo: "160801", polygon: "160109", exact: false });
    expect(location.inPeru && location.carvedOut).toEqual(["160801", "160802", "160804"]);
    expect(regionCatalog().get("160109")).toBeUndefined();
  });

  it("places every 2025 district without a polygon inside the polygon holding its capital, but for three", () => {
    const locator = districtLocator();
    const catalog = regionCatalog();
    const drawn = new Set(file.features.map((f) => String(f.id)));
    const districts = catalog.list({ level: "DISTRICT" });
    const undrawn = districts.filter((d) => !drawn.has(d.ubigeo));
    expect(districts).toHaveLength(1891);
    expect(undrawn).toHaveLength(67);
    expect(locator.unplaced).toEqual(["070105", "210103", "221006"]);
    for (const d of undrawn.filter((d) => !locator.unplaced.includes(d.ubigeo))) {
      const location = locator.locate(d.longitude, d.latitude);
      expect(location).toMatchObject({ inPeru: true, exact: false });
      expect(location.inPeru && location.carvedOut).toContain(d.ubigeo);
    }
  });
});

describe("DistrictLocator on boundaries a test draws", () => {
  const catalog = regionCatalog();
  // Tambopata's code on a square holding Las Piedras's capital too: with no polygon of its own here, Las Piedras
  // (170103) stands for a district created since 2007.
  const boundaries: Boundaries = {
    type: "FeatureCollection",
    features: [
      { type: "Feature", id: "170101", properties: { name: "TAMBOPATA" }, geometry: square(-70, -13, 1) },
      { type: "Feature", id: "170201", properties: { name: "MANU" }, geometry: square(-72, -13, 1) },
    ],
  };
  const locator = new DistrictLocator(boundaries, catalog);

  it("puts a district with no polygon in the polygon that holds its capital and says the answer is not exact", () => {
    expect(catalog.get("170103")).toBeDefined();
    expect(locator.carvedOutOf("170101")).toContain("170103");
    expect(locator.locate(-69.5, -12.5)).toEqual({
      inPeru: true,
      ubigeo: "170101",
      polygon: "170101",
      exact: false,
      carvedOut: locator.carvedOutOf("170101"),
    });
  });

  it("answers exactly where no district was carved out, and nothing outside every polygon", () => {
    expect(locator.locate(-71.5, -12.5)).toMatchObject({ ubigeo: "170201" });
    expect(locator.locate(-70.5, -12.5)).toEqual({ inPeru: false });
  });
});

describe("BoundaryIndex", () => {
  it("tests a point only against the polygons whose box covers it", () => {
    const index = new BoundaryIndex(
      Array.from({ length: 400 }, (_, i) => ({
        code: String(i),
        name: String(i),
        geometry: square(-80 + (i % 20) * 0.5, -18 + Math.floor(i / 20) * 0.5, 0.5),
      })),
    );
    expect(index.size).toBe(400);
    expect(index.candidates(-79.8, -17.8).map((b) => b.code)).toEqual(["0"]);
    expect(index.containing(-74.75, -15.25)?.code).toBe("110");
    expect(index.containing(-60, -15)).toBeUndefined();
  });
});

import { readFileSync } from "node:fs";
import { BoundaryIndex, DistrictLocator, districtLocator, locateDistrict, regionCatalog } from "@tinkuy/kit";
import type { FeatureCollection, MultiPolygon, Point, Polygon, Position } from "geojson";
import { describe, expect, it } from "vitest";
import { BORDER_TOLERANCE_METRES } from "../../packages/kit/src/geo/index.ts";
import { poleOfInaccessibility } from "../../packages/kit/src/geo/pole-of-inaccessibility.ts";

type Boundaries = FeatureCollection<
  Polygon | MultiPolygon | Point,
  { name: string; point?: Position; approximate?: boolean }
>;

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
  it("hold one valid polygon per 2007 district with a point inside it, and a capital for each newer district", () => {
    const polygons = file.features.filter((f) => f.geometry.type !== "Point");
    const points = file.features.filter((f) => f.geometry.type === "Point");
    expect(polygons).toHaveLength(1834);
    expect(points).toHaveLength(59);
    expect(new Set(file.features.map((f) => f.id)).size).toBe(1834 + 59);
    // The eight small districts the source's simplification dropped, drawn approximately.
    expect(polygons.filter((f) => f.properties.approximate).map((f) => f.id)).toEqual([
      "010204",
      "010523",
      "020602",
      "070105",
      "150137",
      "190203",
      "200602",
      "210103",
    ]);
    for (const feature of polygons) {
      const geometry = feature.geometry as Polygon | MultiPolygon;
      const rings = geometry.type === "Polygon" ? geometry.coordinates : geometry.coordinates.flat();
      for (const ring of rings) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring[ring.length - 1]);
      }
      expect(feature.properties.point).toHaveLength(2);
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
    // The README says what the derivation changed, as MPL-2.0 asks of a modified file.
    expect(readme).toContain("pole of inaccessibility");
    expect(readme).toContain("AREA_MINAM");
  });
});

describe("the point that stands for each region (the IATI export's <pos>)", () => {
  const locator = districtLocator();
  const catalog = regionCatalog();

  it("is answered with its own district for every district of the 2025 directory", () => {
    const districts = catalog.list({ level: "DISTRICT" });
    expect(districts).toHaveLength(1891);
    const wrong: string[] = [];
    let exact = 0;
    let newer = 0;
    for (const district of districts) {
      const [longitude = NaN, latitude = NaN] = locator.representativePoint(district.ubigeo) ?? [];
      const location = locator.locate(longitude, latitude);
      if (!location.inPeru) wrong.push(`${district.ubigeo}: outside Peru`);
      else if (location.ubigeo === district.ubigeo) {
        if (location.exact) exact++;
        expect(location.metresOutside).toBe(0);
      } else if (!location.exact && location.carvedOut.includes(district.ubigeo)) {
        // A district created since 2007 has no polygon: its capital lies in the one it was carved out of, and
        // the answer names it among the districts the point may lie in.
        newer++;
      } else wrong.push(`${district.ubigeo}: answered ${location.ubigeo}`);
    }
    expect(wrong).toEqual([]);
    expect(exact).toBe(1786);
    expect(newer).toBe(55);
  });

  it("is inside its own province and department for every province and department", () => {
    for (const region of [...catalog.list({ level: "PROVINCE" }), ...catalog.list({ level: "DEPARTMENT" })]) {
      const [longitude = NaN, latitude = NaN] = locator.representativePoint(region.ubigeo) ?? [];
      const location = locator.locate(longitude, latitude);
      expect(location.inPeru && location.ubigeo.startsWith(region.ubigeo), region.ubigeo).toBe(true);
    }
    expect(locator.representativePoint("99")).toBeUndefined();
  });

  it("is the district's pole of inaccessibility, not its capital, where the capital lies in a neighbour", () => {
    // Huánuco's capital lies in Amarilis's 2007 polygon; the point written for Huánuco lies in Huánuco.
    const huanuco = catalog.get("100101");
    expect(locateDistrict(huanuco?.longitude ?? NaN, huanuco?.latitude ?? NaN)).toMatchObject({
      ubigeo: "100102",
    });
    const [longitude = NaN, latitude = NaN] = locator.representativePoint("100101") ?? [];
    expect(locateDistrict(longitude, latitude)).toMatchObject({ ubigeo: "100101", exact: true });
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

  it("places every 2025 district without a polygon inside the polygon holding its capital", () => {
    const locator = districtLocator();
    const catalog = regionCatalog();
    const drawn = new Set(file.features.filter((f) => f.geometry.type !== "Point").map((f) => String(f.id)));
    const undrawn = catalog.list({ level: "DISTRICT" }).filter((d) => !drawn.has(d.ubigeo));
    expect(undrawn).toHaveLength(59);
    expect(locator.unplaced).toEqual([]);
    // Santa Lucía's capital is at longitude -73.387 in the directory (Brazil): the data file corrects the typo
    // to -76.387, in Uchiza's polygon, the district it was carved out of.
    expect(locator.carvedOutOf("221005")).toContain("221006");
    for (const d of undrawn) {
      const [longitude = NaN, latitude = NaN] = locator.representativePoint(d.ubigeo) ?? [];
      const location = locator.locate(longitude, latitude);
      expect(location).toMatchObject({ inPeru: true, exact: false });
      expect(location.inPeru && location.carvedOut).toContain(d.ubigeo);
    }
  });

  it("answers the small districts the source's simplification dropped, on an approximate polygon", () => {
    // La Punta (Callao), Amantaní (an island in Titicaca), Santa Anita (Lima): at their capitals.
    for (const ubigeo of ["070105", "210103", "150137"]) {
      const capital = regionCatalog().get(ubigeo);
      expect(locateDistrict(capital?.longitude ?? NaN, capital?.latitude ?? NaN)).toMatchObject({
        inPeru: true,
        ubigeo,
        exact: false,
        approximate: true,
        metresOutside: 0,
      });
    }
  });

  it("takes a point just outside the simplified coast or frontier into the nearest district, not exactly", () => {
    // Iñapari's capital, on the Acre river at the Brazilian border, lies about a kilometre outside Iñapari's
    // simplified polygon; Lomas's, on the shore, about 1.6 km out at sea.
    const inapari = locateDistrict(-69.57666667, -10.945);
    expect(inapari).toMatchObject({ inPeru: true, ubigeo: "170301", exact: false });
    expect(inapari.inPeru && inapari.metresOutside).toBeGreaterThan(900);
    const lomas = locateDistrict(-74.85138889, -15.56972222); // 040311's capital in the directory
    expect(lomas).toMatchObject({ inPeru: true, ubigeo: "040311", exact: false });
    // Farther than the tolerance: at sea off Lomas, and in Brazil east of Iñapari.
    expect(locateDistrict(-74.9, -15.6)).toEqual({ inPeru: false });
    expect(locateDistrict(-69.5, -10.95)).toEqual({ inPeru: false });
    expect(BORDER_TOLERANCE_METRES).toBe(2500);
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
      approximate: false,
      metresOutside: 0,
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

  it("finds the polygon whose edge is nearest a point outside them all, within a distance", () => {
    const index = new BoundaryIndex([
      { code: "A", name: "A", geometry: square(0, 0, 1) },
      { code: "B", name: "B", geometry: square(1.02, 0, 1) },
    ]);
    // 0.005° east of A's east edge at the equator: about 556 m.
    const near = index.nearest(1.005, 0.5, 1000);
    expect(near?.boundary.code).toBe("A");
    expect(near?.metres).toBeCloseTo(556, 0);
    expect(index.nearest(1.015, 0.5, 1000)?.boundary.code).toBe("B");
    expect(index.nearest(1.01, 1.5, 1000)).toBeUndefined();
  });
});

describe("poleOfInaccessibility", () => {
  it("finds a point inside a U-shaped polygon, whose centre of mass lies outside it, away from its edges", () => {
    // A U: 3° wide, 3° tall, with a 1°-wide notch from the top down to y = 1.
    const u: Position[][] = [
      [
        [0, 0],
        [3, 0],
        [3, 3],
        [2, 3],
        [2, 1],
        [1, 1],
        [1, 3],
        [0, 3],
        [0, 0],
      ],
    ];
    const [x = NaN, y = NaN] = poleOfInaccessibility([u]);
    expect(
      new BoundaryIndex([{ code: "U", name: "U", geometry: { type: "Polygon", coordinates: u } }]).containing(
        x,
        y,
      )?.code,
    ).toBe("U");
    expect(y).toBeLessThan(1);
    // Outside a polygon to avoid.
    const [ax = NaN] = poleOfInaccessibility([u], [[square(0, 0, 1.5).coordinates[0] as Position[]]]);
    expect(ax).toBeGreaterThan(1.5);
  });
});

import { describe, expect, it } from "vitest";
import { parseGeometry, representativePoint } from "../../subgraphs/recovery/src/geometry.ts";
import { fromUtm, toUtm, utmZone } from "../../subgraphs/recovery/src/utm.ts";
import { square } from "./fixtures.ts";

describe("UTM conversion of the PAM inventory's coordinates", () => {
  it("puts a point on a central meridian at the false easting, with the meridian arc as northing", () => {
    // 10° S on 75° W: easting 500,000 m; northing 10,000,000 − 0.9996 × 1,105,854.83 m (WGS84 meridian arc).
    const utm = toUtm(-10, -75);
    expect(utm.zone).toBe(18);
    expect(utm.east).toBeCloseTo(500_000, 3);
    expect(utm.north).toBeCloseTo(8_894_587.51, 1);
  });

  it("gives Peru's three zones and converts back to within a millimetre", () => {
    expect([utmZone(-80.6), utmZone(-77.04), utmZone(-69.2)]).toEqual([17, 18, 19]);
    for (const [latitude, longitude] of [
      [-12.0464, -77.0428],
      [-12.95, -70.2],
      [-4.51, -80.0],
      [-17.2, -70.9],
    ] as const) {
      const back = fromUtm(toUtm(latitude, longitude));
      expect(back.latitude).toBeCloseTo(latitude, 8);
      expect(back.longitude).toBeCloseTo(longitude, 8);
    }
  });
});

describe("GeoJSON outlines of degraded areas", () => {
  it("accepts a Polygon or a MultiPolygon inside Peru and drops other members", () => {
    const polygon = parseGeometry(square(-12.9, -70.1));
    expect(polygon).toEqual({ geometry: JSON.parse(square(-12.9, -70.1)) });
    const multi = parseGeometry(
      JSON.stringify({
        type: "MultiPolygon",
        bbox: [0, 0, 1, 1],
        coordinates: [JSON.parse(square(-12.9, -70.1)).coordinates, JSON.parse(square(-13, -70)).coordinates],
      }),
    );
    expect(multi).toHaveProperty("geometry.type", "MultiPolygon");
    expect(multi).not.toHaveProperty("geometry.bbox");
    if ("geometry" in polygon)
      expect(representativePoint(polygon.geometry)).toEqual({ latitude: -12.9, longitude: -70.1 });
  });

  it.each([
    ["text that is not JSON", "{", /valid JSON/],
    [
      "a LineString",
      '{"type":"LineString","coordinates":[[-70,-12],[-70.1,-12]]}',
      /Polygon or a MultiPolygon/,
    ],
    ["swapped latitude and longitude", square(-70.1, -12.9), /outside Peru/],
    [
      "a ring of three positions",
      '{"type":"Polygon","coordinates":[[[-70,-12],[-70.1,-12],[-70,-12]]]}',
      /at least 4/,
    ],
    [
      "a position with text",
      '{"type":"Polygon","coordinates":[[[-70,"x"],[-70.1,-12],[-70.1,-12.1],[-70,"x"]]]}',
      /numbers/,
    ],
    ["an empty MultiPolygon", '{"type":"MultiPolygon","coordinates":[]}', /list of polygons/],
  ])("refuses %s, saying why", (_name, text, message) => {
    const parsed = parseGeometry(text);
    expect(parsed).toHaveProperty("problem");
    if ("problem" in parsed) expect(parsed.problem).toMatch(message);
  });
});

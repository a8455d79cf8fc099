import { regionCatalog } from "@tinkuy/kit";
import { describe, expect, it } from "vitest";
import { pointOf } from "../../subgraphs/livelihoods/src/iati-xml/render.ts";
import { districtAt, placeOf } from "../../subgraphs/livelihoods/src/import/district.ts";

/** What `import:iati` records for a `<location ref=…><point><pos>…` the export wrote. */
function imported(ubigeo: string, pos: string): string | null {
  const [latitude = NaN, longitude = NaN] = pos.split(" ").map(Number);
  const found = districtAt(latitude, longitude);
  return found && placeOf(found, ubigeo);
}

describe("an IATI location the export writes", () => {
  const catalog = regionCatalog();
  const capitalOf = (ubigeo: string) => {
    const region = catalog.get(ubigeo);
    if (!region) throw new Error(`no ${ubigeo}`);
    return {
      ubigeo,
      capital: { name: region.capital, latitude: region.latitude, longitude: region.longitude },
    };
  };

  it("comes back from import:iati at the same region, for every district, province and department", () => {
    const regions = catalog.list();
    expect(regions).toHaveLength(25 + 196 + 1891);
    const lost = regions
      .map((r) => ({ ubigeo: r.ubigeo, back: imported(r.ubigeo, pointOf(capitalOf(r.ubigeo))) }))
      .filter(({ ubigeo, back }) => back !== ubigeo);
    expect(lost).toEqual([]);
  });

  it("comes back at the point's own district when @ref names another region", () => {
    // Tambopata's point with Manu's code: the point decides.
    expect(imported("170201", pointOf(capitalOf("170101")))).toBe("170101");
  });

  it("is not the capital where the capital lies outside the district's polygon", () => {
    // Huánuco's capital (in the directory) lies in Amarilis's 2007 polygon, Iñapari's outside Peru's simplified
    // frontier: written at the capital, both came back wrong or not at all.
    const huanuco = capitalOf("100101").capital;
    expect(imported("100101", `${huanuco.latitude} ${huanuco.longitude}`)).toBe("100102");
    expect(pointOf(capitalOf("100101"))).not.toBe(`${huanuco.latitude} ${huanuco.longitude}`);
    expect(imported("100101", pointOf(capitalOf("100101")))).toBe("100101");
    expect(imported("170301", pointOf(capitalOf("170301")))).toBe("170301");
  });
});

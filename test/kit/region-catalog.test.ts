import { describe, expect, it } from "vitest";
import { levelOf, normalizeName, regionCatalog } from "../../packages/kit/src/index.ts";

describe("the INEI 2025 Region catalog", () => {
  const catalog = regionCatalog();

  it("has 25 departments (Callao included), 196 provinces and 1,891 districts", () => {
    expect(catalog.list({ level: "DEPARTMENT" })).toHaveLength(25);
    expect(catalog.list({ level: "PROVINCE" })).toHaveLength(196);
    expect(catalog.list({ level: "DISTRICT" })).toHaveLength(1891);
    expect(catalog.get("07")?.name).toBe("Callao");
  });

  it("uses INEI codes, not RENIEC's (Madre de Dios is 17, Ucayali 25)", () => {
    expect(catalog.get("17")?.name).toBe("Madre de Dios");
    expect(catalog.get("25")?.name).toBe("Ucayali");
    expect(catalog.get("1308")?.name).toBe("Pataz");
    expect(catalog.get("211002")?.name).toBe("Ananea");
  });

  it("links every region to its parent by code prefix, with capital coordinates", () => {
    for (const region of catalog.list({ level: "DISTRICT" })) {
      expect(region.parent).toBe(region.ubigeo.slice(0, 4));
      expect(catalog.get(region.parent as string)?.parent).toBe(region.ubigeo.slice(0, 2));
      expect(region.latitude).toBeGreaterThan(-18.5);
      expect(region.latitude).toBeLessThan(0.1);
      expect(region.longitude).toBeGreaterThan(-81.5);
      expect(region.longitude).toBeLessThan(-68.5);
    }
    expect(catalog.children("17").map((p) => p.ubigeo)).toEqual(["1701", "1702", "1703"]);
    expect(catalog.children("1701")).toHaveLength(4);
  });

  it("finds a district by the upper-case, accent-free names official lists use", () => {
    expect(catalog.findDistrict("MADRE DE DIOS", "TAMBOPATA", "INAMBARI")?.ubigeo).toBe("170102");
    expect(catalog.findDistrict("SAN MARTIN", "MOYOBAMBA", "MOYOBAMBA")?.ubigeo).toBe("220101");
    expect(catalog.findDistrict("PUNO", "TAMBOPATA", "INAMBARI")).toBeUndefined();
    expect(catalog.findDistrict("CUZCO", "LA CONVENCION", "SANTA-ANA")?.ubigeo).toBe("080901");
    expect(catalog.matchDistrict("PUNO", "TAMBOPATA", "INAMBARI")).toMatchObject({
      missing: "PROVINCE",
      department: { ubigeo: "21" },
    });
    expect(catalog.matchDistrict("MADRE DE DIOS", "TAMBOPATA", "ATLANTIDA")).toMatchObject({
      missing: "DISTRICT",
      province: { ubigeo: "1701" },
    });
    expect(catalog.matchDistrict("ATLANTIDA", "TAMBOPATA", "INAMBARI")).toEqual({ missing: "DEPARTMENT" });
    expect(normalizeName("  Áncash ")).toBe("ANCASH");
  });

  it("refuses unknown or malformed codes as arguments, naming the field", () => {
    for (const code of ["99", "1", "17010", "1701021", "abc"]) {
      expect(() => catalog.require(code, "ubigeo")).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: "ubigeo" }),
        }),
      );
    }
    expect(() => catalog.require("17", "input.ubigeo", "DISTRICT")).toThrow(/district is required/);
    expect(levelOf("1701")).toBe("PROVINCE");
  });
});

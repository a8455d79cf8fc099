import { regionCatalog, type RegionEntry } from "@tinkuy/kit";

/** A district found from its names, or which of the three names did not match. */
export type PlaceMatch =
  { district: RegionEntry } | { field: "DEPARTAMENTO" | "PROVINCIA" | "DISTRITO"; reason: string };

/** Matches department, province and district names to INEI's catalog (kit's `matchDistrict`), naming the column. */
export class PlaceMatcher {
  match(department: string, province: string, district: string): PlaceMatch {
    const found = regionCatalog().matchDistrict(department, province, district);
    switch (found.missing) {
      case null:
        return { district: found.district };
      case "DEPARTMENT":
        return { field: "DEPARTAMENTO", reason: `unknown department ${JSON.stringify(department)}` };
      case "PROVINCE":
        return {
          field: "PROVINCIA",
          reason: `unknown province ${JSON.stringify(province)} in department ${found.department.name.toUpperCase()}`,
        };
      case "DISTRICT":
        return {
          field: "DISTRITO",
          reason: `unknown district ${JSON.stringify(district)} in province ${found.province.name.toUpperCase()} (${found.department.name.toUpperCase()})`,
        };
    }
  }
}

import { regionCatalog, type RegionEntry } from "../region-catalog.ts";

/** The three columns a source names its place in (REINFO: DEPARTAMENTO; PAM's annex: REGION). */
export interface PlaceColumns {
  department: string;
  province: string;
  district: string;
}

/** A district found from its names, or which of the three names did not match (its column). */
export type PlaceMatch = { district: RegionEntry } | { field: string; reason: string };

/**
 * Matches department, province and district names to INEI's catalog (`matchDistrict`: upper or lower case,
 * with or without accents, hyphens or dots), naming the source's column that did not match.
 */
export class PlaceMatcher {
  readonly #columns: PlaceColumns;

  constructor(
    columns: PlaceColumns = { department: "DEPARTAMENTO", province: "PROVINCIA", district: "DISTRITO" },
  ) {
    this.#columns = columns;
  }

  match(department: string, province: string, district: string): PlaceMatch {
    const found = regionCatalog().matchDistrict(department, province, district);
    switch (found.missing) {
      case null:
        return { district: found.district };
      case "DEPARTMENT":
        return {
          field: this.#columns.department,
          reason: `unknown department ${JSON.stringify(department)}`,
        };
      case "PROVINCE":
        return {
          field: this.#columns.province,
          reason: `unknown province ${JSON.stringify(province)} in department ${found.department.name.toUpperCase()}`,
        };
      case "DISTRICT":
        return {
          field: this.#columns.district,
          reason: `unknown district ${JSON.stringify(district)} in province ${found.province.name.toUpperCase()} (${found.department.name.toUpperCase()})`,
        };
    }
  }
}

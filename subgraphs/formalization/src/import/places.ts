import { normalizeName, regionCatalog, type RegionEntry } from "@tinkuy/kit";

/**
 * Names official lists use for a department where INEI's directory has another: the REINFO web query lists
 * `LIMA-METROPOLITANA` beside `LIMA`, and older lists write `CUZCO` and the Callao's full title.
 */
const DEPARTMENT_ALIASES: Record<string, string> = {
  "LIMA METROPOLITANA": "LIMA",
  CUZCO: "CUSCO",
  "PROVINCIA CONSTITUCIONAL DEL CALLAO": "CALLAO",
  "PROV CONST DEL CALLAO": "CALLAO",
};

/**
 * A place name as a lookup key: upper case without accents (kit's `normalizeName`), with hyphens, underscores
 * and dots read as spaces, since lists write INEI's `Anco-Huallo` as `ANCO HUALLO` or `ANCO_HUALLO`.
 */
export function placeKey(name: string): string {
  return normalizeName(name.replace(/[-_.]/g, " "));
}

/** A district found from its names, or which of the three names did not match. */
export type PlaceMatch =
  { district: RegionEntry } | { field: "DEPARTAMENTO" | "PROVINCIA" | "DISTRITO"; reason: string };

/** Matches department, province and district names to INEI's catalog, level by level. */
export class PlaceMatcher {
  readonly #byKey = new Map<string, RegionEntry>();

  constructor() {
    for (const region of regionCatalog().list()) {
      this.#byKey.set(`${region.parent ?? ""}/${placeKey(region.name)}`, region);
    }
  }

  match(department: string, province: string, district: string): PlaceMatch {
    const departmentKey = placeKey(department);
    const dept = this.#byKey.get(`/${DEPARTMENT_ALIASES[departmentKey] ?? departmentKey}`);
    if (!dept) {
      return { field: "DEPARTAMENTO", reason: `unknown department ${JSON.stringify(department)}` };
    }
    const prov = this.#byKey.get(`${dept.ubigeo}/${placeKey(province)}`);
    if (!prov) {
      return {
        field: "PROVINCIA",
        reason: `unknown province ${JSON.stringify(province)} in department ${dept.name.toUpperCase()}`,
      };
    }
    const found = this.#byKey.get(`${prov.ubigeo}/${placeKey(district)}`);
    if (!found) {
      return {
        field: "DISTRITO",
        reason: `unknown district ${JSON.stringify(district)} in province ${prov.name.toUpperCase()} (${dept.name.toUpperCase()})`,
      };
    }
    return { district: found };
  }
}

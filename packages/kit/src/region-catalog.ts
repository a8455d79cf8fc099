import { readFileSync } from "node:fs";
import { badUserInput } from "./errors.ts";

/** The three levels of INEI's UBIGEO (2, 4 and 6 digits) and the country as a whole ({@link NATIONAL_UBIGEO}). */
export type RegionLevel = "COUNTRY" | "DEPARTMENT" | "PROVINCE" | "DISTRICT";

/**
 * The code the hub gives Peru as a whole: `00`, the two digits of a department no department has, so that a
 * national figure sits beside the departments' in the same tables (INEI's tables head them with *Total nacional*
 * and no code). Its children are the 25 departments; a department's `parent` stays null.
 */
export const NATIONAL_UBIGEO = "00";

/** One department, province or district of the catalog. */
export interface RegionEntry {
  ubigeo: string;
  name: string;
  level: RegionLevel;
  parent: string | null;
  /** The capital's name and coordinates (WGS84), from INEI's directory. */
  capital: string;
  latitude: number;
  longitude: number;
  altitude: number | null;
  population: number;
}

interface CatalogFile {
  source: string;
  version: string;
  regions: RegionEntry[];
}

const LEVEL_BY_LENGTH: Record<number, RegionLevel> = { 2: "DEPARTMENT", 4: "PROVINCE", 6: "DISTRICT" };

/**
 * The Region catalog every subgraph resolves from: INEI's 2025 UBIGEO directory (25 first-level units with
 * Callao, 196 provinces, 1,891 districts), loaded once from the project's data file. Codes are prefixes of
 * one another, so a region's descendants are the codes that start with its own.
 */
export class RegionCatalog {
  readonly source: string;
  readonly version: string;
  readonly #byCode: Map<string, RegionEntry>;
  readonly #children = new Map<string | null, RegionEntry[]>();
  /** `<parent code>/<placeKey(name)>` → the region (`/<key>` for departments). */
  readonly #byPlace = new Map<string, RegionEntry>();

  constructor(file: CatalogFile) {
    this.source = file.source;
    this.version = file.version;
    this.#byCode = new Map(file.regions.map((r) => [r.ubigeo, r]));
    this.#byCode.set(NATIONAL_UBIGEO, nationalEntry(file.regions));
    for (const region of file.regions) {
      const siblings = this.#children.get(region.parent) ?? [];
      siblings.push(region);
      this.#children.set(region.parent, siblings);
      this.#byPlace.set(`${region.parent ?? ""}/${placeKey(region.name)}`, region);
    }
  }

  get size(): number {
    return this.#byCode.size;
  }

  get(ubigeo: string): RegionEntry | undefined {
    return this.#byCode.get(ubigeo);
  }

  /** The region, or a BAD_USER_INPUT error naming `field` (for arguments; entity resolution returns null). */
  require(ubigeo: string, field: string, level?: RegionLevel): RegionEntry {
    const region = /^\d{2}(\d{2}){0,2}$/.test(ubigeo) ? this.#byCode.get(ubigeo) : undefined;
    if (!region) {
      throw badUserInput(
        field,
        `${JSON.stringify(ubigeo)} is not an INEI UBIGEO code (2, 4 or 6 digits of a known region)`,
      );
    }
    if (level && region.level !== level) {
      throw badUserInput(
        field,
        `${ubigeo} is a ${region.level.toLowerCase()}, but a ${level.toLowerCase()} is required`,
      );
    }
    return region;
  }

  /**
   * Direct children (the departments of Peru, {@link NATIONAL_UBIGEO}; provinces of a department, districts of a
   * province); departments for `null`.
   */
  children(ubigeo: string | null): readonly RegionEntry[] {
    return this.#children.get(ubigeo === NATIONAL_UBIGEO ? null : ubigeo) ?? [];
  }

  /**
   * Regions of a level, optionally under a parent (any ancestor; every region is under Peru's `00`), in code
   * order. Peru itself only when `level` is `COUNTRY`.
   */
  list(options: { level?: RegionLevel | undefined; parent?: string | undefined } = {}): RegionEntry[] {
    const out: RegionEntry[] = [];
    const prefix = options.parent === undefined ? undefined : descendantPrefix(options.parent);
    for (const region of this.#byCode.values()) {
      if (options.level ? region.level !== options.level : region.level === "COUNTRY") continue;
      if (prefix !== undefined && !(region.ubigeo.startsWith(prefix) && region.ubigeo !== options.parent)) {
        continue;
      }
      out.push(region);
    }
    return out.sort((a, b) => a.ubigeo.localeCompare(b.ubigeo));
  }

  /** The department, province and district a code belongs to (as many as its length gives). */
  ancestry(ubigeo: string): RegionEntry[] {
    const out: RegionEntry[] = [];
    for (let n = 2; n <= ubigeo.length; n += 2) {
      const region = this.#byCode.get(ubigeo.slice(0, n));
      if (region) out.push(region);
    }
    return out;
  }

  /**
   * A district found by its department, province and district names as official lists write them (upper case,
   * no accents, `-`/`_`/`.` for spaces: `MADRE DE DIOS`, `TAMBOPATA`, `INAMBARI`; `CUZCO` and
   * `LIMA-METROPOLITANA` too), level by level, or the level whose name did not match (with the levels above it).
   */
  matchDistrict(department: string, province: string, district: string): DistrictMatch {
    const departmentKey = placeKey(department);
    const dept = this.#byPlace.get(`/${DEPARTMENT_ALIASES[departmentKey] ?? departmentKey}`);
    if (!dept) return { missing: "DEPARTMENT" };
    const prov = this.#byPlace.get(`${dept.ubigeo}/${placeKey(province)}`);
    if (!prov) return { missing: "PROVINCE", department: dept };
    const found = this.#byPlace.get(`${prov.ubigeo}/${placeKey(district)}`);
    if (!found) return { missing: "DISTRICT", department: dept, province: prov };
    return { missing: null, district: found };
  }

  /** `matchDistrict`'s district, or undefined when a name did not match. */
  findDistrict(department: string, province: string, district: string): RegionEntry | undefined {
    const match = this.matchDistrict(department, province, district);
    return match.missing === null ? match.district : undefined;
  }
}

/** What `matchDistrict` found: the district, or the first level whose name is unknown under the levels above. */
export type DistrictMatch =
  | { missing: null; district: RegionEntry }
  | { missing: "DEPARTMENT" }
  | { missing: "PROVINCE"; department: RegionEntry }
  | { missing: "DISTRICT"; department: RegionEntry; province: RegionEntry };

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
 * A place name as a lookup key: upper case without accents (`normalizeName`), with hyphens, underscores and dots
 * read as spaces, since lists write INEI's `Anco-Huallo` as `ANCO HUALLO` or `ANCO_HUALLO`.
 */
export function placeKey(name: string): string {
  return normalizeName(name.replace(/[-_.]/g, " "));
}

/** Upper case without accents or extra spaces: how REINFO and other official lists write place names. */
export function normalizeName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toUpperCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** The level a code's length implies (`COUNTRY` for `00`), or undefined for a malformed code. */
export function levelOf(ubigeo: string): RegionLevel | undefined {
  if (ubigeo === NATIONAL_UBIGEO) return "COUNTRY";
  return /^\d+$/.test(ubigeo) ? LEVEL_BY_LENGTH[ubigeo.length] : undefined;
}

/**
 * What every code under a region starts with: the region's own code, or nothing for Peru (`00`), so that a
 * `startsWith` or a `^` regular expression selects Peru's descendants as it does a department's.
 */
export function descendantPrefix(ubigeo: string): string {
  return ubigeo === NATIONAL_UBIGEO ? "" : ubigeo;
}

/** Peru as a region: its population the departments' sum, its capital Lima's (the capital of the republic). */
function nationalEntry(regions: readonly RegionEntry[]): RegionEntry {
  const lima = regions.find((region) => region.ubigeo === "15");
  if (!lima) throw new Error("the UBIGEO directory has no department 15 (Lima)");
  const population = regions
    .filter((region) => region.level === "DEPARTMENT")
    .reduce((sum, region) => sum + region.population, 0);
  return {
    ubigeo: NATIONAL_UBIGEO,
    name: "Perú",
    level: "COUNTRY",
    parent: null,
    capital: lima.capital,
    latitude: lima.latitude,
    longitude: lima.longitude,
    altitude: lima.altitude,
    population,
  };
}

let shared: RegionCatalog | undefined;

/** The catalog shipped with the project (`packages/kit/data/ubigeo-inei-2025.json`), loaded on first use. */
export function regionCatalog(): RegionCatalog {
  shared ??= new RegionCatalog(
    JSON.parse(
      readFileSync(new URL("../data/ubigeo-inei-2025.json", import.meta.url), "utf8"),
    ) as CatalogFile,
  );
  return shared;
}

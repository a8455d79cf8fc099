import { readFileSync } from "node:fs";
import { badUserInput } from "./errors.ts";

/** The three levels of INEI's UBIGEO: 2, 4 and 6 digits. */
export type RegionLevel = "DEPARTMENT" | "PROVINCE" | "DISTRICT";

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
  readonly #byName = new Map<string, RegionEntry[]>();

  constructor(file: CatalogFile) {
    this.source = file.source;
    this.version = file.version;
    this.#byCode = new Map(file.regions.map((r) => [r.ubigeo, r]));
    for (const region of file.regions) {
      const siblings = this.#children.get(region.parent) ?? [];
      siblings.push(region);
      this.#children.set(region.parent, siblings);
      const key = `${region.level}:${normalizeName(region.name)}`;
      this.#byName.set(key, [...(this.#byName.get(key) ?? []), region]);
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

  /** Direct children (provinces of a department, districts of a province); departments for `null`. */
  children(ubigeo: string | null): readonly RegionEntry[] {
    return this.#children.get(ubigeo) ?? [];
  }

  /** Regions of a level, optionally under a parent (any ancestor), in code order. */
  list(options: { level?: RegionLevel | undefined; parent?: string | undefined } = {}): RegionEntry[] {
    const out: RegionEntry[] = [];
    for (const region of this.#byCode.values()) {
      if (options.level && region.level !== options.level) continue;
      if (
        options.parent !== undefined &&
        !(region.ubigeo.startsWith(options.parent) && region.ubigeo !== options.parent)
      ) {
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
   * no accents: `MADRE DE DIOS`, `TAMBOPATA`, `INAMBARI`).
   */
  findDistrict(department: string, province: string, district: string): RegionEntry | undefined {
    const dept = this.#byName.get(`DEPARTMENT:${normalizeName(department)}`)?.[0];
    if (!dept) return undefined;
    const prov = this.#byName
      .get(`PROVINCE:${normalizeName(province)}`)
      ?.find((p) => p.ubigeo.startsWith(dept.ubigeo));
    if (!prov) return undefined;
    return this.#byName
      .get(`DISTRICT:${normalizeName(district)}`)
      ?.find((d) => d.ubigeo.startsWith(prov.ubigeo));
  }
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

/** The level a code's length implies, or undefined for a malformed code. */
export function levelOf(ubigeo: string): RegionLevel | undefined {
  return /^\d+$/.test(ubigeo) ? LEVEL_BY_LENGTH[ubigeo.length] : undefined;
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

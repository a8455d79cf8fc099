import { SeededRandom } from "@tinkuy/demo-data";
import { isValidRuc, regionCatalog, rucCheckDigit } from "@tinkuy/kit";
import { derive } from "./support.ts";
import { WINDOWS } from "./vocabulary.ts";

/** Share of generated operations that name the operators they targeted. */
const TARGETED_SHARE = 0.25;
/** Share of targets drawn from the known RUCs when some are given. */
const KNOWN_SHARE = 0.8;

/**
 * A RUC to target, as the launcher reads it from formalization's database (e.g. of EXCLUDED or SUSPENDED
 * records): a bare RUC, or the RUC with the UBIGEO of its record so that it is targeted in that region.
 */
export type KnownRuc = string | { ruc: string; ubigeo: string };

interface KnownOperators {
  byDepartment: Map<string, { ruc: string; district: string | null }[]>;
  anywhere: string[];
  all: Set<string>;
}

/** The operators an operation may target: the known ones by department, and generated RUCs. */
export interface TargetPool {
  known: KnownOperators;
  pool: string[];
}

/**
 * The seed's target pool: the known RUCs (invalid ones skipped) and, for operators with no REINFO record,
 * generated RUCs in proportion to the operations expected to name a target.
 */
export function targetPool(seed: number, scale: number, knownRucs: readonly KnownRuc[]): TargetPool {
  const expectedTargets = WINDOWS.reduce((sum, w) => sum + w.operations, 0) * scale * TARGETED_SHARE;
  return {
    known: knownOperators(knownRucs),
    pool: generatedRucs(
      new SeededRandom(derive(seed, "rucs")),
      Math.max(20, Math.round(expectedTargets * 0.6)),
    ),
  };
}

function knownOperators(entries: readonly KnownRuc[]): KnownOperators {
  const catalog = regionCatalog();
  const normalized = new Map<string, string | null>();
  for (const entry of entries) {
    const ruc = (typeof entry === "string" ? entry : entry.ruc).trim();
    const ubigeo = typeof entry === "string" ? null : entry.ubigeo.trim();
    if (!isValidRuc(ruc)) continue;
    const place = ubigeo && catalog.get(ubigeo) ? ubigeo : null;
    // A RUC given with a place keeps it; given twice, the smallest code wins (input order does not matter).
    const before = normalized.get(ruc);
    if (before === undefined || (place !== null && (before === null || place < before))) {
      normalized.set(ruc, place);
    }
  }
  const known: KnownOperators = { byDepartment: new Map(), anywhere: [], all: new Set(normalized.keys()) };
  for (const [ruc, place] of [...normalized].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (place === null) {
      known.anywhere.push(ruc);
      continue;
    }
    const list = known.byDepartment.get(place.slice(0, 2)) ?? [];
    list.push({ ruc, district: place.length === 6 ? place : null });
    known.byDepartment.set(place.slice(0, 2), list);
  }
  return known;
}

/** Operators with a RUC but no REINFO record to borrow: persons (10 + DNI) and companies (20). */
function generatedRucs(random: SeededRandom, size: number): string[] {
  const rucs = new Set<string>();
  while (rucs.size < size) {
    const body = random.chance(0.55)
      ? `10${String(random.int(1_000_000, 79_999_999)).padStart(8, "0")}`
      : `20${random.int(10_000_000, 61_999_999)}`;
    rucs.add(body + String(rucCheckDigit(body)));
  }
  return [...rucs];
}

/** The operators a generated operation names, if any: most from the known RUCs of its department. */
export function pickTargets(random: SeededRandom, gen: TargetPool, department: string) {
  const targets: { ruc: string; district: string | null }[] = [];
  if (!random.chance(TARGETED_SHARE)) return targets;
  const wanted = random.chance(0.8) ? 1 : 2;
  const local = gen.known.byDepartment.get(department) ?? [];
  for (let i = 0; i < wanted; i++) {
    let target: { ruc: string; district: string | null };
    if (
      gen.known.all.size > 0 &&
      random.chance(KNOWN_SHARE) &&
      (local.length > 0 || gen.known.anywhere.length > 0)
    ) {
      target =
        local.length > 0 && (gen.known.anywhere.length === 0 || random.chance(0.9))
          ? random.pick(local)
          : { ruc: random.pick(gen.known.anywhere), district: null };
    } else {
      target = { ruc: random.pick(gen.pool), district: null };
    }
    if (!targets.some((t) => t.ruc === target.ruc)) targets.push(target);
  }
  return targets;
}

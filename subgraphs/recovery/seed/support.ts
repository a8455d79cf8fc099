import type { SeededRandom } from "@tinkuy/demo-data";
import { regionCatalog, type RegionEntry } from "@tinkuy/kit";
import type { Models } from "../src/models.ts";
import { DEMO_TODAY } from "../src/provenance.ts";
import { COMPANY_SUFFIXES, COMPANY_WORDS, GIVEN_NAMES, SURNAMES, UNIT_NAMES } from "./vocabulary.ts";

/**
 * The seed's "today": data runs to this date, never to the clock's, and never past the latest published figure
 * it imitates (MAAP #233, July 2025: `DEMO_TODAY`). Records modelled on older figures stop earlier
 * (`MODELLED_UNTIL` in provenance.ts).
 */
export const SEED_NOW = DEMO_TODAY;
/** Documents per insert. */
export const BATCH = 2_000;
/** Who the seed records as author of what it writes. */
export const RECORDED_BY = "seed:recovery";
export const DAY = 86_400_000;

/** Inserts through the driver (no mongoose casting), stamped with the seed's date. */
export async function insertBatch(collection: Models["Area"]["collection"], docs: object[]): Promise<void> {
  if (docs.length === 0) return;
  await collection.insertMany(
    docs.map((doc) => ({ ...doc, createdAt: SEED_NOW, updatedAt: SEED_NOW })),
    { ordered: false },
  );
}

export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** A standard normal draw (Box–Muller). */
export function normal(random: SeededRandom): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

export function personName(random: SeededRandom): string {
  return `${random.pick(SURNAMES)} ${random.pick(SURNAMES)} ${random.pick(GIVEN_NAMES)}`;
}

export function companyName(random: SeededRandom): string {
  return `COMPAÑIA MINERA ${random.pick(UNIT_NAMES)} ${random.pick(COMPANY_WORDS)} ${random.pick(COMPANY_SUFFIXES)}`;
}

/** The districts of a code: itself for a district, all of them under a province or department. */
export function districtsOf(code: string): RegionEntry[] {
  const catalog = regionCatalog();
  return code.length === 6
    ? [catalog.require(code, "seed")]
    : catalog.list({ level: "DISTRICT", parent: code });
}

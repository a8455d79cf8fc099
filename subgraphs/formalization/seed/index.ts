import { SeededRandom } from "@tinkuy/demo-data";
import { invariant, type PillarSeed, type SeedLinks } from "@tinkuy/kit";
import type { Models } from "../src/models.ts";
import { rebuildRegionStats } from "../src/region-stats.ts";
import type { LedgerDoc } from "../src/models.ts";
import { replaceLedger } from "../src/status-ledger.ts";
import { seedRecords, type SeedSummary } from "./records.ts";

export type { SeedSummary } from "./records.ts";

/** What to seed: `scale` 1 is REINFO's size (~86,000 records); the same scale and seed give the same data. */
export interface SeedOptions {
  scale: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Replaces the REINFO registry with deterministic data shaped like the published figures (domain §5): exact
 * status totals of the 2025 purge, department shares, a long tail of registrations per RUC, coherent status
 * histories. Generates and inserts batch by batch, so memory stays flat at scale 10, then rebuilds the
 * region counters and the ledger of status transitions behind as-of figures.
 */
export async function seedFormalization(models: Models, options: SeedOptions): Promise<SeedSummary> {
  const { scale } = options;
  invariant(scale > 0 && scale <= 10, `seed scale must be greater than 0 and at most 10, got ${scale}`);
  const random = new SeededRandom(options.seed ?? 2025);
  await models.Record.deleteMany({});
  await models.RegionStats.deleteMany({});
  await models.RegionDay.deleteMany({});
  const ledger = new Map<string, LedgerDoc>();
  const summary = await seedRecords(models, random, scale, options.onProgress, ledger);
  await rebuildRegionStats(models);
  await replaceLedger(models, ledger);
  return summary;
}

/** REINFO's demo registry; seeded first, because the other pillars' demo data links to its operators. */
export const seed: PillarSeed<Models>["seed"] = async (models, { scale, seed, onProgress }) => {
  const s = await seedFormalization(models, { scale, ...(seed === undefined ? {} : { seed }), onProgress });
  return `${s.records.toLocaleString("en")} REINFO records from ${s.distinctRucs.toLocaleString("en")} RUCs`;
};

/** REINFO's excluded and suspended operators, each with a district of theirs: what the other seeds link to. */
export async function links(models: Models): Promise<SeedLinks> {
  const records = await models.Record.collection
    .find(
      { ESTADO: { $in: ["EXCLUIDO", "SUSPENDIDO"] } },
      { projection: { _id: 0, M_RUC: 1, ID_DIST: 1, ESTADO: 1 } },
    )
    .toArray();
  const statusOf = new Map<string, string>();
  const withDistrict: { ruc: string; ubigeo: string }[] = [];
  for (const record of records) {
    const ruc = String(record.M_RUC);
    if (statusOf.has(ruc)) continue;
    statusOf.set(ruc, String(record.ESTADO));
    withDistrict.push({ ruc, ubigeo: String(record.ID_DIST) });
  }
  return { rucs: [...statusOf.keys()], withDistrict, statusOf };
}

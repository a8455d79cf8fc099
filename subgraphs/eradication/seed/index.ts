import { SeededRandom } from "@tinkuy/demo-data";
import type { PillarSeed } from "@tinkuy/kit";
import type { Models } from "../src/models.ts";
import { rebuildRegionStats } from "../src/region-stats.ts";
import { seedOperations, type OperationsSummary } from "./operations.ts";
import { seedOutposts } from "./outposts.ts";
import { seedOffices } from "./prosecutor-offices.ts";
import { seedReportedFigures } from "./reported-figures.ts";
import { derive } from "./support.ts";
import type { KnownRuc } from "./targets.ts";

export type { KnownRuc } from "./targets.ts";

/** How to seed. */
export interface SeedOptions {
  /** 1 is the published scale (~2,700 operations); 0 < scale ≤ 10. */
  scale: number;
  seed?: number;
  /** RUCs that most targeted operators are drawn from, so cross-pillar views find overlaps. Invalid ones are skipped. */
  knownRucs?: readonly KnownRuc[];
  onProgress?: (done: number, total: number) => void;
}

/** What a seed produced. */
export interface SeedSummary extends OperationsSummary {
  outposts: number;
  offices: number;
  reportedFigures: number;
  regionStats: number;
}

/**
 * Replaces the pillar's data with deterministic data at the published scale: ~740 operations in 2024 worth
 * S/ 2,231.56 million, exactly 737 worth S/ 2,604,944,201.50 from 1-Jan to 26-Sep-2025 by PCM's regional
 * counts (at scale 1), and nothing generated after that last published figure; the named Pataz operations and
 * DICAPI's January 2025 river interdiction as reported (the last on 21-Oct-2025), the three CUPAZ outposts, the
 * FEMA offices (reports to 30-Jun-2025), and the High Commissioner's claim for 1–7 Dec 2025 as a reported figure
 * (a real public claim: `REPORTED` and `UNVERIFIED`, not synthetic). About a quarter of the operations name targeted operators, most of them from `knownRucs` when given.
 * Each span is generated twice from the same stream: once to total its raw valuations, once to scale them to
 * the published total and insert in batches (memory stays flat at scale 10). Then the region counters are
 * rebuilt. Same scale, seed and known RUCs, same documents.
 */
export async function seedEradication(models: Models, options: SeedOptions): Promise<SeedSummary> {
  if (!(options.scale > 0 && options.scale <= 10)) throw new Error("scale must be in (0, 10]");
  const seed = options.seed ?? 2025;
  const scale = options.scale;
  await Promise.all([
    models.Operation.deleteMany({}),
    models.RegionStats.deleteMany({}),
    models.Outpost.deleteMany({}),
    models.Office.deleteMany({}),
    models.ReportedFigure.deleteMany({}),
  ]);
  const operations = await seedOperations(models, seed, scale, options.knownRucs ?? [], options.onProgress);
  const outposts = await seedOutposts(models);
  const offices = await seedOffices(models, new SeededRandom(derive(seed, "offices")));
  const reportedFigures = await seedReportedFigures(models);
  const regionStats = await rebuildRegionStats(models);
  return { ...operations, outposts, offices, reportedFigures, regionStats };
}

/** Enforcement operations at the published scale, most targets drawn from REINFO's excluded operators. */
export const seed: PillarSeed<Models>["seed"] = async (models, { scale, seed, links, onProgress }) => {
  const s = await seedEradication(models, {
    scale,
    ...(seed === undefined ? {} : { seed }),
    knownRucs: links.withDistrict,
    onProgress,
  });
  return `${s.operations.toLocaleString("en")} enforcement operations, ${s.reportedFigures} reported figures`;
};

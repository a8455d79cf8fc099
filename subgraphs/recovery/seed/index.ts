import { SeededRandom } from "@tinkuy/demo-data";
import { isValidRuc, type PillarSeed } from "@tinkuy/kit";
import type { Models } from "../src/models.ts";
import { rebuildRegionStats } from "../src/region-stats.ts";
import { aresToHectares } from "../src/units.ts";
import { countAreas, seedAreas } from "./degraded-areas.ts";
import { seedLiabilities, type LiabilitySummary } from "./liabilities.ts";
import { seedProjects } from "./restoration-projects.ts";
import { LIABILITIES_AT_SCALE_1, PROJECTS } from "./vocabulary.ts";

export { SEED_NOW } from "./support.ts";

/** How to seed. */
export interface SeedOptions {
  /** 1 = the published sizes (6,116 liabilities, ~46,000 ha detected January 2021 to June 2025); at most 10. */
  scale: number;
  seed?: number;
  /**
   * RUCs known to other pillars (the launcher passes REINFO's): a share of the liabilities with a known
   * responsible operator get one of them, so cross-pillar evidence finds overlaps. Invalid ones are ignored;
   * the order does not matter.
   */
  knownRucs?: readonly string[];
  onProgress?: (done: number, total: number) => void;
}

/** What a seed produced. */
export interface SeedSummary extends LiabilitySummary {
  degradedAreas: number;
  degradedHectares: number;
  projects: number;
  progressReports: number;
  measurements: number;
  regionStats: number;
}

/**
 * Replaces the recovery data with deterministic data shaped like the published figures: MINEM's PAM inventory
 * (6,116 rows times `scale`, 238 of high or very high risk), degraded areas detected January 2021 to 30 June 2025
 * (mostly Madre de Dios, 74% inside the Mining Corridor), and restoration projects with their progress reports
 * and monitoring series. Same options, same documents. Inserted in batches through the driver (memory stays
 * flat at scale 10), then the region counters are rebuilt.
 */
export async function seedRecovery(models: Models, options: SeedOptions): Promise<SeedSummary> {
  if (!(options.scale > 0 && options.scale <= 10)) throw new Error("scale must be in (0, 10]");
  const seed = options.seed ?? 2026;
  const random = new SeededRandom(seed);
  const known = [...new Set((options.knownRucs ?? []).filter(isValidRuc))].sort();
  await Promise.all(Object.values(models).map((model: Models["Area"]) => model.deleteMany({})));

  const liabilityTotal = Math.round(LIABILITIES_AT_SCALE_1 * options.scale);
  const areaTotal = countAreas(seed, options.scale);
  const progress = { done: 0, total: liabilityTotal + areaTotal };
  const advance = (n: number) => {
    progress.done += n;
    options.onProgress?.(progress.done, progress.total);
  };

  const liabilities = await seedLiabilities(models, random, liabilityTotal, options.scale, known, advance);
  const areas = await seedAreas(models, random, seed, options.scale, advance);
  const projects = await seedProjects(models, random, areas.index);
  await models.Sequence.insertMany([
    { _id: "DA", value: areas.index.length + projects.extraAreas },
    { _id: "RP", value: PROJECTS.length },
  ]);
  const regionStats = await rebuildRegionStats(models);
  return {
    ...liabilities,
    degradedAreas: areas.index.length + projects.extraAreas,
    degradedHectares: aresToHectares(areas.ares + projects.extraAres),
    projects: projects.projects,
    progressReports: projects.reports,
    measurements: projects.measurements,
    regionStats,
  };
}

/** MINEM's liability inventory, degraded areas and restoration projects at the published scale. */
export const seed: PillarSeed<Models>["seed"] = async (models, { scale, seed, links, onProgress }) => {
  const s = await seedRecovery(models, {
    scale,
    ...(seed === undefined ? {} : { seed }),
    knownRucs: links.rucs,
    onProgress,
  });
  return `${s.liabilities.toLocaleString("en")} mining liabilities, ${s.degradedAreas.toLocaleString("en")} degraded areas`;
};

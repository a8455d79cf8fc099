import { SeededRandom } from "@tinkuy/demo-data";
import type { PillarSeed } from "@tinkuy/kit";
import { CounterChange } from "../src/counters.ts";
import type { Models, ProjectDoc } from "../src/models.ts";
import type { InvestmentStatus } from "../src/vocabulary.ts";
import { demoProject, functionDraws } from "./projects.ts";
import { seeded, SEED_NOW } from "./provenance.ts";
import { PROJECTS_AT_SCALE_1 } from "./vocabulary.ts";

export { SEED_NOW } from "./provenance.ts";

/** Investments per insert command. */
const BATCH = 2_000;

/** How to seed. */
export interface SeedOptions {
  /** 1 = 3,000 investments registered 2019 to November 2026 (see vocabulary.ts); at most 10. */
  scale: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

/** What a seed produced. */
export interface SeedSummary {
  projects: number;
  byStatus: Record<InvestmentStatus, number>;
  /** Accrual entries: months, and whole years before the monthly ones. */
  accruals: number;
  accruedCents: number;
  /** Counter documents written. */
  regionStats: number;
}

/**
 * Replaces the services data with deterministic demo investments (SYNTHETIC, CUIs from 9000001): `3,000 × scale`
 * registered from January 2019 to the seed's today (30 November 2026), weighted to the hub's mining regions, each
 * through its life cycle with its accruals. Same options, same documents. The investments are inserted in batches
 * through the driver and counted into the region counters as they are drawn, which are then written in one
 * command: no read, and no rebuild pass over what was just written.
 */
export async function seedServices(models: Models, options: SeedOptions): Promise<SeedSummary> {
  if (!(options.scale > 0 && options.scale <= 10)) throw new Error("scale must be in (0, 10]");
  const random = new SeededRandom(options.seed ?? 1905);
  await Promise.all([models.Project.deleteMany({}), models.Stats.deleteMany({})]);

  const total = Math.max(1, Math.round(PROJECTS_AT_SCALE_1 * options.scale));
  const provenance = seeded();
  const counters = new CounterChange();
  const summary: SeedSummary = {
    projects: 0,
    byStatus: { FORMULATION: 0, VIABLE: 0, EXECUTION: 0, CLOSED: 0, DEACTIVATED: 0 },
    accruals: 0,
    accruedCents: 0,
    regionStats: 0,
  };
  let batch: ProjectDoc[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await models.Project.collection.insertMany(
      batch.map((doc) => ({ ...doc, createdAt: SEED_NOW, updatedAt: SEED_NOW })),
      { ordered: false },
    );
    batch = [];
    options.onProgress?.(summary.projects, total);
  };
  for (const [i, profile] of functionDraws(random, total).entries()) {
    const project = demoProject(random, i, profile, provenance);
    counters.add(project, 1);
    summary.projects++;
    summary.byStatus[project.status]++;
    summary.accruals += project.execution.length;
    summary.accruedCents += project.accruedCents;
    batch.push(project);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  // Inserted as documents (the collection was just emptied): the engine inserts them far faster than it applies
  // the same upserts.
  const docs = counters.documents();
  if (docs.length > 0) await models.Stats.collection.insertMany(docs as never[], { ordered: false });
  summary.regionStats = docs.length;
  return summary;
}

/** Demo public investments by district, weighted to the mining regions. */
export const seed: PillarSeed<Models>["seed"] = async (models, { scale, seed, onProgress }) => {
  const s = await seedServices(models, { scale, ...(seed === undefined ? {} : { seed }), onProgress });
  return `${s.projects.toLocaleString("en")} public investments, ${s.accruals.toLocaleString("en")} accruals`;
};

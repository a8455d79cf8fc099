import { SeededRandom } from "@tinkuy/demo-data";
import { centsToDecimal, type PillarSeed } from "@tinkuy/kit";
import { projectFinance } from "../src/finance.ts";
import { ACTIVITY_STATUS_OF, ORG_TYPE, type ActivityStatus, type Currency } from "../src/iati.ts";
import type { Models, ProjectDoc } from "../src/models.ts";
import { rebuildRegionMoney } from "../src/region-stats.ts";
import { wasImplementing } from "../src/status.ts";
import { seedEnrollments, type EnrollmentOptions } from "./enrollments.ts";
import { newProject, type EnrollmentWindow } from "./projects.ts";
import { donorProvenance } from "./provenance.ts";
import { day, SEED_NOW } from "./support.ts";
import { demoOrgRef, DONORS, IMPLEMENTERS } from "./vocabulary.ts";

export { SEED_NOW } from "./support.ts";

/** Projects at scale 1: a portfolio of the size Peru's alternative-livelihood programmes run in mining regions. */
export const PROJECTS_AT_SCALE_1 = 50;
const PROJECT_BATCH = 25;

/** Options of {@link seedLivelihoods}. */
export interface SeedOptions extends EnrollmentOptions {
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

/** What a seed produced. */
export interface SeedSummary {
  projects: number;
  byStatus: Record<ActivityStatus, number>;
  /** Projects in `IMPLEMENTATION` at some time in the year of the seed's day ({@link SEED_NOW}, 2025). */
  activeInSeedYear: number;
  transactions: number;
  indicators: number;
  enrollments: number;
  donors: number;
  committed: Record<Currency, string>;
  disbursed: Record<Currency, string>;
}

/**
 * Replaces the portfolio with deterministic demo data: ~50 projects (times `scale`) funded by eight synthetic
 * funders (each modelled on a real funder of alternative development in Peru, named only in the provenance note)
 * in the mining regions, with IATI-coherent status histories (one funder's suspended by a stop-work order in
 * January 2025), yearly budgets, commitments and disbursements in PEN and USD, results frameworks with yearly
 * targets and actuals, beneficiaries, and enrollments of a share of the known REINFO RUCs. Everything that
 * happens (status changes, transactions, actuals, beneficiary reports, enrollments) is dated on or before the
 * seed's day, {@link SEED_NOW}; only plans (planned dates, budget periods, targets) reach beyond it, as they do
 * in any IATI file. Same options, same documents. Inserted in batches, then the region counters are rebuilt.
 */
export async function seedLivelihoods(models: Models, options: SeedOptions): Promise<SeedSummary> {
  if (!(options.scale > 0 && options.scale <= 10)) throw new Error("scale must be in (0, 10]");
  const random = new SeededRandom(options.seed ?? 2026);
  await Promise.all([
    models.Project.deleteMany({}),
    models.Donor.deleteMany({}),
    models.Enrollment.deleteMany({}),
    models.RegionMoney.deleteMany({}),
  ]);
  await models.Donor.insertMany(
    DONORS.map((d) => ({ _id: d.ref, name: d.name, type: ORG_TYPE[d.type], provenance: donorProvenance(d) })),
    { ordered: false },
  );

  const total = Math.max(1, Math.round(PROJECTS_AT_SCALE_1 * options.scale));
  const implementers = IMPLEMENTERS.map(([id, name, type]) => ({ name, type, ref: demoOrgRef(id) }));
  const summary: SeedSummary = {
    projects: 0,
    byStatus: { PIPELINE: 0, IMPLEMENTATION: 0, FINALISATION: 0, CLOSED: 0, CANCELLED: 0, SUSPENDED: 0 },
    activeInSeedYear: 0,
    transactions: 0,
    indicators: 0,
    enrollments: 0,
    donors: DONORS.length,
    committed: { PEN: "0.00", USD: "0.00" },
    disbursed: { PEN: "0.00", USD: "0.00" },
  };
  const money = { committed: { PEN: 0, USD: 0 }, disbursed: { PEN: 0, USD: 0 } };
  const windows: EnrollmentWindow[] = [];
  let batch: ProjectDoc[] = [];
  for (let seq = 1; seq <= total; seq++) {
    const { doc, window } = newProject(random, seq, implementers);
    batch.push(doc);
    if (window) windows.push(window);
    summary.byStatus[ACTIVITY_STATUS_OF[doc.activityStatus]]++;
    const year = SEED_NOW.getUTCFullYear();
    if (wasImplementing(doc.statusHistory, day(year, 0, 1), day(year + 1, 0, 1))) summary.activeInSeedYear++;
    summary.transactions += doc.transactions.length;
    summary.indicators += doc.results.reduce((n, r) => n + r.indicators.length, 0);
    const finance = projectFinance(doc);
    for (const currency of ["PEN", "USD"] as const) {
      money.committed[currency] += finance.committed[currency];
      money.disbursed[currency] += finance.disbursed[currency];
    }
    if (batch.length >= PROJECT_BATCH || seq === total) {
      await models.Project.collection.insertMany(batch, { ordered: false });
      summary.projects += batch.length;
      batch = [];
      options.onProgress?.(summary.projects, total);
    }
  }
  for (const currency of ["PEN", "USD"] as const) {
    summary.committed[currency] = centsToDecimal(money.committed[currency]);
    summary.disbursed[currency] = centsToDecimal(money.disbursed[currency]);
  }
  summary.enrollments = await seedEnrollments(models, random, options, windows);
  await rebuildRegionMoney(models);
  return summary;
}

/** The donors' project portfolio, enrolling a share of REINFO's excluded and suspended operators. */
export const seed: PillarSeed<Models>["seed"] = async (models, { scale, seed, links, onProgress }) => {
  const s = await seedLivelihoods(models, {
    scale,
    ...(seed === undefined ? {} : { seed }),
    knownRucs: links.rucs,
    reinfoStatusOf: links.statusOf,
    onProgress,
  });
  return `${s.projects.toLocaleString("en")} livelihood projects`;
};

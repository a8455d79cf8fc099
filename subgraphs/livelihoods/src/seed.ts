import { SeededRandom } from "@tinkuy/demo-data";
import { centsToDecimal, isValidRuc, rucCheckDigit } from "@tinkuy/kit";
import { projectFinance } from "./finance.ts";
import { ACTIVITY_STATUS_OF, ORG_TYPE, type ActivityStatus, type Currency } from "./iati.ts";
import type { EnrollmentDoc, EnrollmentEntry, EnrollmentStatus, Models, ProjectDoc } from "./models.ts";
import { rebuildRegionMoney } from "./region-stats.ts";
import { companyRuc, newProject, type EnrollmentWindow } from "./seed-project.ts";
import { addDays, day, midnight, minDate, RECORDED_BY } from "./seed-timeline.ts";
import { DONORS, DROPOUT_REASONS, IMPLEMENTERS, SYNTHETIC_REINFO } from "./seed-vocabulary.ts";
import { wasImplementing } from "./status.ts";

export { SEED_NOW } from "./seed-timeline.ts";

/** Projects at scale 1: a portfolio of the size Peru's alternative-livelihood programmes run in mining regions. */
export const PROJECTS_AT_SCALE_1 = 50;
/** Share of the known REINFO RUCs enrolled in projects (most have left the registry, many excluded). */
export const ENROLLMENT_SHARE = 0.03;
/** Enrollments at scale 1 when no REINFO RUCs are given (synthetic RUCs). */
export const SYNTHETIC_ENROLLMENTS_AT_SCALE_1 = 1_200;
const PROJECT_BATCH = 25;
const ENROLLMENT_BATCH = 2_000;

/** Options of {@link seedLivelihoods}. */
export interface SeedOptions {
  scale: number;
  seed?: number;
  /** RUCs of REINFO operators (the launcher passes formalization's): a deterministic share are enrolled. */
  knownRucs?: readonly string[];
  /** The REINFO status (ESTADO) of known RUCs, recorded on their enrollments when given. */
  reinfoStatusOf?: ReadonlyMap<string, string>;
  onProgress?: (done: number, total: number) => void;
}

/** What a seed produced. */
export interface SeedSummary {
  projects: number;
  byStatus: Record<ActivityStatus, number>;
  /** Projects in `IMPLEMENTATION` at some time in 2026. */
  activeIn2026: number;
  transactions: number;
  indicators: number;
  enrollments: number;
  donors: number;
  committed: Record<Currency, string>;
  disbursed: Record<Currency, string>;
}

/**
 * Replaces the portfolio with deterministic data: ~50 projects (times `scale`) funded by DEVIDA, USAID, the EU,
 * UNDP, BMZ, Canada, the IDB and the UK in the mining regions, with IATI-coherent status histories (USAID's
 * suspended in January 2025), yearly budgets, commitments and disbursements in PEN and USD, results frameworks
 * with yearly targets and actuals through 2026, beneficiaries, and enrollments of a share of the known REINFO
 * RUCs. Same options, same documents. Inserted in batches, then the region counters are rebuilt.
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
    DONORS.map((d) => ({ _id: d.ref, name: d.name, type: ORG_TYPE[d.type] })),
    { ordered: false },
  );

  const total = Math.max(1, Math.round(PROJECTS_AT_SCALE_1 * options.scale));
  const implementers = IMPLEMENTERS.map(([name, type]) => ({
    name,
    type,
    ref: `PE-RUC-${companyRuc(random)}`,
  }));
  const summary: SeedSummary = {
    projects: 0,
    byStatus: { PIPELINE: 0, IMPLEMENTATION: 0, FINALISATION: 0, CLOSED: 0, CANCELLED: 0, SUSPENDED: 0 },
    activeIn2026: 0,
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
    if (wasImplementing(doc.statusHistory, day(2026, 0, 1), day(2027, 0, 1))) summary.activeIn2026++;
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

/** The RUCs to enroll: a share of the known ones (sorted, so the order they come in does not matter) or synthetic. */
function enrollees(random: SeededRandom, options: SeedOptions): { ruc: string; status: string | null }[] {
  if (options.knownRucs) {
    const known = [...new Set(options.knownRucs)].filter(isValidRuc).sort();
    return known
      .filter(() => random.chance(ENROLLMENT_SHARE))
      .map((ruc) => ({ ruc, status: options.reinfoStatusOf?.get(ruc) ?? null }));
  }
  const used = new Set<string>();
  const out: { ruc: string; status: string | null }[] = [];
  const count = Math.round(SYNTHETIC_ENROLLMENTS_AT_SCALE_1 * options.scale);
  while (out.length < count) {
    const body = `10${String(random.int(1_000_000, 79_999_999)).padStart(8, "0")}`;
    const ruc = body + String(rucCheckDigit(body));
    if (used.has(ruc)) continue;
    used.add(ruc);
    out.push({ ruc, status: random.weighted(SYNTHETIC_REINFO) });
  }
  return out;
}

function enrollment(
  random: SeededRandom,
  ruc: string,
  status: string | null,
  w: EnrollmentWindow,
): EnrollmentDoc {
  const enrolledOn = midnight(random.dateBetween(w.from, w.until));
  const history: EnrollmentEntry[] = [
    { status: "ENROLLED", date: enrolledOn, reason: "Inscripción en el proyecto", recordedBy: RECORDED_BY },
  ];
  let final: EnrollmentStatus = "ENROLLED";
  let reason = "";
  switch (w.outcome) {
    case "ongoing":
      final = random.weighted([
        ["ENROLLED", 78],
        ["COMPLETED", 8],
        ["DROPPED_OUT", 14],
      ] as const);
      break;
    case "ended":
      final = random.chance(0.72) ? "COMPLETED" : "DROPPED_OUT";
      break;
    case "suspended":
      final = random.chance(0.85) ? "ENROLLED" : "DROPPED_OUT";
      break;
    case "cancelled":
      final = "DROPPED_OUT";
      reason = "Cancelación del proyecto";
      break;
  }
  if (final !== "ENROLLED") {
    const earliest = minDate(addDays(enrolledOn, 60), w.until);
    const date = midnight(random.dateBetween(earliest, w.until));
    if (final === "DROPPED_OUT" && !reason) reason = random.pick(DROPOUT_REASONS);
    if (final === "COMPLETED") reason = "Culminó el itinerario del proyecto";
    history.push({
      status: final,
      date: date < enrolledOn ? enrolledOn : date,
      reason,
      recordedBy: RECORDED_BY,
    });
  }
  return {
    _id: `${w.iatiIdentifier}|${ruc}`,
    iatiIdentifier: w.iatiIdentifier,
    ruc,
    enrolledOn,
    status: final,
    formerReinfoStatus: status,
    history,
  };
}

/** Enrolls the chosen RUCs in projects that have run, in proportion to the former miners each still has room for. */
async function seedEnrollments(
  models: Models,
  random: SeededRandom,
  options: SeedOptions,
  windows: EnrollmentWindow[],
): Promise<number> {
  let batch: EnrollmentDoc[] = [];
  let count = 0;
  for (const { ruc, status } of enrollees(random, options)) {
    const open = windows.filter((w) => w.capacity > 0);
    if (open.length === 0) break;
    const w = random.weighted(open.map((o) => [o, o.capacity] as const));
    w.capacity--;
    batch.push(enrollment(random, ruc, status, w));
    if (batch.length >= ENROLLMENT_BATCH) {
      await models.Enrollment.insertMany(batch, { ordered: false, lean: true });
      count += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) {
    await models.Enrollment.insertMany(batch, { ordered: false, lean: true });
    count += batch.length;
  }
  return count;
}

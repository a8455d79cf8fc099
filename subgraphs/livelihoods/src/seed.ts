import { centsToDecimal, isValidRuc, regionCatalog, rucCheckDigit, SeededRandom } from "@tinkuy/kit";
import { projectFinance } from "./finance.ts";
import {
  ACTIVITY_STATUS,
  ACTIVITY_STATUS_OF,
  BUDGET_STATUS,
  BUDGET_TYPE,
  DAC_SECTOR,
  DAC_VOCABULARY,
  INDICATOR_MEASURE,
  ORG_ROLE,
  ORG_TYPE,
  RESULT_TYPE,
  TRANSACTION_TYPE,
  type ActivityStatus,
  type ActivityStatusCode,
  type Currency,
  type OrganisationType,
  type TransactionTypeCode,
} from "./iati.ts";
import type {
  BudgetDoc,
  EnrollmentDoc,
  EnrollmentEntry,
  EnrollmentStatus,
  IndicatorDoc,
  Models,
  OrgDoc,
  ParticipatingOrgDoc,
  PeriodDoc,
  ProjectDoc,
  ResultDoc,
  StatusEntry,
  TransactionDoc,
} from "./models.ts";
import { rebuildRegionMoney, regionCodesOf } from "./region-stats.ts";
import {
  BUSINESS_PLAN,
  CHAINS,
  DEVIDA,
  DONORS,
  DROPOUT_REASONS,
  GIZ,
  IMPLEMENTERS,
  MATURITY,
  MINAM,
  MINEM,
  PLAN_ACTUALS,
  PLAN_TARGETS,
  SYNTHETIC_REINFO,
  type DonorSpec,
  type IndicatorSpec,
  type ValueChain,
} from "./seed-vocabulary.ts";
import { implementationSpans } from "./status.ts";

/** Projects at scale 1: a portfolio of the size Peru's alternative-livelihood programmes run in mining regions. */
export const PROJECTS_AT_SCALE_1 = 50;
/** Share of the known REINFO RUCs enrolled in projects (most have left the registry, many excluded). */
export const ENROLLMENT_SHARE = 0.03;
/** Enrollments at scale 1 when no REINFO RUCs are given (synthetic RUCs). */
export const SYNTHETIC_ENROLLMENTS_AT_SCALE_1 = 1_200;
/** The seed's "today": data runs through this date. */
export const SEED_NOW = new Date("2026-11-20T00:00:00.000Z");

const RECORDED_BY = "seed:livelihoods";
/** The US government's stop-work order on foreign assistance. */
const US_STOP_WORK = new Date("2025-01-24T00:00:00.000Z");
const LAST_END = new Date("2028-12-31T00:00:00.000Z");
const DAY = 86_400_000;
const PROJECT_BATCH = 25;
const ENROLLMENT_BATCH = 2_000;
/** Soles per dollar, to size PEN projects against USD ones (not stored: amounts keep their currency). */
const PEN_PER_USD = 3.75;

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

/** What enrollment needs to know of a project. */
interface EnrollmentWindow {
  iatiIdentifier: string;
  from: Date;
  until: Date;
  outcome: "ongoing" | "ended" | "suspended" | "cancelled";
  capacity: number;
}

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY);
const addMonths = (date: Date, months: number) =>
  day(date.getUTCFullYear(), date.getUTCMonth() + months, date.getUTCDate());
const minDate = (...dates: Date[]) => new Date(Math.min(...dates.map((d) => d.getTime())));
const midnight = (date: Date) => day(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());

function uniform(random: SeededRandom, [low, high]: readonly [number, number]): number {
  return low + random.next() * (high - low);
}

function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
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
    const spans = implementationSpans(doc.statusHistory);
    if (spans.some((s) => s.from < day(2027, 0, 1) && (s.until === null || s.until > day(2026, 0, 1)))) {
      summary.activeIn2026++;
    }
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

function companyRuc(random: SeededRandom): string {
  const body = `20${random.int(10_000_000, 61_999_999)}`;
  return body + String(rucCheckDigit(body));
}

function pickChain(random: SeededRandom, donor: DonorSpec): ValueChain {
  // DEVIDA funds alternative development (crops, aquaculture, agroforestry, diversification), not gold chains.
  const chains =
    donor === DEVIDA ? CHAINS.filter((c) => c.counterpart === "DEVIDA" || c.key === "agroforestry") : CHAINS;
  return random.weighted(chains.map((c) => [c, c.weight] as const));
}

/** One to three places of the chain, sometimes in two departments; districts of a province at times. */
function pickLocations(random: SeededRandom, chain: ValueChain): string[] {
  const catalog = regionCatalog();
  const places = new Set<string>();
  const main = random.pick(chain.places);
  if (main.length === 4 && random.chance(0.5)) {
    const districts = catalog.children(main);
    const n = random.int(1, Math.min(3, districts.length));
    for (let i = 0; i < n; i++) places.add(random.pick(districts).ubigeo);
  } else {
    places.add(main);
    if (main.length === 6 && random.chance(0.3))
      places.add(random.pick(catalog.children(main.slice(0, 4))).ubigeo);
  }
  if (random.chance(0.12)) {
    const elsewhere = chain.places.filter((p) => p.slice(0, 2) !== main.slice(0, 2));
    if (elsewhere.length > 0) places.add(random.pick(elsewhere));
  }
  return [...places].sort();
}

function placeName(locations: readonly string[]): string {
  const catalog = regionCatalog();
  const departments = [...new Set(locations.map((l) => l.slice(0, 2)))];
  if (departments.length > 1) return departments.map((d) => catalog.get(d)?.name ?? d).join(" y ");
  const first = catalog.get(locations[0] as string);
  const department = catalog.get(departments[0] as string)?.name ?? "";
  return first && first.level !== "DEPARTMENT" ? `${first.name} (${department})` : department;
}

interface Timeline {
  history: StatusEntry[];
  status: ActivityStatusCode;
  actualStart: Date | null;
  actualEnd: Date | null;
  /** When money and work stop: actual end, suspension, or today. */
  workEnd: Date;
}

function entry(status: ActivityStatusCode, date: Date, reason: string): StatusEntry {
  return { status, date, reason, recordedBy: RECORDED_BY };
}

/** A status history consistent with the dates, ending in the current status. */
function timeline(random: SeededRandom, donor: DonorSpec, plannedStart: Date, plannedEnd: Date): Timeline {
  const S = ACTIVITY_STATUS;
  const approval = minDate(addDays(plannedStart, -random.int(120, 300)), addDays(SEED_NOW, -20));
  const history = [entry(S.PIPELINE, approval, "Aprobación del proyecto por el financiador")];
  const pipeline = (): Timeline => ({
    history,
    status: S.PIPELINE,
    actualStart: null,
    actualEnd: null,
    workEnd: SEED_NOW,
  });
  const actualStart = addDays(plannedStart, random.int(0, 90));
  if (actualStart > SEED_NOW) {
    if (random.chance(0.08)) {
      const date = addDays(
        approval,
        random.int(10, Math.max(11, (SEED_NOW.getTime() - approval.getTime()) / DAY)),
      );
      history.push(
        entry(
          S.CANCELLED,
          minDate(date, SEED_NOW),
          "Cancelado antes del inicio: no se concretó el cofinanciamiento",
        ),
      );
      return { ...pipeline(), status: S.CANCELLED };
    }
    return pipeline();
  }
  history.push(entry(S.IMPLEMENTATION, actualStart, "Inicio de la ejecución"));
  const finish = (end: Date): Timeline => {
    history.push(
      entry(S.FINALISATION, end, "Culminación de actividades; cierre financiero y evaluación final en curso"),
    );
    const closed = addDays(end, random.int(120, 300));
    if (closed <= SEED_NOW) {
      history.push(entry(S.CLOSED, closed, "Cierre financiero y administrativo"));
      return { history, status: S.CLOSED, actualStart, actualEnd: end, workEnd: end };
    }
    return { history, status: S.FINALISATION, actualStart, actualEnd: end, workEnd: end };
  };
  const plannedFinish = addDays(plannedEnd, random.int(0, 45));
  if (donor.ref === "US-GOV-1" && actualStart < US_STOP_WORK && plannedFinish > US_STOP_WORK) {
    history.push(
      entry(
        S.SUSPENDED,
        US_STOP_WORK,
        "Orden de paralización de la asistencia exterior del Gobierno de EE. UU.",
      ),
    );
    if (random.chance(0.7)) {
      const end = addDays(day(2025, 1, 15), random.int(0, 45));
      history.push(entry(S.CANCELLED, end, "Terminación del convenio por el financiador"));
      return { history, status: S.CANCELLED, actualStart, actualEnd: end, workEnd: US_STOP_WORK };
    }
    return { history, status: S.SUSPENDED, actualStart, actualEnd: null, workEnd: US_STOP_WORK };
  }
  if (random.chance(0.06)) {
    const duration = plannedEnd.getTime() - actualStart.getTime();
    const paused = new Date(actualStart.getTime() + duration * uniform(random, [0.3, 0.5]));
    const resumed = addDays(paused, random.int(60, 150));
    if (resumed < SEED_NOW && resumed < plannedFinish) {
      history.push(
        entry(S.SUSPENDED, midnight(paused), "Suspensión por conflicto social en la zona de intervención"),
      );
      history.push(entry(S.IMPLEMENTATION, resumed, "Reanudación de actividades"));
    } else if (paused < SEED_NOW) {
      history.push(
        entry(S.SUSPENDED, midnight(paused), "Suspensión por conflicto social en la zona de intervención"),
      );
      return { history, status: S.SUSPENDED, actualStart, actualEnd: null, workEnd: midnight(paused) };
    }
  }
  if (donor.ref !== "US-GOV-1" && random.chance(0.03)) {
    const last = history[history.length - 1] as StatusEntry;
    const end = addDays(last.date, random.int(200, 500));
    if (end < SEED_NOW && end < plannedFinish) {
      history.push(entry(S.CANCELLED, end, "Cancelado por bajo desempeño del ejecutor"));
      return { history, status: S.CANCELLED, actualStart, actualEnd: end, workEnd: end };
    }
  }
  if (plannedFinish <= SEED_NOW) return finish(plannedFinish);
  return { history, status: S.IMPLEMENTATION, actualStart, actualEnd: null, workEnd: SEED_NOW };
}

/** Calendar years of the activity, clipped to its dates: budget and indicator periods (at most a year each). */
function yearlyPeriods(start: Date, end: Date): { start: Date; end: Date }[] {
  const out: { start: Date; end: Date }[] = [];
  for (let year = start.getUTCFullYear(); year <= end.getUTCFullYear(); year++) {
    const s = day(year, 0, 1) < start ? start : day(year, 0, 1);
    const e = day(year, 11, 31) > end ? end : day(year, 11, 31);
    out.push({ start: s, end: e });
  }
  return out;
}

function budgets(
  periods: { start: Date; end: Date }[],
  cents: number,
  currency: Currency,
  random: SeededRandom,
): BudgetDoc[] {
  const days = periods.map((p) => (p.end.getTime() - p.start.getTime()) / DAY + 1);
  const all = days.reduce((a, b) => a + b, 0);
  let left = cents;
  const out: BudgetDoc[] = periods.map((p, i) => {
    const value =
      i === periods.length - 1 ? left : Math.round((cents * (days[i] as number)) / all / 100) * 100;
    left -= value;
    return {
      type: BUDGET_TYPE.ORIGINAL,
      status: BUDGET_STATUS.COMMITTED,
      periodStart: p.start,
      periodEnd: p.end,
      value: { currency, cents: value, valueDate: p.start },
    };
  });
  if (out.length > 2 && random.chance(0.2)) {
    const revised = out[random.int(1, out.length - 1)] as BudgetDoc;
    out.push({
      ...revised,
      type: BUDGET_TYPE.REVISED,
      value: {
        ...revised.value,
        cents: Math.round((revised.value.cents * uniform(random, [0.85, 1.1])) / 100) * 100,
      },
    });
  }
  return out;
}

interface FlowPlan {
  funder: OrgDoc;
  currency: Currency;
  cents: number;
  /** True when the funder publishes the activity (outgoing 2/3), false when the money comes in (11/1). */
  funderReports: boolean;
  /** True when the implementer publishes the activity: it then reports its expenditures too. */
  implementerReports: boolean;
  reportingOrg: OrgDoc;
  implementer: OrgDoc;
  /** Commitment tranches: date and share. */
  tranches: { date: Date; cents: number }[];
}

function transaction(
  type: TransactionTypeCode,
  date: Date,
  currency: Currency,
  cents: number,
  provider: OrgDoc | null,
  receiver: OrgDoc | null,
  description: string,
): TransactionDoc {
  return {
    ref: null,
    transactionType: type,
    transactionDate: date,
    value: { currency, cents, valueDate: date },
    description,
    providerOrg: provider,
    receiverOrg: receiver,
    recordedAt: addDays(date, 7) > SEED_NOW ? SEED_NOW : addDays(date, 7),
    recordedBy: RECORDED_BY,
    idempotencyKey: null,
  };
}

/**
 * A funder's money: commitments in tranches, then quarterly disbursements (or incoming funds) that follow the
 * work and never exceed what was committed by then; an implementer that publishes also reports expenditures.
 */
function flows(
  random: SeededRandom,
  plan: FlowPlan,
  time: Timeline,
  windowEnd: Date,
  months: number,
): TransactionDoc[] {
  const out: TransactionDoc[] = [];
  const last = minDate(SEED_NOW, windowEnd);
  const commitType = plan.funderReports
    ? TRANSACTION_TYPE.OUTGOING_COMMITMENT
    : TRANSACTION_TYPE.INCOMING_COMMITMENT;
  const flowType = plan.funderReports ? TRANSACTION_TYPE.DISBURSEMENT : TRANSACTION_TYPE.INCOMING_FUNDS;
  const receiver = plan.funderReports ? plan.implementer : plan.reportingOrg;
  const tranches = plan.tranches.filter((t) => t.date <= minDate(last, time.workEnd));
  for (const t of tranches) {
    out.push(
      transaction(
        commitType,
        t.date,
        plan.currency,
        t.cents,
        plan.funder,
        receiver,
        "Compromiso de financiamiento",
      ),
    );
  }
  if (!time.actualStart) return out;
  let paid = 0;
  const stop = minDate(last, addDays(time.workEnd, 60));
  for (let q = 0; ; q++) {
    const date = addMonths(addDays(time.actualStart, 15), 3 * q);
    if (date > stop) break;
    const committed = tranches.filter((t) => t.date <= date).reduce((sum, t) => sum + t.cents, 0);
    const wanted = Math.round(((plan.cents * 3) / months) * uniform(random, [0.75, 1.1]));
    const cents = Math.min(wanted, committed - paid);
    if (cents < 100) continue;
    paid += cents;
    out.push(
      transaction(
        flowType,
        date,
        plan.currency,
        cents,
        plan.funder,
        receiver,
        `Desembolso del trimestre ${q + 1}`,
      ),
    );
    const spent = addDays(date, 20);
    if (plan.implementerReports && spent <= last) {
      out.push(
        transaction(
          TRANSACTION_TYPE.EXPENDITURE,
          spent,
          plan.currency,
          Math.round(cents * uniform(random, [0.8, 1])),
          plan.reportingOrg,
          null,
          "Gastos de ejecución del trimestre",
        ),
      );
    }
  }
  return out;
}

function implementationDuring(time: Timeline, from: Date, until: Date): boolean {
  return implementationSpans(time.history).some((s) => s.from < until && (s.until ?? SEED_NOW) > from);
}

function indicator(
  random: SeededRandom,
  spec: IndicatorSpec,
  code: string,
  periods: { start: Date; end: Date }[],
  plannedStart: Date,
  plannedBeneficiaries: number,
  performance: number,
  time: Timeline,
): IndicatorDoc {
  const how = spec.how;
  let base: number | null;
  let final: number;
  let decimals = 0;
  switch (how.kind) {
    case "count":
      base = 0;
      final = Math.max(10, Math.round(plannedBeneficiaries * uniform(random, how.perBeneficiary)));
      break;
    case "level": {
      decimals = how.decimals;
      base = roundTo(uniform(random, how.base), decimals);
      const gain = uniform(random, how.gain);
      final = roundTo(spec.ascending ? base * (1 + gain) : base * (1 - gain), decimals);
      break;
    }
    case "share":
      decimals = 1;
      base = roundTo(uniform(random, how.base), 1);
      final = roundTo(
        spec.ascending
          ? Math.min(95, base + uniform(random, how.gain))
          : Math.max(1, base - uniform(random, how.gain)),
        1,
      );
      break;
    case "ordinal":
      base = random.int(1, 2);
      final = random.int(4, 5);
      break;
    case "qualitative":
      base = null;
      final = 0;
      break;
  }
  const n = periods.length;
  const docs: PeriodDoc[] = periods.map((p, k) => {
    const until = addDays(p.end, 1);
    const reported =
      p.start <= SEED_NOW &&
      implementationDuring(time, p.start, until) &&
      random.chance(p.end < SEED_NOW ? 0.95 : 0.75);
    const reportedAt = minDate(SEED_NOW, addDays(p.end, 30));
    if (how.kind === "qualitative") {
      const target = PLAN_TARGETS[
        Math.min(PLAN_TARGETS.length - 1, Math.round(((k + 1) * (PLAN_TARGETS.length - 1)) / n))
      ] as string;
      return {
        periodStart: p.start,
        periodEnd: p.end,
        target: { value: null, comment: target },
        actual: reported ? { value: null, comment: random.pick(PLAN_ACTUALS), reportedAt } : null,
      };
    }
    const b = base as number;
    const target = roundTo(b + ((final - b) * (k + 1)) / n, decimals);
    let actual: number | null = null;
    if (reported) {
      actual = roundTo(b + (target - b) * performance * uniform(random, [0.9, 1.1]), decimals);
      if (how.kind === "share") actual = Math.min(100, Math.max(0, actual));
      if (how.kind === "ordinal") actual = Math.min(5, Math.max(1, Math.round(actual)));
      actual = Math.max(0, actual);
    }
    return {
      periodStart: p.start,
      periodEnd: p.end,
      target: { value: target, comment: null },
      actual: actual === null ? null : { value: actual, comment: null, reportedAt },
    };
  });
  return {
    code,
    measure: INDICATOR_MEASURE[spec.measure],
    ascending: spec.ascending,
    title: spec.title,
    description: null,
    baseline: {
      year: plannedStart.getUTCFullYear(),
      isoDate: plannedStart,
      value: base,
      comment:
        how.kind === "qualitative"
          ? "La organización no cuenta con plan de negocios"
          : "Línea de base del proyecto",
    },
    periods: docs,
  };
}

function resultsFramework(
  random: SeededRandom,
  chain: ValueChain,
  periods: { start: Date; end: Date }[],
  plannedStart: Date,
  plannedBeneficiaries: number,
  time: Timeline,
): ResultDoc[] {
  const performance = uniform(random, [0.55, 1.2]);
  const outcomes = [...chain.outcomes].slice(0, random.int(2, Math.min(3, chain.outcomes.length)));
  if (random.chance(0.4)) outcomes.push(MATURITY);
  if (random.chance(0.4)) outcomes.push(BUSINESS_PLAN);
  const frame: [string, string, readonly IndicatorSpec[]][] = [
    [RESULT_TYPE.OUTPUT, "Capacidades productivas y técnicas instaladas", chain.outputs],
    [RESULT_TYPE.OUTCOME, "Medios de vida lícitos y sostenibles para las familias participantes", outcomes],
  ];
  return frame.map(([type, title, specs], r) => ({
    type: type as ResultDoc["type"],
    title,
    description: null,
    indicators: specs.map((spec, i) =>
      indicator(
        random,
        spec,
        `${r + 1}.${i + 1}`,
        periods,
        plannedStart,
        plannedBeneficiaries,
        performance,
        time,
      ),
    ),
  }));
}

interface Implementer {
  name: string;
  type: OrganisationType;
  ref: string;
}

function org(ref: string | null, name: string, type: OrganisationType): OrgDoc {
  return { ref, narrative: name, type: ORG_TYPE[type] };
}

function participating(role: keyof typeof ORG_ROLE, o: OrgDoc): ParticipatingOrgDoc {
  return { role: ORG_ROLE[role], ref: o.ref ?? null, narrative: o.narrative, type: o.type ?? ORG_TYPE.OTHER };
}

/** The organisation that carries out a donor's project. */
function implementerFor(
  random: SeededRandom,
  donor: DonorSpec,
  chain: ValueChain,
  locations: readonly string[],
  implementers: readonly Implementer[],
): OrgDoc {
  const catalog = regionCatalog();
  const location = locations[0] as string;
  const department = catalog.get(location.slice(0, 2))?.name ?? "";
  switch (donor.ref) {
    case "XM-DAC-41114":
      return org(donor.ref, donor.name, donor.type);
    case "DE-1":
      return org(GIZ.ref, GIZ.name, "INTERNATIONAL_NGO");
    case "XI-IATI-IADB":
      return chain.key === "gold" || chain.key === "diversification"
        ? org(MINEM.ref, MINEM.name, "GOVERNMENT")
        : org(null, `Gobierno Regional de ${department}`, "LOCAL_GOVERNMENT");
    case DEVIDA.ref: {
      if (random.chance(0.6)) {
        const province = catalog.get(location.slice(0, 4))?.name ?? department;
        return org(null, `Municipalidad Provincial de ${province}`, "LOCAL_GOVERNMENT");
      }
      return org(null, `Gobierno Regional de ${department}`, "LOCAL_GOVERNMENT");
    }
    default: {
      const chosen = random.pick(implementers);
      return org(chosen.ref, chosen.name, chosen.type);
    }
  }
}

function counterpartOf(chain: ValueChain): OrgDoc {
  if (chain.counterpart === "MINEM") return org(MINEM.ref, MINEM.name, "GOVERNMENT");
  if (chain.counterpart === "MINAM") return org(MINAM.ref, MINAM.name, "GOVERNMENT");
  return org(DEVIDA.ref, DEVIDA.name, "GOVERNMENT");
}

function newProject(
  random: SeededRandom,
  seq: number,
  implementers: readonly Implementer[],
): { doc: ProjectDoc; window: EnrollmentWindow | null } {
  const donor = random.weighted(DONORS.map((d) => [d, d.weight] as const));
  const chain = pickChain(random, donor);
  const locations = pickLocations(random, chain);
  const year = random.weighted(donor.startYears);
  const plannedStart = day(year, random.int(0, 11), 1);
  const planned = addMonths(plannedStart, random.int(30, 60));
  const plannedEnd = minDate(addDays(planned, -1), LAST_END);
  const months = Math.max(12, (plannedEnd.getTime() - plannedStart.getTime()) / (30.44 * DAY));
  const units = Math.round(uniform(random, donor.size) / 1_000) * 1_000;
  const cents = units * 100;
  const time = timeline(random, donor, plannedStart, plannedEnd);

  const funder = org(donor.ref, donor.name, donor.type);
  const implementer = implementerFor(random, donor, chain, locations, implementers);
  const implementerReports =
    implementer.ref !== null && implementer.ref !== donor.ref && random.chance(donor.implementerReported);
  const reportingOrg = implementerReports ? implementer : funder;
  const coFunded = donor !== DEVIDA && chain.counterpart === "DEVIDA" && random.chance(0.15);
  const orgs: ParticipatingOrgDoc[] = [participating("FUNDING", funder)];
  if (coFunded) orgs.push(participating("FUNDING", org(DEVIDA.ref, DEVIDA.name, DEVIDA.type)));
  const counterpart = donor === DEVIDA ? funder : counterpartOf(chain);
  orgs.push(participating("ACCOUNTABLE", implementerReports ? implementer : counterpart));
  if (donor.ref === "US-GOV-1" || donor.ref === "DE-1") orgs.push(participating("EXTENDING", funder));
  orgs.push(participating("IMPLEMENTING", implementer));
  if (donor === DEVIDA || random.chance(0.3)) {
    const name = `Cooperativa Agraria de Productores de ${regionCatalog().get(locations[0] as string)?.name ?? "la zona"}`;
    orgs.push(
      participating(
        "IMPLEMENTING",
        org(`PE-RUC-${companyRuc(random)}`, name, "PRIVATE_SECTOR_IN_AID_RECIPIENT_COUNTRY"),
      ),
    );
  }

  const periods = yearlyPeriods(plannedStart, plannedEnd);
  const projectBudgets = budgets(periods, cents, donor.currency, random);
  const windowEnd = time.actualEnd && time.actualEnd > plannedEnd ? time.actualEnd : plannedEnd;
  const tranches =
    donor === DEVIDA
      ? projectBudgets
          .filter((b) => b.type === BUDGET_TYPE.ORIGINAL)
          .map((b) => ({
            date: time.actualStart && b.periodStart < time.actualStart ? time.actualStart : b.periodStart,
            cents: b.value.cents,
          }))
      : months > 36
        ? [
            { date: time.actualStart ?? plannedStart, cents: Math.round(cents * 0.6) },
            { date: addMonths(time.actualStart ?? plannedStart, 24), cents: cents - Math.round(cents * 0.6) },
          ]
        : [{ date: time.actualStart ?? plannedStart, cents }];
  const transactions = time.actualStart
    ? flows(
        random,
        {
          funder,
          currency: donor.currency,
          cents,
          funderReports: !implementerReports,
          implementerReports,
          reportingOrg,
          implementer,
          tranches,
        },
        time,
        windowEnd,
        months,
      )
    : [];
  if (coFunded && time.actualStart) {
    const counterpartCents = Math.round(units * uniform(random, [0.1, 0.25]) * PEN_PER_USD) * 100;
    projectBudgets.push(
      ...budgets(periods, counterpartCents, "PEN", random).filter((b) => b.type === BUDGET_TYPE.ORIGINAL),
    );
    transactions.push(
      ...flows(
        random,
        {
          funder: org(DEVIDA.ref, DEVIDA.name, DEVIDA.type),
          currency: "PEN",
          cents: counterpartCents,
          funderReports: false,
          implementerReports,
          reportingOrg,
          implementer,
          tranches: [{ date: time.actualStart, cents: counterpartCents }],
        },
        time,
        windowEnd,
        months,
      ),
    );
  }
  transactions.sort((a, b) => a.transactionDate.getTime() - b.transactionDate.getTime());

  const usd = donor.currency === "PEN" ? units / PEN_PER_USD : units;
  const plannedBeneficiaries = Math.max(80, Math.round(usd / uniform(random, [900, 2_500])));
  let reached = 0;
  if (time.actualStart) {
    const elapsed =
      (minDate(SEED_NOW, time.workEnd).getTime() - time.actualStart.getTime()) /
      (plannedEnd.getTime() - time.actualStart.getTime());
    reached = Math.round(
      plannedBeneficiaries * Math.min(1, Math.max(0, elapsed) * uniform(random, [0.9, 1.2])),
    );
  }
  const quarterEnd = (date: Date) => day(date.getUTCFullYear(), Math.floor(date.getUTCMonth() / 3) * 3, 0);
  const beneficiaries = {
    total: reached,
    women: Math.round(reached * uniform(random, [0.35, 0.55])),
    formerMiners: Math.round(reached * uniform(random, chain.formerMiners)),
    reportedOn: reached > 0 ? quarterEnd(minDate(SEED_NOW, addDays(time.workEnd, 90))) : null,
  };

  const localId =
    donor === DEVIDA
      ? `PIRDAIS-${year}-${String(seq).padStart(4, "0")}`
      : `MVA-${year}-${String(seq).padStart(4, "0")}`;
  const place = placeName(locations);
  const lastChange = time.history[time.history.length - 1] as StatusEntry;
  const doc: ProjectDoc = {
    iatiIdentifier: `${reportingOrg.ref}-${localId}`,
    reportingOrg: reportingOrg as ProjectDoc["reportingOrg"],
    title: `${chain.title} en ${place}`,
    description:
      `Proyecto de desarrollo alternativo que ${chain.purpose} en ${place}, con familias que dependían de la ` +
      `minería ilegal o informal. Financiamiento: ${donor.short}${coFunded ? " y DEVIDA" : ""}.`,
    activityStatus: time.status,
    activityDates: { plannedStart, actualStart: time.actualStart, plannedEnd, actualEnd: time.actualEnd },
    participatingOrgs: orgs,
    sectors: chain.sectors.map(([sector, percentage]) => ({
      vocabulary: DAC_VOCABULARY,
      code: DAC_SECTOR[sector],
      percentage,
    })),
    locations,
    regionCodes: regionCodesOf(locations),
    defaultCurrency: donor.currency,
    budgets: projectBudgets,
    transactions,
    results: resultsFramework(random, chain, periods, plannedStart, plannedBeneficiaries, time),
    beneficiaries,
    statusHistory: time.history,
    writes: [],
    revision: 0,
    createdAt: time.history[0]?.date ?? plannedStart,
    updatedAt: transactions.reduce(
      (latest, t) => (t.recordedAt > latest ? t.recordedAt : latest),
      lastChange.date,
    ),
  };
  const window: EnrollmentWindow | null =
    time.actualStart && beneficiaries.formerMiners > 0
      ? {
          iatiIdentifier: doc.iatiIdentifier,
          from: time.actualStart,
          until: minDate(SEED_NOW, time.workEnd),
          outcome:
            time.status === ACTIVITY_STATUS.IMPLEMENTATION
              ? "ongoing"
              : time.status === ACTIVITY_STATUS.SUSPENDED
                ? "suspended"
                : time.status === ACTIVITY_STATUS.CANCELLED
                  ? "cancelled"
                  : "ended",
          capacity: beneficiaries.formerMiners,
        }
      : null;
  return { doc, window };
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

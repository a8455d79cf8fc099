import type { SeededRandom } from "@tinkuy/demo-data";
import { apportion } from "@tinkuy/demo-data";
import { regionCatalog, type ProvenanceDoc, type RegionEntry } from "@tinkuy/kit";
import { projectRegions, type AccrualEntry, type ProjectDoc, type StatusChange } from "../src/models.ts";
import type { FunctionCode, GovernmentLevel, InvestmentStatus } from "../src/vocabulary.ts";
import { RECORDED_BY, SEED_NOW } from "./provenance.ts";
import {
  COST_RANGE,
  DEPARTMENT_WEIGHTS,
  FIRST_DEMO_CUI,
  FIRST_YEAR,
  FUNCTIONS,
  LEVEL_COST_FACTOR,
  LEVEL_WEIGHTS,
  LIFE_CYCLE,
  MINING_PLACES,
  MONTHLY_FROM,
  NATURES,
  type FunctionProfile,
} from "./vocabulary.ts";

const DAY = 86_400_000;

/** Functions whose investments only national bodies execute (Congress, foreign affairs, defence, justice, pensions). */
const NATIONAL_ONLY = new Set(["01", "02", "04", "06", "24"]);

/** Functions whose works often span neighbouring districts (roads, irrigation, water, power lines). */
const NETWORKED = new Set(["10", "12", "15", "18"]);

/** The districts of a code: itself for a district, all of them under a province or department. */
const districtCache = new Map<string, RegionEntry[]>();
function districtsOf(code: string): RegionEntry[] {
  let list = districtCache.get(code);
  if (!list) {
    const catalog = regionCatalog();
    list =
      code.length === 6 ? [catalog.require(code, "seed")] : catalog.list({ level: "DISTRICT", parent: code });
    districtCache.set(code, list);
  }
  return list;
}

/** A name as the bank writes it: upper case, without accents (Ñ kept). */
function upper(name: string): string {
  return name
    .toUpperCase()
    .split("Ñ")
    .map((part) => part.normalize("NFD").replace(/[\u0300-\u036f]/g, ""))
    .join("Ñ");
}

function addMonths(date: Date, months: number, day = date.getUTCDate()): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, day));
}

/** A standard normal draw (Box–Muller). */
function normal(random: SeededRandom): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

function uniform(random: SeededRandom, min: number, max: number): number {
  return min + (max - min) * random.next();
}

/**
 * The function of each demo investment, in CUI order: every function of the profile at least once (when the scale
 * allows as many investments), the rest in proportion to the weights, shuffled so that neighbouring CUIs differ.
 */
export function functionDraws(random: SeededRandom, total: number): FunctionProfile[] {
  const each = total >= FUNCTIONS.length ? 1 : 0;
  const rest = apportion(
    total - each * FUNCTIONS.length,
    FUNCTIONS.map((profile) => [profile, profile.weight] as const),
  );
  const list = rest.flatMap(([profile, n]) => Array<FunctionProfile>(n + each).fill(profile));
  for (let i = list.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [list[i], list[j]] = [list[j] as FunctionProfile, list[i] as FunctionProfile];
  }
  return list;
}

/** Where a demo investment lies: its districts, the first where its figures count. */
function place(random: SeededRandom, profile: FunctionProfile, level: GovernmentLevel): RegionEntry[] {
  const department = random.weighted(DEPARTMENT_WEIGHTS);
  const places = MINING_PLACES[department];
  const area = places && random.chance(0.5) ? random.pick(places) : department;
  const first = random.pick(districtsOf(area));
  const districts = [first];
  const spans = NETWORKED.has(profile.code) ? 0.15 : 0.04;
  if (random.chance(spans)) {
    // Neighbours: the same province for a local government's work, the same department otherwise.
    const around = districtsOf(level === "LOCAL" ? first.ubigeo.slice(0, 4) : department).filter(
      (d) => d.ubigeo !== first.ubigeo,
    );
    const extra = Math.min(around.length, random.int(1, 3));
    for (let i = 0; i < extra; i++) {
      const next = random.pick(around);
      if (!districts.includes(next)) districts.push(next);
    }
  }
  return districts;
}

function investmentName(random: SeededRandom, service: string, districts: readonly RegionEntry[]): string {
  const catalog = regionCatalog();
  const first = districts[0] as RegionEntry;
  const province = catalog.require(first.ubigeo.slice(0, 4), "seed");
  const department = catalog.require(first.ubigeo.slice(0, 2), "seed");
  const where =
    districts.length === 1
      ? `EN LA LOCALIDAD DEMO ${random.int(1, 99)} DEL DISTRITO DE ${upper(first.name)}`
      : `EN LOS DISTRITOS DE ${districts.map((d) => upper(d.name)).join(", ")}`;
  return (
    `[DEMO] ${random.weighted(NATURES)} ${service} ${where} - PROVINCIA DE ${upper(province.name)} - ` +
    `DEPARTAMENTO DE ${upper(department.name)}`
  );
}

/** An invented executing unit, marked as demo data: a real unit's name is a real organisation's. */
function executingUnit(level: GovernmentLevel, district: string, functionCode: string): string {
  if (level === "LOCAL") return `UNIDAD EJECUTORA DEMO GL-${district}`;
  if (level === "REGIONAL") return `UNIDAD EJECUTORA DEMO GR-${district.slice(0, 2)}`;
  return `UNIDAD EJECUTORA DEMO GN-${functionCode}`;
}

/** A cost in céntimos: log-normal around the function's median for the level, within the demo's range. */
function cost(random: SeededRandom, profile: FunctionProfile, level: GovernmentLevel): number {
  const soles = profile.median * LEVEL_COST_FACTOR[level] * Math.exp(0.9 * normal(random));
  const clamped = Math.min(COST_RANGE.max, Math.max(COST_RANGE.min, soles));
  return Math.round(clamped * 100);
}

/** A day `months` months after `from` (plus some days), or null when it falls after the seed's today. */
function after(random: SeededRandom, from: Date, months: number): Date | null {
  const day = new Date(addMonths(from, months, 1).getTime() + random.int(0, 27) * DAY);
  return day.getTime() <= SEED_NOW.getTime() ? day : null;
}

/** The share of an S-curve executed at `p` (0–1) of a planned execution. */
function sCurve(p: number): number {
  return (1 - Math.cos(Math.PI * Math.min(1, Math.max(0, p)))) / 2;
}

function monthIndex(date: Date): number {
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/**
 * Accruals from the month execution started to the month it ended (or the seed's today): `total` céntimos split
 * along the S-curve of a `planned`-month execution, month by month with noise and idle months; years before
 * {@link MONTHLY_FROM} summed into one whole-year amount each, as the bank's open data gives older years.
 */
function accruals(
  random: SeededRandom,
  start: Date,
  end: Date,
  planned: number,
  total: number,
  provenance: ProvenanceDoc,
): AccrualEntry[] {
  const first = monthIndex(start);
  const months = monthIndex(end) - first + 1;
  const weights = Array.from({ length: months }, (_, k) =>
    random.chance(0.12)
      ? 0
      : Math.sin((Math.PI * (k + 0.5)) / Math.max(planned, months)) * uniform(random, 0.4, 1.6),
  );
  let sum = weights.reduce((s, w) => s + w, 0);
  if (sum === 0) {
    weights[months - 1] = 1;
    sum = 1;
  }
  const cents = weights.map((w) => Math.floor((total * w) / sum));
  const largest = weights.indexOf(Math.max(...weights));
  cents[largest] = (cents[largest] as number) + total - cents.reduce((s, c) => s + c, 0);

  const entries: AccrualEntry[] = [];
  const yearly = new Map<number, number>();
  cents.forEach((amount, k) => {
    const year = Math.floor((first + k) / 12);
    const month = ((first + k) % 12) + 1;
    if (year < MONTHLY_FROM) yearly.set(year, (yearly.get(year) ?? 0) + amount);
    else if (amount > 0)
      entries.push({ year, month, accruedCents: amount, provenance, recordedBy: RECORDED_BY });
  });
  const whole = [...yearly]
    .filter(([, amount]) => amount > 0)
    .map(([year, amount]) => ({
      year,
      month: null,
      accruedCents: amount,
      provenance,
      recordedBy: RECORDED_BY,
    }));
  return [...whole, ...entries];
}

/**
 * One demo investment, through its life cycle to the seed's today: registered, declared viable after some months,
 * in execution after some more (longer for dearer works, much longer for a few stalled ones), closed when its
 * execution ends; a few deactivated on the way. Its accruals follow its execution.
 */
export function demoProject(
  random: SeededRandom,
  index: number,
  profile: FunctionProfile,
  provenance: ProvenanceDoc,
): ProjectDoc {
  const code = profile.code as FunctionCode;
  const level: GovernmentLevel = NATIONAL_ONLY.has(code) ? "NATIONAL" : random.weighted(LEVEL_WEIGHTS);
  const districts = place(random, profile, level);
  const first = (districts[0] as RegionEntry).ubigeo;
  const service = random.pick(profile.services);
  const viableCostCents = cost(random, profile, level);
  const registeredOn = new Date(
    Date.UTC(FIRST_YEAR, 0, 1) +
      random.int(0, Math.floor((SEED_NOW.getTime() - Date.UTC(FIRST_YEAR, 0, 1)) / DAY)) * DAY,
  );

  const history: StatusChange[] = [];
  const change = (status: InvestmentStatus, on: Date) =>
    history.push({ status, on, recordedBy: RECORDED_BY, provenance });
  change("FORMULATION", registeredOn);
  let status: InvestmentStatus = "FORMULATION";
  let viableOn: Date | null = null;
  let executionStartedOn: Date | null = null;
  let closedOn: Date | null = null;
  let updatedCostCents: number | null = null;
  let execution: AccrualEntry[] = [];

  const [fMin, fMax] = LIFE_CYCLE.formulationMonths;
  const [vMin, vMax] = LIFE_CYCLE.viableMonths;
  const [eMin, eMax] = LIFE_CYCLE.executionMonths;
  const formulation = random.int(fMin, fMax);
  if (random.chance(LIFE_CYCLE.deactivated.formulation)) {
    closedOn = after(random, registeredOn, random.int(1, formulation));
    if (closedOn) status = "DEACTIVATED";
  } else if ((viableOn = after(random, registeredOn, formulation))) {
    status = "VIABLE";
    change("VIABLE", viableOn);
    if (random.chance(LIFE_CYCLE.withUpdatedCost)) {
      const drift = Math.min(0.8, Math.max(-0.3, 0.08 + 0.15 * normal(random)));
      updatedCostCents = Math.round(viableCostCents * (1 + drift));
    }
    const waiting = random.int(vMin, vMax);
    if (random.chance(LIFE_CYCLE.deactivated.viable)) {
      closedOn = after(random, viableOn, random.int(1, waiting));
      if (closedOn) status = "DEACTIVATED";
    } else if ((executionStartedOn = after(random, viableOn, waiting))) {
      status = "EXECUTION";
      change("EXECUTION", executionStartedOn);
      const cost = updatedCostCents ?? viableCostCents;
      // Dearer works take longer: the planned months grow with the log of the cost across the demo's range.
      const span = Math.log(cost / 100 / COST_RANGE.min) / Math.log(COST_RANGE.max / COST_RANGE.min);
      const planned = Math.round(eMin + (eMax - eMin) * span * uniform(random, 0.7, 1.3));
      const actual = random.chance(0.06) ? planned * 2 : planned;
      const ends = after(random, executionStartedOn, Math.max(1, actual));
      let share: number;
      let end: Date;
      if (ends) {
        closedOn = ends;
        status = "CLOSED";
        share = uniform(random, 0.88, 1.02);
        end = ends;
      } else {
        const elapsed = (SEED_NOW.getTime() - executionStartedOn.getTime()) / (30.44 * DAY);
        end = SEED_NOW;
        if (random.chance(LIFE_CYCLE.deactivated.execution)) {
          closedOn = new Date(
            executionStartedOn.getTime() +
              Math.floor(random.next() * (SEED_NOW.getTime() - executionStartedOn.getTime())),
          );
          closedOn = new Date(
            Date.UTC(closedOn.getUTCFullYear(), closedOn.getUTCMonth(), closedOn.getUTCDate()),
          );
          status = "DEACTIVATED";
          end = closedOn;
        }
        const progress = (end.getTime() - executionStartedOn.getTime()) / (30.44 * DAY) / actual;
        share = Math.min(0.97, sCurve(Math.min(progress, elapsed / actual)) * uniform(random, 0.85, 1.05));
      }
      execution = accruals(random, executionStartedOn, end, actual, Math.round(cost * share), provenance);
    }
  }
  if (status === "CLOSED" || status === "DEACTIVATED") change(status, closedOn as Date);

  const cui = String(FIRST_DEMO_CUI + index);
  return {
    cui,
    name: investmentName(random, service.service, districts),
    functionCode: code,
    programme: service.programme,
    subprogramme: service.subprogramme,
    executingUnit: executingUnit(level, first, code),
    governmentLevel: level,
    districts: districts.map((d) => d.ubigeo),
    regions: projectRegions(districts.map((d) => d.ubigeo)),
    status,
    viableCostCents,
    updatedCostCents,
    execution,
    accruedCents: execution.reduce((sum, entry) => sum + entry.accruedCents, 0),
    registeredOn,
    viableOn,
    executionStartedOn,
    closedOn,
    statusHistory: history,
    provenance,
    registeredBy: RECORDED_BY,
  };
}

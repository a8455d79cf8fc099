import { apportion, QuotaSampler, type SeededRandom } from "@tinkuy/demo-data";
import { invariant, regionCatalog, rucCheckDigit, type RegionEntry } from "@tinkuy/kit";
import type { LedgerDoc, Models, RecordDoc, StatusEntry } from "../src/models.ts";
import { DEMO_AS_OF, demoProvenance } from "../src/provenance.ts";
import type { Estado } from "../src/status.ts";
import { addToLedger } from "../src/status-ledger.ts";
import * as V from "./vocabulary.ts";

const BATCH = 2_000;
const RECORDED_BY = "seed:minem-reinfo";
const DAY = 86_400_000;
/** The purge under DS 012-2025-EM. */
const PURGE = Date.UTC(2025, 5, 30);
/** The date the data describes: every date derives from constants, so a seed never depends on the clock. */
const AS_OF = DEMO_AS_OF.getTime();
/** What every seeded record says of itself: synthetic, and what it is modelled on. */
const PROVENANCE = demoProvenance();
/** Before this, a suspension had lasted more than four years at the purge (about 40k of the excluded). */
const FOUR_YEARS_BEFORE_PURGE = Date.UTC(2021, 5, 30);
/** Suspended since this date, a record was suspended for a year or less at the purge, and stayed. */
const ONE_YEAR_BEFORE_PURGE = Date.UTC(2024, 6, 1);

/** What a seed wrote: records, distinct RUCs and records by status. */
export interface SeedSummary {
  records: number;
  distinctRucs: number;
  byStatus: Record<Estado, number>;
}

/** One RUC and everything its registrations share. */
interface Holder {
  ruc: string;
  name: string;
  representative: string | null;
  home: RegionEntry;
}

/**
 * Writes REINFO records shaped like the published figures (domain §5) into an empty registry: exact status
 * totals of the 2025 purge, department shares, a long tail of registrations per RUC, coherent status
 * histories. Generates and inserts batch by batch, so memory stays flat at scale 10, adding each record's
 * history to `ledger` (the status transitions behind as-of figures) as it goes.
 */
export async function seedRecords(
  models: Models,
  random: SeededRandom,
  scale: number,
  onProgress?: (done: number, total: number) => void,
  ledger: Map<string, LedgerDoc> = new Map(),
): Promise<SeedSummary> {
  const total = Math.round(V.RECORDS_AT_SCALE_1 * scale);
  const statuses = new QuotaSampler(
    random,
    apportion(total, Object.entries(V.STATUS_AT_SCALE_1) as [Estado, number][]),
  );
  const departments = new QuotaSampler(random, apportion(total, V.DEPARTMENT_SHARES));
  const district = districtPicker(random);
  const right = rightPicker(random, Math.max(3, Math.round(6 * scale)));
  const registrations = registrationsPerRuc();
  const usedRucs = new Set<number>();
  // The largest holders (77 registrations, one per scale-1 registry); none in a registry too small for one.
  const largest = total >= 2_000 ? Math.max(1, Math.round(scale)) : 0;

  const summary: SeedSummary = {
    records: 0,
    distinctRucs: 0,
    byStatus: { VIGENTE: 0, SUSPENDIDO: 0, EXCLUIDO: 0, FORMALIZADO: 0 },
  };
  let batch: RecordDoc[] = [];
  const flush = async (): Promise<void> => {
    await insert(models, batch);
    for (const record of batch) addToLedger(ledger, record);
    summary.records += batch.length;
    batch = [];
    onProgress?.(summary.records, total);
  };

  let sequence = 0;
  let largestDone = 0;
  while (sequence < total) {
    const isLargest = largestDone < largest && sequence >= (largestDone * total) / largest;
    if (isLargest) largestDone++;
    const count = Math.min(isLargest ? V.LARGEST_HOLDING : random.weighted(registrations), total - sequence);
    // "One person holds 77"; large holders are more often companies than the rest.
    const isPerson = isLargest || random.chance(count > 3 ? V.PERSON_SHARE_LARGE_HOLDER : V.PERSON_SHARE);
    const holder = newHolder(random, usedRucs, district(departments.draw()), isPerson);
    summary.distinctRucs++;
    for (let i = 0; i < count; i++) {
      // Most of a holder's registrations are where it works; some elsewhere in its region or the country.
      const roll = random.next();
      const place =
        roll < 0.6 ? holder.home : district(roll < 0.9 ? holder.home.ubigeo.slice(0, 2) : departments.draw());
      const department = place.ubigeo.slice(0, 2);
      departments.take(department);
      const exclusion = V.EXCLUSION_FACTOR[department] ?? V.EXCLUSION_FACTOR_DEFAULT;
      const status = statuses.draw((s) => (s === "EXCLUIDO" ? exclusion : 1));
      statuses.take(status);
      summary.byStatus[status]++;
      batch.push(newRecord(random, ++sequence, holder, place, status, right));
      if (batch.length >= BATCH) await flush();
    }
  }
  if (batch.length > 0) await flush();
  return summary;
}

async function insert(models: Models, records: RecordDoc[]): Promise<void> {
  // Timestamps tell the record's own story (registered, last changed) rather than when the seed ran.
  const docs = records.map((record) => ({
    ...record,
    createdAt: record.history[0]?.date,
    updatedAt: record.FECHA_ACTUALIZACION,
  }));
  await models.Record.collection.insertMany(docs, { ordered: false });
}

/** Registrations per RUC as weights for 1 … MAX_REGISTRATIONS (see the vocabulary). */
function registrationsPerRuc(): [number, number][] {
  const tail: [number, number][] = [];
  for (let k = 2; k <= V.MAX_REGISTRATIONS; k++) tail.push([k, k ** -V.REGISTRATIONS_EXPONENT]);
  const tailSum = tail.reduce((s, [, w]) => s + w, 0);
  return [
    [1, V.SINGLE_REGISTRATION_SHARE],
    ...tail.map(([k, w]): [number, number] => [k, ((1 - V.SINGLE_REGISTRATION_SHARE) * w) / tailSum]),
  ];
}

/** Picks a district of a department: its hotspots by weight, every district evenly for the rest. */
function districtPicker(random: SeededRandom): (department: string) => RegionEntry {
  const catalog = regionCatalog();
  const byDepartment = new Map<string, [RegionEntry, number][]>();
  for (const [department] of V.DEPARTMENT_SHARES) {
    const all = catalog.list({ level: "DISTRICT", parent: department });
    const spots = Object.entries(V.HOTSPOTS[department] ?? {});
    const even = (100 - spots.reduce((s, [, w]) => s + w, 0)) / all.length;
    const weights = new Map(all.map((d) => [d, even]));
    for (const [code, weight] of spots) {
      const region = catalog.get(code);
      invariant(
        region && region.ubigeo.startsWith(department),
        `hotspot ${code} is not in department ${department}`,
      );
      const districts =
        region.level === "DISTRICT" ? [region] : catalog.list({ level: "DISTRICT", parent: code });
      for (const d of districts) weights.set(d, (weights.get(d) ?? 0) + weight / districts.length);
    }
    byDepartment.set(department, [...weights]);
  }
  return (department) => random.weighted(byDepartment.get(department) ?? []);
}

interface Right {
  code: string;
  name: string;
}
type RightPicker = (district: string, registrationYear: number) => Right;

/**
 * Picks the mining right of a registration: a new one, or (SHARED_RIGHT_SHARE of the time) one of a few per
 * district that many registrations share, as when miners work a titled concession under contract.
 */
function rightPicker(random: SeededRandom, sharedPerDistrict: number): RightPicker {
  const shared = new Map<string, Right[]>();
  const newRight = (newestYear: number): Right => {
    // INGEMMET's 9-digit code: prefix, sequence, two-digit year of the claim (domain §1.1).
    const year = String(random.int(1992, newestYear) % 100).padStart(2, "0");
    const sequence = String(random.int(1, 99_999)).padStart(5, "0");
    return {
      code: `${random.pick(V.RIGHT_PREFIXES)}${sequence}${year}`,
      name: `${random.pick(V.RIGHT_NAMES)}${random.pick(V.RIGHT_SUFFIXES)}`,
    };
  };
  return (district, registrationYear) => {
    if (!random.chance(V.SHARED_RIGHT_SHARE)) return newRight(Math.min(registrationYear, 2024));
    const pool = shared.get(district) ?? [];
    shared.set(district, pool);
    if (pool.length >= sharedPerDistrict) return random.pick(pool);
    // Shared concessions are old titles, older than any registration on them.
    const right = newRight(2012);
    pool.push(right);
    return right;
  };
}

const SURNAME_WEIGHTS = V.SURNAMES.map((name, rank): [string, number] => [name, 1 / (rank + 4)]);

/** APELLIDO APELLIDO NOMBRE [NOMBRE], as REINFO lists natural persons. */
function personName(random: SeededRandom): string {
  const surnames = `${random.weighted(SURNAME_WEIGHTS)} ${random.weighted(SURNAME_WEIGHTS)}`;
  const given = random.pick(V.GIVEN_NAMES);
  const second = random.chance(0.3) ? random.pick(V.GIVEN_NAMES) : given;
  return second === given ? `${surnames} ${given}` : `${surnames} ${given} ${second}`;
}

/**
 * A new RUC (a person's, 10 + DNI, or a company's, 20) with a valid check digit, never used before. The DNI is a
 * random 8-digit number: no DNI range is shown to be unissued by RENIEC (its explanations of the series, in La
 * República 10 Dec 2021 and 24 Mar 2022, cover 0–4 and 6–9, and numbers are now issued correlatively), so a demo
 * RUC may be a real taxpayer's by chance; the API and the README say so.
 */
function newHolder(random: SeededRandom, used: Set<number>, home: RegionEntry, isPerson: boolean): Holder {
  let ruc: string;
  do {
    const body = isPerson
      ? `10${String(random.int(1_000_000, 79_999_999)).padStart(8, "0")}`
      : `20${random.int(10_000_000, 61_999_999)}`;
    ruc = `${body}${rucCheckDigit(body)}`;
  } while (used.has(Number(ruc)));
  used.add(Number(ruc));
  if (isPerson) return { ruc, name: personName(random), representative: null, home };
  const name = random.weighted(V.COMPANY_FORMS).replace("{w}", random.pick(V.COMPANY_WORDS));
  return { ruc, name, representative: personName(random), home };
}

function entry(status: Estado, date: number, reason: string, legalBasis: string): StatusEntry {
  return {
    status,
    date: new Date(date),
    reason,
    legalBasis,
    recordedBy: RECORDED_BY,
    provenance: PROVENANCE,
  };
}

function between(random: SeededRandom, from: number, to: number): number {
  return from + Math.floor(random.next() * Math.max(0, to - from));
}

/** The status history that leads to `status`: registered VIGENTE, then what happened since. */
function historyOf(random: SeededRandom, status: Estado, year: number): StatusEntry[] {
  const registered = between(
    random,
    Date.UTC(year, 0, 2),
    Math.min(Date.UTC(year, 11, 28), AS_OF - 60 * DAY),
  );
  const history = [entry("VIGENTE", registered, "Inscripción en el REINFO", "DL 1293")];
  const suspension = (date: number): StatusEntry =>
    entry("SUSPENDIDO", date, random.pick(V.SUSPENSION_REASONS), "DS 018-2017-EM");
  switch (status) {
    case "EXCLUIDO": {
      // Suspended more than a year before the purge; most of them more than four years.
      const from = registered + 180 * DAY;
      const longAgo = from < FOUR_YEARS_BEFORE_PURGE && random.chance(0.85);
      history.push(
        suspension(between(random, from, longAgo ? FOUR_YEARS_BEFORE_PURGE : ONE_YEAR_BEFORE_PURGE - DAY)),
        entry(
          "EXCLUIDO",
          PURGE,
          "Excluido por mantener la suspensión vencido el plazo de la Ley 32213",
          "DS 012-2025-EM",
        ),
      );
      break;
    }
    case "FORMALIZADO":
      history.push(
        entry(
          "FORMALIZADO",
          between(random, registered + 365 * DAY, AS_OF),
          "Culminó el proceso de formalización minera integral",
          "DL 1293 / DS 018-2017-EM",
        ),
      );
      break;
    case "SUSPENDIDO":
      // Suspended for a year or less at the purge (the 4,988 that stayed), and not after it.
      history.push(
        suspension(between(random, Math.max(registered + 30 * DAY, ONE_YEAR_BEFORE_PURGE), PURGE)),
      );
      break;
    case "VIGENTE":
      // Some active records were suspended once and cured it in time.
      if (year <= 2023 && random.chance(0.12)) {
        const suspended = between(random, registered + 90 * DAY, ONE_YEAR_BEFORE_PURGE);
        history.push(
          suspension(suspended),
          entry(
            "VIGENTE",
            suspended + random.int(30, 200) * DAY,
            "Levantamiento de la suspensión",
            "DS 018-2017-EM",
          ),
        );
      }
      break;
  }
  return history;
}

/**
 * A point near the district capital, up to ~5 km away on its north-east side: Peru's coast faces south-west,
 * so coastal capitals (Chala, Camaná) never get points in the sea.
 */
function near(random: SeededRandom, district: RegionEntry): [number, number] {
  let east: number;
  let north: number;
  do {
    east = random.next() * 2 - 1;
    north = random.next() * 2 - 1;
  } while (east * east + north * north > 1 || east + north < 0);
  const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;
  return [round6(district.latitude + 0.045 * north), round6(district.longitude + 0.045 * east)];
}

const YEARS = Object.fromEntries(
  Object.entries(V.YEAR_WEIGHTS).map(([status, weights]) => [
    status,
    Object.entries(weights).map(([y, w]): [number, number] => [Number(y), w]),
  ]),
) as Record<Estado, [number, number][]>;

function newRecord(
  random: SeededRandom,
  sequence: number,
  holder: Holder,
  district: RegionEntry,
  status: Estado,
  right: RightPicker,
): RecordDoc {
  const year = random.weighted(YEARS[status]);
  const history = historyOf(random, status, year);
  const { code, name } = right(district.ubigeo, year);
  const [latitude, longitude] = near(random, district);
  return {
    COD_REINFO: `REINFO-${String(sequence).padStart(7, "0")}`,
    M_RUC: holder.ruc,
    NOMBRE_MIN: holder.name,
    NOMBRE_REP: holder.representative,
    ID_UNIDAD: code,
    NOMBRE_DM: name,
    ID_DEPA: district.ubigeo.slice(0, 2),
    ID_PROV: district.ubigeo.slice(0, 4),
    ID_DIST: district.ubigeo,
    TIPO_ACT: random.weighted(V.ACTIVITY_TYPES),
    ESTADO: status,
    A_INSCRIPCION: year,
    LATITUD_G84: latitude,
    LONGITUD_G84: longitude,
    FECHA_ACTUALIZACION: history[history.length - 1]?.date ?? null,
    history,
    provenance: PROVENANCE,
  };
}

import { regionCatalog, rucCheckDigit, SeededRandom, type RegionEntry } from "@tinkuy/kit";
import type { Models, RecordDoc, StatusEntry } from "./models.ts";
import { rebuildRegionStats } from "./region-stats.ts";
import type { Estado } from "./status.ts";
import {
  ACTIVITY_TYPES,
  COMPANY_FORMS,
  COMPANY_WORDS,
  DEPARTMENT_SHARES,
  EXCLUSION_BY_DEPARTMENT,
  EXCLUSION_DEFAULT,
  FORMALIZED_SHARE,
  GIVEN_NAMES,
  HOTSPOTS,
  REGISTRATIONS_PER_RUC,
  RIGHT_NAMES,
  RIGHT_PREFIXES,
  ROMAN,
  SURNAMES,
  SUSPENDED_SHARE_OF_REMAINING,
  SUSPENSION_REASONS,
  YEAR_WEIGHTS,
} from "./seed-vocabulary.ts";

/** Records at scale 1: REINFO's size in July 2024 (86,121), before the 2025 purge excluded 50,565. */
export const RECORDS_AT_SCALE_1 = 86_121;
const BATCH = 2_000;
const RECORDED_BY = "seed:minem-reinfo";
const PURGE = new Date("2025-06-30T00:00:00.000Z");
const NOW = new Date("2025-11-20T00:00:00.000Z");

/** What a seed produced. */
export interface SeedSummary {
  records: number;
  distinctRucs: number;
  byStatus: Record<Estado, number>;
}

interface Operator {
  ruc: string;
  name: string;
  representative: string | null;
  department: string;
  count: number;
}

/**
 * Replaces the registry with deterministic data shaped like the published REINFO figures: ~86,000 records
 * (times `scale`) from ~55,000 RUCs with a long tail, shares by department, the 2025 purge with coherent
 * status histories, ~2% formalized. Same scale and seed, same documents. Inserted in batches (memory stays flat
 * at scale 10), then the region counters are rebuilt.
 */
export async function seedFormalization(
  models: Models,
  options: { scale: number; seed?: number; onProgress?: (done: number, total: number) => void },
): Promise<SeedSummary> {
  if (!(options.scale > 0 && options.scale <= 10)) throw new Error("scale must be in (0, 10]");
  const random = new SeededRandom(options.seed ?? 2025);
  const total = Math.round(RECORDS_AT_SCALE_1 * options.scale);
  const districts = districtPicker(random);
  await models.Record.deleteMany({});
  await models.RegionStats.deleteMany({});

  const summary: SeedSummary = {
    records: 0,
    distinctRucs: 0,
    byStatus: { VIGENTE: 0, SUSPENDIDO: 0, EXCLUIDO: 0, FORMALIZADO: 0 },
  };
  const usedRucs = new Set<string>();
  let batch: RecordDoc[] = [];
  let sequence = 0;
  let heavyDone = false;
  while (sequence < total) {
    const operator = newOperator(random, usedRucs, districts.department());
    // One RUC with 77 registrations, as El Comercio reported in 2024.
    operator.count = !heavyDone && total >= 2_000 ? 77 : operator.count;
    heavyDone = true;
    operator.count = Math.min(operator.count, total - sequence);
    summary.distinctRucs++;
    for (let i = 0; i < operator.count; i++) {
      const department = random.chance(0.9) ? operator.department : districts.department();
      const record = newRecord(random, ++sequence, operator, districts.district(department));
      summary.byStatus[record.ESTADO]++;
      batch.push(record);
      if (batch.length >= BATCH) {
        await insert(models, batch);
        summary.records += batch.length;
        batch = [];
        options.onProgress?.(summary.records, total);
      }
    }
  }
  if (batch.length > 0) {
    await insert(models, batch);
    summary.records += batch.length;
    options.onProgress?.(summary.records, total);
  }
  await rebuildRegionStats(models);
  return summary;
}

async function insert(models: Models, records: RecordDoc[]): Promise<void> {
  await models.Record.collection.insertMany(
    records.map((record) => {
      const created = (record.history[0] as StatusEntry).date;
      const updated = (record.history[record.history.length - 1] as StatusEntry).date;
      return { ...record, createdAt: created, updatedAt: updated };
    }),
    { ordered: false },
  );
}

/** Picks departments by their published share, and districts with the mining hotspots weighted. */
function districtPicker(random: SeededRandom) {
  const catalog = regionCatalog();
  const inDepartment = new Map<string, RegionEntry[]>();
  const hotspots = new Map<string, RegionEntry[]>();
  for (const [department] of DEPARTMENT_SHARES) {
    inDepartment.set(department, catalog.list({ level: "DISTRICT", parent: department }));
    const spots = (HOTSPOTS[department] ?? []).flatMap((code) =>
      code.length === 6
        ? [catalog.require(code, "hotspot")]
        : catalog.list({ level: "DISTRICT", parent: code }),
    );
    hotspots.set(department, spots);
  }
  return {
    department: () => random.weighted(DEPARTMENT_SHARES),
    district(department: string): RegionEntry {
      const spots = hotspots.get(department) ?? [];
      if (spots.length > 0 && random.chance(0.65)) return random.pick(spots);
      return random.pick(inDepartment.get(department) ?? []);
    },
  };
}

function newOperator(random: SeededRandom, used: Set<string>, department: string): Operator {
  const [low, high] = random.weighted(REGISTRATIONS_PER_RUC);
  const count = random.int(low, high);
  const person = random.chance(0.62);
  let ruc: string;
  do {
    const body = person
      ? `10${String(random.int(1_000_000, 79_999_999)).padStart(8, "0")}`
      : `20${random.int(10_000_000, 61_999_999)}`;
    ruc = body + String(rucCheckDigit(body));
  } while (used.has(ruc));
  used.add(ruc);
  const name = person
    ? `${random.pick(SURNAMES)} ${random.pick(SURNAMES)} ${random.pick(GIVEN_NAMES)}`
    : random.weighted(COMPANY_FORMS).replace("{w}", random.pick(COMPANY_WORDS));
  const representative = person
    ? null
    : `${random.pick(SURNAMES)} ${random.pick(SURNAMES)} ${random.pick(GIVEN_NAMES)}`;
  return { ruc, name, representative, department, count };
}

function entry(status: Estado, date: Date, reason: string, legalBasis: string): StatusEntry {
  return { status, date, reason, legalBasis, recordedBy: RECORDED_BY };
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/** One record with a status history that tells a coherent story ending in its current status. */
function newRecord(
  random: SeededRandom,
  sequence: number,
  operator: Operator,
  district: RegionEntry,
): RecordDoc {
  const department = district.ubigeo.slice(0, 2);
  const excludedShare = EXCLUSION_BY_DEPARTMENT[department] ?? EXCLUSION_DEFAULT;
  const roll = random.next();
  let status: Estado;
  if (roll < excludedShare) status = "EXCLUIDO";
  else if (roll < excludedShare + FORMALIZED_SHARE) status = "FORMALIZADO";
  else status = random.chance(SUSPENDED_SHARE_OF_REMAINING) ? "SUSPENDIDO" : "VIGENTE";

  // The excluded had been suspended for years: they registered early.
  // and the formalized needed at least a year.
  const year =
    status === "EXCLUIDO"
      ? random.int(2017, 2020)
      : status === "FORMALIZADO"
        ? random.int(2017, 2023)
        : random.weighted(YEAR_WEIGHTS);
  const yearEnd = Math.min(Date.UTC(year, 11, 28), addDays(NOW, -60).getTime());
  const registered = random.dateBetween(new Date(Date.UTC(year, 0, 2)), new Date(yearEnd));
  const history: StatusEntry[] = [entry("VIGENTE", registered, "Inscripción en el REINFO", "DL 1293")];
  const suspension = (): string => random.pick(SUSPENSION_REASONS);
  switch (status) {
    case "EXCLUIDO":
      history.push(
        entry(
          "SUSPENDIDO",
          random.dateBetween(addDays(registered, 180), new Date("2021-06-30T00:00:00.000Z")),
          suspension(),
          "DS 018-2017-EM",
        ),
        entry(
          "EXCLUIDO",
          PURGE,
          "Exclusión por suspensión prolongada, vencido el plazo de la Ley 32213",
          "DS 012-2025-EM",
        ),
      );
      break;
    case "FORMALIZADO":
      history.push(
        entry(
          "FORMALIZADO",
          random.dateBetween(addDays(registered, 365), NOW),
          "Culminó el proceso de formalización minera integral",
          "DL 1293 / DS 018-2017-EM",
        ),
      );
      break;
    case "SUSPENDIDO": {
      const from = Math.max(addDays(registered, 30).getTime(), Date.UTC(2025, 6, 1));
      history.push(
        entry("SUSPENDIDO", random.dateBetween(new Date(from), NOW), suspension(), "DS 018-2017-EM"),
      );
      break;
    }
    case "VIGENTE":
      if (year <= 2023 && random.chance(0.12)) {
        const suspended = random.dateBetween(addDays(registered, 90), new Date("2024-12-31T00:00:00.000Z"));
        if (suspended > registered) {
          history.push(
            entry("SUSPENDIDO", suspended, suspension(), "DS 018-2017-EM"),
            entry(
              "VIGENTE",
              addDays(suspended, random.int(30, 200)),
              "Levantamiento de la suspensión",
              "DS 018-2017-EM",
            ),
          );
        }
      }
      break;
  }
  const last = history[history.length - 1] as StatusEntry;
  const rightYear = String(year % 100).padStart(2, "0");
  const right = `${random.pick(RIGHT_PREFIXES)}${String(random.int(0, 99_999)).padStart(5, "0")}${rightYear}`;
  return {
    COD_REINFO: `REINFO-${String(sequence).padStart(7, "0")}`,
    M_RUC: operator.ruc,
    NOMBRE_MIN: operator.name,
    NOMBRE_REP: operator.representative,
    ID_UNIDAD: right,
    NOMBRE_DM: `${random.pick(RIGHT_NAMES)}${random.pick(ROMAN)}`,
    ID_DEPA: department,
    ID_PROV: district.ubigeo.slice(0, 4),
    ID_DIST: district.ubigeo,
    TIPO_ACT: random.weighted(ACTIVITY_TYPES),
    ESTADO: status,
    A_INSCRIPCION: year,
    LATITUD_G84: round6(district.latitude + (random.next() - 0.5) * 0.08),
    LONGITUD_G84: round6(district.longitude + (random.next() - 0.5) * 0.08),
    FECHA_ACTUALIZACION: last.date,
    history,
  };
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

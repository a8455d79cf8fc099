import { SeededRandom } from "@tinkuy/demo-data";
import { centsToDecimal, isValidRuc, regionCatalog, rucCheckDigit, type RegionEntry } from "@tinkuy/kit";
import type { CaseloadEntry, Models, OfficeDoc, OperationDoc, OutpostDoc, ResultLine } from "./models.ts";
import { rebuildRegionStats } from "./region-stats.ts";
import {
  ALLUVIAL_DEFAULT,
  ALLUVIAL_SHARE,
  CASELOAD_REPORT_DAYS,
  DEPARTMENT_QUOTAS,
  EXTRA_OFFICES,
  HOTSPOTS,
  INPUTS,
  ITEM_PROFILES,
  ITEMS_BY_KIND,
  NAMED_OPERATIONS,
  OUTPOSTS,
  PATAZ_EMERGENCY,
  SURGE,
  TYPES_ALLUVIAL,
  TYPES_HARD_ROCK,
  TYPES_PATAZ_EMERGENCY,
  TYPES_SURGE,
  WINDOWS,
  type NamedOperation,
  type SeedWindow,
} from "./seed-vocabulary.ts";
import {
  DESTROYED_ONLY,
  type Agency,
  type ItemAction,
  type ItemType,
  type OperationType,
  type SourceKind,
} from "./vocabulary.ts";

/** Who the seeded operations and reports are recorded by. */
export const SEEDED_BY = "seed:pcm-interdiction-reports";
const BATCH = 2_000;
const DAY = 86_400_000;
/** Share of operations that name the operators they targeted (regular days; the surge week far fewer). */
const TARGETED_SHARE = 0.25;
const TARGETED_SHARE_SURGE = 0.08;
/** Share of targets drawn from the known RUCs when some are given. */
const KNOWN_SHARE = 0.8;

/**
 * A RUC to target, as the launcher reads it from formalization's database (e.g. of EXCLUDED or SUSPENDED
 * records): a bare RUC, or the RUC with the UBIGEO of its record so that it is targeted in that region.
 */
export type KnownRuc = string | { ruc: string; ubigeo: string };

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
export interface SeedSummary {
  operations: number;
  windows: { label: string; from: string; to: string; operations: number; value: string }[];
  surgeWeek: { from: string; to: string; operations: number };
  targetedOperations: number;
  distinctTargetRucs: number;
  /** Distinct RUCs of `knownRucs` that some operation targets. */
  knownRucsTargeted: number;
  outposts: number;
  offices: number;
  regionStats: number;
}

/** One operation to generate: its day and department, and what it is. */
interface Slot {
  date: Date;
  department: string;
  kind: "regular" | "surge" | "named";
  named?: NamedOperation;
}

/** A generated operation before its valuations are scaled to the span's published total. */
interface Draft {
  date: Date;
  district: RegionEntry;
  latitude: number;
  longitude: number;
  type: OperationType;
  agencies: Agency[];
  legalBasis: string;
  targetRucs: string[];
  lines: ResultLine[];
  arrests: number;
  source: { kind: SourceKind; reference: string };
}

interface KnownOperators {
  byDepartment: Map<string, { ruc: string; district: string | null }[]>;
  anywhere: string[];
  all: Set<string>;
}

/** A 32-bit seed for one stream of the generator, derived from the seed and a label (FNV-1a). */
function derive(seed: number, label: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${seed}:${label}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function day(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

/** Splits `total` over weighted parts by largest remainder: whole numbers that add up exactly. */
function apportion<K>(parts: readonly (readonly [K, number])[], total: number): Map<K, number> {
  const weight = parts.reduce((sum, [, w]) => sum + w, 0);
  const exact = parts.map(([key, w]) => [key, (total * w) / weight] as const);
  const out = new Map(exact.map(([key, x]) => [key, Math.floor(x)]));
  let left = total - [...out.values()].reduce((sum, n) => sum + n, 0);
  const byRemainder = [...exact].sort((a, b) => b[1] - Math.floor(b[1]) - (a[1] - Math.floor(a[1])));
  for (const [key] of byRemainder) {
    if (left <= 0) break;
    out.set(key, (out.get(key) ?? 0) + 1);
    left--;
  }
  return out;
}

function knownOperators(entries: readonly KnownRuc[]): KnownOperators {
  const catalog = regionCatalog();
  const normalized = new Map<string, string | null>();
  for (const entry of entries) {
    const ruc = (typeof entry === "string" ? entry : entry.ruc).trim();
    const ubigeo = typeof entry === "string" ? null : entry.ubigeo.trim();
    if (!isValidRuc(ruc)) continue;
    const place = ubigeo && catalog.get(ubigeo) ? ubigeo : null;
    // A RUC given with a place keeps it; given twice, the smallest code wins (input order does not matter).
    const before = normalized.get(ruc);
    if (before === undefined || (place !== null && (before === null || place < before))) {
      normalized.set(ruc, place);
    }
  }
  const known: KnownOperators = { byDepartment: new Map(), anywhere: [], all: new Set(normalized.keys()) };
  for (const [ruc, place] of [...normalized].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (place === null) {
      known.anywhere.push(ruc);
      continue;
    }
    const list = known.byDepartment.get(place.slice(0, 2)) ?? [];
    list.push({ ruc, district: place.length === 6 ? place : null });
    known.byDepartment.set(place.slice(0, 2), list);
  }
  return known;
}

/** Operators with a RUC but no REINFO record to borrow: persons (10 + DNI) and companies (20). */
function generatedRucs(random: SeededRandom, size: number): string[] {
  const rucs = new Set<string>();
  while (rucs.size < size) {
    const body = random.chance(0.55)
      ? `10${String(random.int(1_000_000, 79_999_999)).padStart(8, "0")}`
      : `20${random.int(10_000_000, 61_999_999)}`;
    rucs.add(body + String(rucCheckDigit(body)));
  }
  return [...rucs];
}

/** The slots of one span: its operations by department, the surge week, and the named operations. */
function plan(window: SeedWindow, random: SeededRandom, scale: number): Slot[] {
  const from = day(window.from);
  const to = day(window.to);
  const named = NAMED_OPERATIONS.filter((op) => op.date >= window.from && op.date <= window.to);
  const counts = apportion(DEPARTMENT_QUOTAS, Math.round(window.operations * scale));
  for (const op of named) {
    const department = op.district.slice(0, 2);
    counts.set(department, Math.max(0, (counts.get(department) ?? 0) - 1));
  }
  const slots: Slot[] = named.map((op) => ({
    date: day(op.date),
    department: op.district.slice(0, 2),
    kind: "named",
    named: op,
  }));
  for (const [department, count] of counts) {
    for (let i = 0; i < count; i++) {
      slots.push({
        date: random.dateBetween(from, new Date(to.getTime() + DAY)),
        department,
        kind: "regular",
      });
    }
  }
  if (SURGE.from >= window.from && SURGE.to <= window.to) {
    const extra = Math.round(SURGE.usualPerWeek * (SURGE.multiple - 1) * scale);
    const surgeFrom = day(SURGE.from);
    const surgeUntil = new Date(day(SURGE.to).getTime() + DAY);
    for (let i = 0; i < extra; i++) {
      slots.push({
        date: random.dateBetween(surgeFrom, surgeUntil),
        department: random.weighted(DEPARTMENT_QUOTAS),
        kind: "surge",
      });
    }
  }
  for (const slot of slots) slot.date = new Date(Math.floor(slot.date.getTime() / DAY) * DAY);
  // Stable: same-day slots keep their creation order.
  return slots.sort((a, b) => a.date.getTime() - b.date.getTime());
}

/** Chooses districts: a department's hotspots for 80% of its operations, anywhere in it otherwise. */
function placePicker() {
  const catalog = regionCatalog();
  const districts = new Map<string, RegionEntry[]>();
  const hotspots = new Map<string, RegionEntry[]>();
  for (const [department] of DEPARTMENT_QUOTAS) {
    districts.set(department, catalog.list({ level: "DISTRICT", parent: department }));
    hotspots.set(
      department,
      (HOTSPOTS[department] ?? []).flatMap((code) =>
        code.length === 6
          ? [catalog.require(code, "hotspot")]
          : catalog.list({ level: "DISTRICT", parent: code }),
      ),
    );
  }
  return (random: SeededRandom, department: string): RegionEntry => {
    const spots = hotspots.get(department) ?? [];
    if (spots.length > 0 && random.chance(0.8)) return random.pick(spots);
    return random.pick(districts.get(department) ?? []);
  };
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

function resultLines(random: SeededRandom, type: OperationType, alluvial: boolean): ResultLine[] {
  const kind =
    type === "RIVER_INTERDICTION"
      ? "RIVER"
      : type === "INTERDICTION"
        ? alluvial
          ? "ALLUVIAL_LAND"
          : "HARD_ROCK"
        : type === "INTEGRATED_OPERATION"
          ? "HARD_ROCK"
          : type === "SEIZURE"
            ? "SEIZURE"
            : type === "CONTROL_POST_CHECK"
              ? "CONTROL_POST"
              : "PATROL";
  const { items, lines } = ITEMS_BY_KIND[kind] as (typeof ITEMS_BY_KIND)[string];
  const wanted = random.int(lines[0], lines[1]);
  const chosen = new Set<ItemType>();
  for (let attempt = 0; chosen.size < wanted && attempt < wanted * 4; attempt++) {
    chosen.add(random.weighted(items));
  }
  const seizing = type === "SEIZURE" || type === "CONTROL_POST_CHECK";
  return [...chosen].map((item) => {
    const profile = ITEM_PROFILES[item];
    const unit = random.weighted(profile.units);
    const [low, high] = profile.quantity[unit] ?? [1, 1];
    const quantity =
      unit === "UNITS" || unit === "GALLONS" || unit === "LITRES"
        ? random.int(low, high)
        : round(low + random.next() * (high - low), item === "MERCURY" ? 3 : 2);
    const [cheap, dear] = profile.price[unit] ?? [0, 0];
    const price = cheap + random.next() * (dear - cheap);
    let action: ItemAction;
    if (DESTROYED_ONLY.has(item)) action = "DESTROYED";
    else if (INPUTS.has(item))
      action = item === "FUEL" && !seizing && random.chance(0.5) ? "DESTROYED" : "SEIZED";
    else action = seizing || random.chance(0.12) ? "SEIZED" : "DESTROYED";
    return { item, action, quantity, unit, cents: Math.round(quantity * price * 100) };
  });
}

function agenciesFor(
  random: SeededRandom,
  type: OperationType,
  department: string,
  alluvial: boolean,
  cupaz: boolean,
  lines: readonly ResultLine[],
): Agency[] {
  const agencies: Agency[] = [];
  if (cupaz && type === "INTEGRATED_OPERATION") agencies.push("ARMED_FORCES_CUPAZ");
  if (type === "RIVER_INTERDICTION" && random.chance(0.95)) agencies.push("NAVY_DICAPI");
  agencies.push("PNP_DIRECTORATE_ENVIRONMENT");
  if (cupaz && !agencies.includes("ARMED_FORCES_CUPAZ") && random.chance(0.6))
    agencies.push("ARMED_FORCES_CUPAZ");
  const interdiction =
    type === "INTERDICTION" || type === "RIVER_INTERDICTION" || type === "INTEGRATED_OPERATION";
  if ((interdiction && random.chance(0.9)) || (type === "SEIZURE" && random.chance(0.6)))
    agencies.push("FEMA");
  if (type === "INTERDICTION" && alluvial && random.chance(0.15)) agencies.push("NAVY_DICAPI");
  const border = department === "01" || department === "16";
  if (interdiction && alluvial && !cupaz && random.chance(border ? 0.4 : 0.25)) agencies.push("ARMY");
  if (lines.some((line) => line.item === "EXPLOSIVES") && random.chance(0.7)) agencies.push("SUCAMEC");
  const inputs = lines.some((line) => line.item === "FUEL" || line.item === "MERCURY");
  if ((type === "CONTROL_POST_CHECK" || type === "SEIZURE") && inputs && random.chance(0.6))
    agencies.push("SUNAT");
  if (random.chance(0.04)) agencies.push("MINEM");
  return agencies;
}

function arrestsFor(random: SeededRandom, type: OperationType): number {
  switch (type) {
    case "CONTROL_POST_CHECK":
      return random.chance(0.2) ? random.int(1, 3) : 0;
    case "PATROL":
      return random.chance(0.1) ? random.int(1, 2) : 0;
    case "SEIZURE":
    case "INTERDICTION":
    case "RIVER_INTERDICTION":
    case "INTEGRATED_OPERATION":
      return random.chance(0.35) ? random.int(1, random.chance(0.8) ? 3 : 12) : 0;
  }
}

const TYPE_LABEL: Record<OperationType, string> = {
  INTERDICTION: "Interdicción",
  RIVER_INTERDICTION: "Interdicción fluvial",
  INTEGRATED_OPERATION: "Operación integrada",
  PATROL: "Patrullaje",
  CONTROL_POST_CHECK: "Control en puesto de control",
  SEIZURE: "Incautación",
};

/** ISO week of a date, `2025-W04`, as PCM's weekly summaries are numbered. */
function isoWeek(date: Date): string {
  const thursday = new Date(date.getTime());
  thursday.setUTCDate(thursday.getUTCDate() + 4 - (thursday.getUTCDay() || 7));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - yearStart) / DAY + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

function sourceFor(random: SeededRandom, type: OperationType, date: Date, district: RegionEntry) {
  const kind = random.weighted<SourceKind>([
    ["PCM_REPORT", 45],
    ["PRESS_RELEASE", 35],
    ["OFFICIAL_RECORD", 20],
  ]);
  const department = regionCatalog().get(district.ubigeo.slice(0, 2))?.name ?? district.ubigeo;
  const iso = date.toISOString().slice(0, 10);
  switch (kind) {
    case "PCM_REPORT":
      return {
        kind,
        reference: `PCM — reporte de operaciones contra la minería ilegal, semana ${isoWeek(date)}`,
      };
    case "PRESS_RELEASE":
      return {
        kind,
        reference: `Nota de prensa PNP: ${TYPE_LABEL[type]} en ${district.name} (${department}), ${iso}`,
      };
    case "OFFICIAL_RECORD":
      return {
        kind,
        reference: `Acta fiscal FEMA ${department} N.º ${random.int(1, 999)}-${date.getUTCFullYear()}`,
      };
  }
}

/** Everything a generated operation draws on, fixed for the whole seed. */
interface Generator {
  place: (random: SeededRandom, department: string) => RegionEntry;
  known: KnownOperators;
  pool: string[];
}

function pickTargets(random: SeededRandom, gen: Generator, department: string, surge: boolean) {
  const targets: { ruc: string; district: string | null }[] = [];
  if (!random.chance(surge ? TARGETED_SHARE_SURGE : TARGETED_SHARE)) return targets;
  const wanted = random.chance(0.8) ? 1 : 2;
  const local = gen.known.byDepartment.get(department) ?? [];
  for (let i = 0; i < wanted; i++) {
    let target: { ruc: string; district: string | null };
    if (
      gen.known.all.size > 0 &&
      random.chance(KNOWN_SHARE) &&
      (local.length > 0 || gen.known.anywhere.length > 0)
    ) {
      target =
        local.length > 0 && (gen.known.anywhere.length === 0 || random.chance(0.9))
          ? random.pick(local)
          : { ruc: random.pick(gen.known.anywhere), district: null };
    } else {
      target = { ruc: random.pick(gen.pool), district: null };
    }
    if (!targets.some((t) => t.ruc === target.ruc)) targets.push(target);
  }
  return targets;
}

/** One regular or surge operation: targets, place, type, items, agencies, arrests and source. */
function draft(random: SeededRandom, gen: Generator, slot: Slot): Draft {
  const surge = slot.kind === "surge";
  const targets = pickTargets(random, gen, slot.department, surge);
  const placeOfTarget = targets[0]?.district;
  const district = placeOfTarget
    ? (regionCatalog().get(placeOfTarget) as RegionEntry)
    : gen.place(random, slot.department);
  const iso = slot.date.toISOString().slice(0, 10);
  const cupaz =
    district.ubigeo.startsWith(PATAZ_EMERGENCY.province) &&
    iso >= PATAZ_EMERGENCY.from &&
    iso <= PATAZ_EMERGENCY.to;
  const alluvial = !cupaz && random.chance(ALLUVIAL_SHARE[slot.department] ?? ALLUVIAL_DEFAULT);
  const type = random.weighted(
    surge ? TYPES_SURGE : cupaz ? TYPES_PATAZ_EMERGENCY : alluvial ? TYPES_ALLUVIAL : TYPES_HARD_ROCK,
  );
  const lines = resultLines(random, type, alluvial);
  const agencies = agenciesFor(random, type, slot.department, alluvial, cupaz, lines);
  const legalBasis = cupaz
    ? "DL 1100; DS 060-2025-PCM"
    : type === "SEIZURE" || type === "CONTROL_POST_CHECK"
      ? "DL 1103"
      : "DL 1100";
  return {
    date: slot.date,
    district,
    latitude: round(district.latitude + (random.next() - 0.5) * 0.08, 6),
    longitude: round(district.longitude + (random.next() - 0.5) * 0.08, 6),
    type,
    agencies,
    legalBasis,
    targetRucs: targets.map((t) => t.ruc),
    lines,
    arrests: arrestsFor(random, type),
    source: sourceFor(random, type, slot.date, district),
  };
}

function namedDraft(named: NamedOperation): Draft {
  const district = regionCatalog().require(named.district, "named operation");
  return {
    date: day(named.date),
    district,
    latitude: district.latitude,
    longitude: district.longitude,
    type: named.type,
    agencies: named.agencies,
    legalBasis: named.legalBasis,
    targetRucs: [],
    lines: named.results.map((line) => ({ ...line })),
    arrests: named.arrests,
    source: named.source,
  };
}

function toDocument(id: string, name: string | null, d: Draft): OperationDoc {
  return {
    id,
    name,
    date: d.date,
    department: d.district.ubigeo.slice(0, 2),
    province: d.district.ubigeo.slice(0, 4),
    district: d.district.ubigeo,
    latitude: d.latitude,
    longitude: d.longitude,
    agencies: d.agencies,
    type: d.type,
    legalBasis: d.legalBasis,
    targetRucs: d.targetRucs,
    results: d.lines,
    totalCents: d.lines.reduce((sum, line) => sum + line.cents, 0),
    arrests: d.arrests,
    source: { ...d.source, url: null },
    recordedBy: SEEDED_BY,
    recordedAt: new Date(d.date.getTime() + 2 * DAY),
  };
}

/**
 * Replaces the pillar's data with deterministic data at the published scale: ~740 operations in 2024 worth
 * S/ 2,231.56 million, exactly 737 worth S/ 2,604,944,201.50 from 1-Jan to 26-Sep-2025 by PCM's regional
 * counts (at scale 1), the same pace to 20-Nov-2026 with a surge week in early December 2025, the named Pataz
 * operations and DICAPI's January 2025 river interdiction as reported, the three CUPAZ outposts and the FEMA
 * offices. About a quarter of the operations name targeted operators, most of them from `knownRucs` when given.
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
  ]);
  const expectedTargets = WINDOWS.reduce((sum, w) => sum + w.operations, 0) * scale * TARGETED_SHARE;
  const gen: Generator = {
    place: placePicker(),
    known: knownOperators(options.knownRucs ?? []),
    pool: generatedRucs(
      new SeededRandom(derive(seed, "rucs")),
      Math.max(20, Math.round(expectedTargets * 0.6)),
    ),
  };
  const plans = WINDOWS.map((window) =>
    plan(window, new SeededRandom(derive(seed, `plan:${window.label}`)), scale),
  );
  const total = plans.reduce((sum, slots) => sum + slots.length, 0);

  const summary: SeedSummary = {
    operations: 0,
    windows: [],
    surgeWeek: { from: SURGE.from, to: SURGE.to, operations: 0 },
    targetedOperations: 0,
    distinctTargetRucs: 0,
    knownRucsTargeted: 0,
    outposts: 0,
    offices: 0,
    regionStats: 0,
  };
  const targeted = new Set<string>();
  const sequence = new Map<number, number>();
  let batch: OperationDoc[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await models.Operation.collection.insertMany(batch, { ordered: false });
    summary.operations += batch.length;
    batch = [];
    options.onProgress?.(summary.operations, total);
  };

  for (const [w, window] of WINDOWS.entries()) {
    const slots = plans[w] as Slot[];
    const stream = () => new SeededRandom(derive(seed, `operations:${window.label}`));
    const namedCents = slots
      .filter((slot) => slot.kind === "named")
      .reduce(
        (sum, slot) => sum + namedDraft(slot.named as NamedOperation).lines.reduce((s, l) => s + l.cents, 0),
        0,
      );
    const target = Math.round(window.cents * scale) - namedCents;
    // First pass: the raw valuations of the span's generated operations.
    let raw = 0;
    let random = stream();
    for (const slot of slots) {
      if (slot.kind !== "named")
        raw += draft(random, gen, slot).lines.reduce((sum, line) => sum + line.cents, 0);
    }
    const factor = target > 0 && raw > 0 ? target / raw : 1;
    const lastGenerated = slots.findLastIndex((slot) => slot.kind !== "named");
    // Second pass: the same operations, scaled, the last one absorbing the rounding.
    random = stream();
    let scaled = 0;
    let windowCents = 0;
    for (const [i, slot] of slots.entries()) {
      const year = slot.date.getUTCFullYear();
      const n = (sequence.get(year) ?? 0) + 1;
      sequence.set(year, n);
      const id = `EO-${year}-${String(n).padStart(5, "0")}`;
      let doc: OperationDoc;
      if (slot.kind === "named") {
        const named = slot.named as NamedOperation;
        doc = toDocument(id, named.name, namedDraft(named));
      } else {
        const d = draft(random, gen, slot);
        if (factor !== 1) {
          for (const line of d.lines) {
            line.cents = Math.round(line.cents * factor);
            scaled += line.cents;
          }
          const largest = d.lines.reduce<ResultLine | undefined>(
            (a, b) => (a && a.cents >= b.cents ? a : b),
            undefined,
          );
          if (i === lastGenerated && largest) largest.cents = Math.max(0, largest.cents + target - scaled);
        }
        doc = toDocument(id, null, d);
        if (slot.kind === "surge") summary.surgeWeek.operations++;
      }
      if (doc.targetRucs.length > 0) summary.targetedOperations++;
      for (const ruc of doc.targetRucs) targeted.add(ruc);
      windowCents += doc.totalCents;
      batch.push(doc);
      if (batch.length >= BATCH) await flush();
    }
    summary.windows.push({
      label: window.label,
      from: window.from,
      to: window.to,
      operations: slots.length,
      value: centsToDecimal(windowCents),
    });
  }
  await flush();

  summary.distinctTargetRucs = targeted.size;
  summary.knownRucsTargeted = [...targeted].filter((ruc) => gen.known.all.has(ruc)).length;
  summary.outposts = await seedOutposts(models);
  summary.offices = await seedOffices(models, new SeededRandom(derive(seed, "offices")));
  summary.regionStats = await rebuildRegionStats(models);
  return summary;
}

async function seedOutposts(models: Models): Promise<number> {
  const docs: OutpostDoc[] = OUTPOSTS.map((outpost) => {
    const district = regionCatalog().require(outpost.district, "outpost");
    return {
      id: outpost.id,
      name: outpost.name,
      department: outpost.district.slice(0, 2),
      province: outpost.district.slice(0, 4),
      district: outpost.district,
      latitude: round(district.latitude + outpost.offset[0], 6),
      longitude: round(district.longitude + outpost.offset[1], 6),
      openedOn: day(outpost.openedOn),
      status: "OPERATIONAL",
      staffing: outpost.staffing,
      agencies: ["ARMED_FORCES_CUPAZ", "PNP_DIRECTORATE_ENVIRONMENT"],
      legalBasis: "DS 060-2025-PCM",
    };
  });
  await models.Outpost.collection.insertMany(docs);
  return docs.length;
}

/** Prosecutors by department seat where mining cases concentrate (assumed); 2 to 4 elsewhere. */
const PROSECUTORS: Readonly<Record<string, number>> = {
  "17": 7,
  "13": 5,
  "21": 5,
  "15": 6,
  "04": 4,
  "07": 2,
};

/**
 * One FEMA office per department seat (the capital's district) plus the extra ones, each with three
 * semiannual reports. Staffing is thin and caseloads heavy (110–260 open cases per prosecutor, assumed).
 */
async function seedOffices(models: Models, random: SeededRandom): Promise<number> {
  const catalog = regionCatalog();
  const seats = catalog.list({ level: "DEPARTMENT" }).map((department) => {
    const seat = catalog.get(`${department.ubigeo}0101`) as RegionEntry;
    return {
      id: `FEMA-${department.ubigeo}-01`,
      name: `Fiscalía Provincial Especializada en Materia Ambiental de ${department.capital}`,
      district: seat.ubigeo,
      prosecutors: PROSECUTORS[department.ubigeo] ?? random.int(2, 4),
    };
  });
  const extras = EXTRA_OFFICES.map((office) => ({
    ...office,
    prosecutors: office.id === "FEMA-13-02" ? 0 : 3,
  }));
  const docs: OfficeDoc[] = [...seats, ...extras].map((office) => {
    const history: CaseloadEntry[] = [];
    let closed = office.prosecutors > 0 ? random.int(300, 1_500) : 0;
    for (const reported of CASELOAD_REPORT_DAYS) {
      const open =
        office.prosecutors > 0
          ? office.prosecutors * random.int(110, 260)
          : reported >= "2025-12-31"
            ? random.int(20, 60)
            : 0;
      closed += office.prosecutors > 0 ? Math.round(open * (0.1 + random.next() * 0.1)) : 0;
      history.push({
        reportedOn: day(reported),
        prosecutors: office.prosecutors,
        openCases: open,
        closedCases: closed,
        recordedBy: SEEDED_BY,
      });
    }
    const last = history[history.length - 1] as CaseloadEntry;
    return {
      id: office.id,
      name: office.name,
      department: office.district.slice(0, 2),
      province: office.district.slice(0, 4),
      district: office.district,
      prosecutors: last.prosecutors,
      openCases: last.openCases,
      closedCases: last.closedCases,
      reportedOn: last.reportedOn,
      history,
    };
  });
  await models.Office.collection.insertMany(docs);
  return docs.length;
}

import { SeededRandom } from "@tinkuy/demo-data";
import { centsToDecimal, regionCatalog, type RegionEntry } from "@tinkuy/kit";
import type { Models, OperationDoc, ResultLine } from "../src/models.ts";
import { demoProvenance } from "../src/provenance.ts";
import {
  DESTROYED_ONLY,
  type Agency,
  type ItemAction,
  type ItemType,
  type OperationType,
  type SourceKind,
} from "../src/vocabulary.ts";
import { DAY, day, derive, round, SEEDED_BY } from "./support.ts";
import { pickTargets, targetPool, type KnownRuc, type TargetPool } from "./targets.ts";
import {
  ALLUVIAL_DEFAULT,
  ALLUVIAL_SHARE,
  DEPARTMENT_QUOTAS,
  HOTSPOTS,
  INPUTS,
  ITEM_PROFILES,
  ITEMS_BY_KIND,
  NAMED_OPERATIONS,
  PATAZ_EMERGENCY,
  TYPES_ALLUVIAL,
  TYPES_HARD_ROCK,
  TYPES_PATAZ_EMERGENCY,
  WINDOWS,
  type NamedOperation,
  type SeedWindow,
} from "./vocabulary.ts";

const BATCH = 2_000;

/** What the operations' seed produced. */
export interface OperationsSummary {
  operations: number;
  windows: { label: string; from: string; to: string; operations: number; value: string }[];
  targetedOperations: number;
  distinctTargetRucs: number;
  /** Distinct RUCs of `knownRucs` that some operation targets. */
  knownRucsTargeted: number;
}

/** One operation to generate: its day and department, and what it is. */
interface Slot {
  date: Date;
  department: string;
  kind: "regular" | "named";
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

/** The slots of one span: its operations by department, and the named operations. */
function plan(window: SeedWindow, random: SeededRandom, scale: number): Slot[] {
  const from = day(window.from);
  const to = day(window.to);
  const named = NAMED_OPERATIONS.filter((op) => op.date >= window.from && op.date <= window.to);
  const counts = window.reportedOnly
    ? new Map<string, number>()
    : apportion(DEPARTMENT_QUOTAS, Math.round(window.operations * scale));
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

/**
 * What a generated operation's figures say they come from: the kind of source it imitates, and a reference that
 * says it is synthetic and what it is modelled on, never an invented document number under a real institution.
 * The draws stay as they were (the record number is drawn and discarded), so the rest of the stream, and with
 * it every total of the seed, is unchanged.
 */
function sourceFor(random: SeededRandom, type: OperationType, date: Date, district: RegionEntry) {
  const kind = random.weighted<SourceKind>([
    ["PCM_REPORT", 45],
    ["PRESS_RELEASE", 35],
    ["OFFICIAL_RECORD", 20],
  ]);
  const department = regionCatalog().get(district.ubigeo.slice(0, 2))?.name ?? district.ubigeo;
  const what = `${TYPE_LABEL[type]} en ${district.name} (${department}), ${date.toISOString().slice(0, 10)}`;
  switch (kind) {
    case "PCM_REPORT":
      return {
        kind,
        reference: `synthetic, modelled on PCM's interdiction summaries (PCM via net360): ${what}`,
      };
    case "PRESS_RELEASE":
      return {
        kind,
        reference: `synthetic, modelled on PNP and PCM press releases (TV Perú, Gestión): ${what}`,
      };
    case "OFFICIAL_RECORD":
      random.int(1, 999);
      return {
        kind,
        reference: `synthetic, modelled on the prosecutors' records of an interdiction: ${what}`,
      };
  }
}

/** Everything a generated operation draws on, fixed for the whole seed. */
interface Generator extends TargetPool {
  place: (random: SeededRandom, department: string) => RegionEntry;
}

/** One generated operation: targets, place, type, items, agencies, arrests and source. */
function draft(random: SeededRandom, gen: Generator, slot: Slot): Draft {
  const targets = pickTargets(random, gen, slot.department);
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
  const type = random.weighted(cupaz ? TYPES_PATAZ_EMERGENCY : alluvial ? TYPES_ALLUVIAL : TYPES_HARD_ROCK);
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

/**
 * An operation as stored. It is recorded two days after it took place, but never after the last day of its span
 * (`latest`), so no seeded date passes the published figure the span is modelled on.
 */
function toDocument(id: string, name: string | null, d: Draft, latest: Date, reported = false): OperationDoc {
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
    source: {
      kind: d.source.kind,
      // A reported operation cites the report it reproduces; the reference says the record itself is synthetic.
      reference: reported ? `synthetic, modelled on ${d.source.reference}` : d.source.reference,
      url: null,
    },
    recordedBy: SEEDED_BY,
    recordedAt: new Date(Math.min(d.date.getTime() + 2 * DAY, latest.getTime())),
    provenance: demoProvenance(reported ? "namedOperation" : "operation"),
  };
}

/**
 * Inserts the enforcement operations of every span (see the vocabulary's windows): its regular operations by
 * department and the named operations as reported. Each span is generated twice from the same
 * stream: once to total its raw valuations, once to scale them to the published total and insert in batches
 * (memory stays flat at scale 10).
 */
export async function seedOperations(
  models: Models,
  seed: number,
  scale: number,
  knownRucs: readonly KnownRuc[],
  onProgress?: (done: number, total: number) => void,
): Promise<OperationsSummary> {
  const gen: Generator = { place: placePicker(), ...targetPool(seed, scale, knownRucs) };
  const plans = WINDOWS.map((window) =>
    plan(window, new SeededRandom(derive(seed, `plan:${window.label}`)), scale),
  );
  const total = plans.reduce((sum, slots) => sum + slots.length, 0);

  const summary: OperationsSummary = {
    operations: 0,
    windows: [],
    targetedOperations: 0,
    distinctTargetRucs: 0,
    knownRucsTargeted: 0,
  };
  const targeted = new Set<string>();
  const sequence = new Map<number, number>();
  let batch: OperationDoc[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await models.Operation.collection.insertMany(batch, { ordered: false });
    summary.operations += batch.length;
    batch = [];
    onProgress?.(summary.operations, total);
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
        doc = toDocument(id, named.name, namedDraft(named), day(window.to), true);
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
        doc = toDocument(id, null, d, day(window.to));
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
  return summary;
}

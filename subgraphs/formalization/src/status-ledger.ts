import { addSource, sourceCounterUpdate, type ProvenanceDoc, type SourceCounter } from "@tinkuy/kit";
import type { AnyBulkWriteOperation } from "mongoose";
import type { LedgerDoc, Models, RecordDoc, RegionStatsDoc } from "./models.ts";
import type { Estado } from "./status.ts";

const WRITE_CHUNK = 5_000;

/** The department, province and district codes a district code belongs to. */
function levels(district: string): string[] {
  return [district.slice(0, 2), district.slice(0, 4), district];
}

/** `YYYY-MM-DD` of a date's UTC day: the ledger's day, so "as of D" means "by the end of D (UTC)". */
export function dayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The grains a change is kept at: its year, its month and its day. An as-of figure sums a region's years
 * before the day's year, the months of that year before the day's month, and the days of that month up to the
 * day: about fifty entries per region whatever the registry's age, instead of one per day since 2012.
 */
const GRAINS = [
  { grain: "Y", length: 4 },
  { grain: "M", length: 7 },
  { grain: "D", length: 10 },
] as const;

/** A ledger period's first day, from its `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
function periodStart(period: string): Date {
  return new Date(`${period.padEnd(10, "-01").slice(0, 10)}T00:00:00.000Z`);
}

/** The ledger entries (id, grain, first day) a change on `day` (`YYYY-MM-DD`) in `region` counts in. */
function entriesOf(region: string, day: string): { id: string; grain: LedgerDoc["grain"]; day: Date }[] {
  return GRAINS.map(({ grain, length }) => {
    const period = day.slice(0, length);
    return { id: `${region}|${period}`, grain, day: periodStart(period) };
  });
}

/**
 * What a status history entry does to the ledger: a registration (the record's first entry: it enters the
 * registry in `to`, from the dataset `registered`) or a change from one status to another.
 */
export type LedgerChange = { registered: ProvenanceDoc; to: Estado } | { from: Estado; to: Estado };

/**
 * The ledger updates for one history entry dated `date` in a district: one upsert per level (department,
 * province, district) and grain (its year, month and day), `$inc` only, so concurrent writers commute. Sent as
 * one bulkWrite next to the region counters' ({@link applyLedgerChange}).
 */
export function ledgerChange(
  district: string,
  date: Date,
  change: LedgerChange,
): AnyBulkWriteOperation<LedgerDoc>[] {
  const inc: Record<string, number> = { [`in.${change.to}`]: 1 };
  let set: Record<string, unknown> = {};
  if ("from" in change) {
    if (change.from === change.to) return [];
    inc[`out.${change.from}`] = 1;
  } else {
    inc.registered = 1;
    const source = sourceCounterUpdate(change.registered, 1);
    Object.assign(inc, source.$inc);
    set = source.$set;
  }
  return levels(district).flatMap((region) =>
    entriesOf(region, dayKey(date)).map(({ id, grain, day }) => ({
      updateOne: {
        filter: { _id: id },
        update: {
          $inc: inc,
          ...(Object.keys(set).length > 0 ? { $set: set } : {}),
          $setOnInsert: { region, grain, day },
        },
        upsert: true,
      },
    })),
  );
}

/** Applies ledger updates in one database command. */
export async function applyLedgerChange(
  models: Models,
  ops: AnyBulkWriteOperation<LedgerDoc>[],
): Promise<void> {
  if (ops.length > 0) await models.RegionDay.bulkWrite(ops, { ordered: false });
}

/** The fields of a record the ledger reads. */
export type LedgerRecord = Pick<RecordDoc, "ID_DIST" | "ESTADO" | "history"> & {
  provenance?: ProvenanceDoc | null;
  FECHA_ACTUALIZACION?: Date | null;
  createdAt?: Date | null;
};

/** The ledger entries a change on `date` in `district` counts in, created empty when new. */
function entriesFor(ledger: Map<string, LedgerDoc>, district: string, date: Date): LedgerDoc[] {
  const day = dayKey(date);
  return levels(district).flatMap((region) =>
    entriesOf(region, day).map(({ id, grain, day: first }) => {
      let entry = ledger.get(id);
      if (!entry) {
        entry = { _id: id, region, grain, day: first, registered: 0, in: {}, out: {}, sources: {} };
        ledger.set(id, entry);
      }
      return entry;
    }),
  );
}

/**
 * Adds one record's status history to a ledger being built: its first entry is the registration (counted under
 * the dataset of that entry's provenance, or the record's when the entry has none), each later entry a change
 * from the status before it. A record without history (data older than histories) counts as registered in its
 * status on FECHA_ACTUALIZACION (or its creation, or 1970).
 */
export function addToLedger(ledger: Map<string, LedgerDoc>, record: LedgerRecord): void {
  const history = record.history ?? [];
  const first = history[0];
  const registeredOn = first?.date ?? record.FECHA_ACTUALIZACION ?? record.createdAt ?? new Date(0);
  const dataset = first?.provenance ?? record.provenance ?? null;
  const registeredIn = first?.status ?? record.ESTADO;
  for (const entry of entriesFor(ledger, record.ID_DIST, registeredOn)) {
    entry.registered += 1;
    entry.in[registeredIn] = (entry.in[registeredIn] ?? 0) + 1;
    addSource(entry.sources, dataset, 1);
  }
  for (let i = 1; i < history.length; i++) {
    const from = history[i - 1]!.status;
    const { status: to, date } = history[i]!;
    if (from === to) continue;
    for (const entry of entriesFor(ledger, record.ID_DIST, date)) {
      entry.in[to] = (entry.in[to] ?? 0) + 1;
      entry.out[from] = (entry.out[from] ?? 0) + 1;
    }
  }
}

/** The whole ledger as the registry's histories give it: one streamed read of the fields it needs. */
export async function computeLedger(models: Models): Promise<Map<string, LedgerDoc>> {
  const ledger = new Map<string, LedgerDoc>();
  const cursor = models.Record.collection.find(
    {},
    {
      projection: {
        _id: 0,
        ID_DIST: 1,
        ESTADO: 1,
        FECHA_ACTUALIZACION: 1,
        createdAt: 1,
        provenance: 1,
        "history.status": 1,
        "history.date": 1,
        "history.provenance": 1,
      },
      batchSize: 5_000,
    },
  );
  for await (const record of cursor) addToLedger(ledger, record as unknown as LedgerRecord);
  return ledger;
}

/** A ledger entry as a comparable text: its counts and its sources in key order. */
function entryText(entry: LedgerDoc): string {
  const counts = (map: Partial<Record<Estado, number>> | undefined): [string, number][] =>
    Object.entries(map ?? {})
      .filter(([, n]) => n !== 0)
      .sort(([a], [b]) => a.localeCompare(b));
  const sources = Object.entries(entry.sources ?? {})
    .filter(([, s]) => s.records !== 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, s]) => [key, s.records, s.kind, s.dataset, s.source, new Date(s.asOf).toISOString()]);
  return JSON.stringify([entry.registered ?? 0, counts(entry.in), counts(entry.out), sources]);
}

/**
 * Brings the stored ledger to what the registry's histories give, touching only the entries that differ (in
 * bulkWrites of a few thousand): the hub keeps answering as-of figures meanwhile. Used after an import (which
 * keeps the region counters the same way), at start when the ledger is missing (all of it is then written),
 * and by the seed. Returns how many entries it wrote or deleted.
 */
export async function reconcileLedger(models: Models): Promise<number> {
  const [fresh, stored] = await Promise.all([
    computeLedger(models),
    models.RegionDay.find({}).lean<LedgerDoc[]>(),
  ]);
  const ops: AnyBulkWriteOperation<LedgerDoc>[] = [];
  const storedById = new Map(stored.map((entry) => [entry._id, entry]));
  for (const entry of stored) {
    if (!fresh.has(entry._id)) ops.push({ deleteOne: { filter: { _id: entry._id } } });
  }
  for (const entry of fresh.values()) {
    const old = storedById.get(entry._id);
    if (!old || entryText(old) !== entryText(entry)) {
      ops.push(
        old
          ? { replaceOne: { filter: { _id: entry._id }, replacement: entry, upsert: true } }
          : { insertOne: { document: entry } },
      );
    }
  }
  for (let i = 0; i < ops.length; i += WRITE_CHUNK) {
    await models.RegionDay.bulkWrite(ops.slice(i, i + WRITE_CHUNK), { ordered: false });
  }
  return ops.length;
}

/**
 * Replaces the stored ledger with one built elsewhere (the seed builds it from the records it generates, so it
 * never reads the registry back).
 */
export async function replaceLedger(models: Models, ledger: Map<string, LedgerDoc>): Promise<void> {
  await models.RegionDay.deleteMany({});
  const entries = [...ledger.values()];
  for (let i = 0; i < entries.length; i += WRITE_CHUNK) {
    await models.RegionDay.insertMany(entries.slice(i, i + WRITE_CHUNK), { ordered: false, lean: true });
  }
}

/**
 * Builds the ledger when the registry has records and the ledger is missing (data stored before it existed), or
 * repairs it when it disagrees with the region counters (a build or an import interrupted halfway, a process
 * that died between a record's write and the ledger's): every department's entries of each grain, summed over
 * all time, must give its counters. The check is one aggregation over the departments' entries; the repair
 * rewrites only the entries that differ. Returns how many entries it wrote or deleted.
 */
export async function ensureLedger(models: Models): Promise<number> {
  const [records, entries] = await Promise.all([
    models.Record.estimatedDocumentCount(),
    models.RegionDay.estimatedDocumentCount(),
  ]);
  if (records === 0) return 0;
  if (entries === 0) return reconcileLedger(models);
  const counters = await models.RegionStats.find({ _id: { $regex: /^\d{2}$/ } }).lean<RegionStatsDoc[]>();
  const groups = await models.RegionDay.aggregate<CountGroup & { _id: { region: string; grain: string } }>([
    { $match: { region: { $in: counters.map((counter) => counter._id) } } },
    { $group: { _id: { region: "$region", grain: "$grain" }, ...countSums() } },
  ]);
  const sums = new Map(groups.map((group) => [`${group._id.region}|${group._id.grain}`, figuresOf(group)]));
  const agrees = counters.every((counter) =>
    GRAINS.every(({ grain }) => {
      const sum = sums.get(`${counter._id}|${grain}`) ?? noFigures();
      return (["total", ...ESTADOS] as const).every((field) => sum[field] === counter[field]);
    }),
  );
  return agrees ? 0 : reconcileLedger(models);
}

/** A region's REINFO figures as of a day, summed from the ledger: what its counters hold for today. */
export type FiguresAsOf = Omit<RegionStatsDoc, "_id">;

const ESTADOS: readonly Estado[] = ["VIGENTE", "SUSPENDIDO", "EXCLUIDO", "FORMALIZADO"];

/** Empty figures: a region with no record by that day. */
export function noFigures(): FiguresAsOf {
  return { total: 0, VIGENTE: 0, SUSPENDIDO: 0, EXCLUIDO: 0, FORMALIZADO: 0, sources: {} };
}

/** One group of ledger entries as `$group` with {@link countSums} gives it. */
export interface CountGroup {
  _id: unknown;
  registered: number;
  sources?: Record<string, SourceCounter>[];
  [field: string]: unknown;
}

/** The `$group` sums of a region's entries: registrations, and the records into and out of each status. */
export function countSums(): Record<string, unknown> {
  const sums: Record<string, unknown> = { registered: { $sum: "$registered" } };
  for (const estado of ESTADOS) {
    sums[`in_${estado}`] = { $sum: { $ifNull: [`$in.${estado}`, 0] } };
    sums[`out_${estado}`] = { $sum: { $ifNull: [`$out.${estado}`, 0] } };
  }
  return sums;
}

/** The figures summed entries give: registrations, and each status's records in less records out. */
export function figuresOf(group: CountGroup): FiguresAsOf {
  const entry = noFigures();
  entry.total = group.registered;
  for (const estado of ESTADOS) {
    entry[estado] = Number(group[`in_${estado}`] ?? 0) - Number(group[`out_${estado}`] ?? 0);
  }
  return entry;
}

import { NATIONAL_UBIGEO, regionCatalog, type SourceCounter } from "@tinkuy/kit";
import DataLoader from "dataloader";
import { accrualKey, dayKey, yearKey } from "./counters.ts";
import type { Models, ServicesStatsDoc } from "./models.ts";
import { functionOf, isFunctionCode, type FunctionCode, type GovernmentFunction } from "./vocabulary.ts";

/** A region and a half-open period (`until` excluded), as the figures loader takes them. */
export interface FiguresKey {
  ubigeo: string;
  from: Date;
  until: Date;
}

/** One function's figures (`FunctionExecution`). */
export interface FunctionFigures {
  function: GovernmentFunction;
  activeProjects: number;
  executedCents: number;
}

/** A region's public-investment figures for a period, in céntimos. */
export interface Figures {
  activeProjects: number;
  executedCents: number;
  /** Whole-year accruals of the years the period covers only in part (`yearlyAccrualsOutsidePeriodMonths`). */
  yearlyOutsideCents: number;
  /** Functions with investments active or execution accrued in the period, most executed first. */
  byFunction: FunctionFigures[];
  /**
   * The counters' `sources` maps behind the figures: the investments started by the period's end, those ended
   * before its start (with negative counts, so they cancel out when summed by `sumSources`), and the accruals in
   * `executed`.
   */
  sources: Record<string, SourceCounter>[];
  /** The part of `sources` behind `executed` only: what the indicators' ratios count. */
  accrualSources: Record<string, SourceCounter>[];
}

/** One region's counters as a batch read them: its totals, and its years' documents. */
interface Counters {
  totals: ServicesStatsDoc | null;
  years: Map<number, ServicesStatsDoc>;
}

let departmentCodes: string[] | undefined;

/** The codes whose counters make up a region's: its own, or for Peru (`00`, which no counter has) the departments'. */
export function countedCodes(ubigeo: string): readonly string[] {
  if (ubigeo !== NATIONAL_UBIGEO) return [ubigeo];
  departmentCodes ??= regionCatalog()
    .list({ level: "DEPARTMENT" })
    .map((department) => department.ubigeo);
  return departmentCodes;
}

const DAY = 86_400_000;

/** The years a key's figures read: from its first day's to its last day's. */
function yearsOf(key: FiguresKey): { first: number; last: number } {
  return { first: key.from.getUTCFullYear(), last: new Date(key.until.getTime() - DAY).getUTCFullYear() };
}

/**
 * Every counter a batch's keys need, in one find: each code's totals, and its years' documents from the
 * earliest to the latest any key asks of it (codes asking the same years share a clause of the `$or`).
 */
async function readCounters(models: Models, keys: readonly FiguresKey[]): Promise<Map<string, Counters>> {
  const ranges = new Map<string, { first: number; last: number }>();
  for (const key of keys) {
    const years = yearsOf(key);
    for (const code of countedCodes(key.ubigeo)) {
      const range = ranges.get(code);
      if (!range) ranges.set(code, { ...years });
      else {
        range.first = Math.min(range.first, years.first);
        range.last = Math.max(range.last, years.last);
      }
    }
  }
  const byCode = new Map<string, Counters>();
  if (ranges.size === 0) return byCode;
  const clauses = new Map<string, { first: number; last: number; codes: string[] }>();
  for (const [code, range] of ranges) {
    const id = `${String(range.first)}|${String(range.last)}`;
    const clause = clauses.get(id);
    if (clause) clause.codes.push(code);
    else clauses.set(id, { ...range, codes: [code] });
  }
  const docs = await models.Stats.find({
    $or: [
      { _id: { $in: [...ranges.keys()] } },
      ...[...clauses.values()].map(({ first, last, codes }) => ({
        ubigeo: { $in: codes },
        year: { $gte: first, $lte: last },
      })),
    ],
  }).lean<ServicesStatsDoc[]>();
  for (const doc of docs) {
    let counters = byCode.get(doc.ubigeo);
    if (!counters) byCode.set(doc.ubigeo, (counters = { totals: null, years: new Map() }));
    if (doc.year == null) counters.totals = doc;
    else counters.years.set(doc.year, doc);
  }
  return byCode;
}

/** The investments counted under the keys before a bound, by function, and their datasets' records. */
interface Prefix {
  byFunction: Map<string, number>;
  sources: Record<string, SourceCounter>;
}

/** The prefixes already summed, by counter document (each read once per batch) and kind and bound. */
const summed = new WeakMap<ServicesStatsDoc, Map<string, Prefix>>();

/**
 * What one kind of count (execution starts or ends) of a counter document holds under the keys (days of a year,
 * or years) that sort before `bound`: one pass over the document's keys, summed in place, once per document,
 * kind and bound (a department's series points and Peru's read the same ones).
 */
function countedBefore(
  doc: ServicesStatsDoc | null | undefined,
  kind: "starts" | "ends",
  bound: string,
): Prefix | null {
  if (!doc) return null;
  let memo = summed.get(doc);
  if (!memo) summed.set(doc, (memo = new Map()));
  const id = `${kind}|${bound}`;
  let prefix = memo.get(id);
  if (!prefix) memo.set(id, (prefix = sumBefore(doc, kind, bound)));
  return prefix;
}

function sumBefore(doc: ServicesStatsDoc, kind: "starts" | "ends", bound: string): Prefix {
  const entries = kind === "starts" ? doc.starts : doc.ends;
  const sources = kind === "starts" ? doc.startSources : doc.endSources;
  const byFunction = new Map<string, number>();
  for (const [key, counts] of Object.entries(entries ?? {})) {
    if (key >= bound) continue;
    for (const [fn, n] of Object.entries(counts)) byFunction.set(fn, (byFunction.get(fn) ?? 0) + n);
  }
  const shares: Record<string, SourceCounter> = {};
  for (const [key, counters] of Object.entries(sources ?? {})) {
    if (key >= bound) continue;
    for (const [id, share] of Object.entries(counters)) {
      const seen = shares[id];
      if (seen) seen.records += share.records;
      else shares[id] = { ...share };
    }
  }
  return { byFunction, sources: shares };
}

/** A key's figures as they are summed, by function code. */
class Sum {
  readonly active = new Map<string, number>();
  readonly executed = new Map<string, number>();
  yearlyOutside = 0;
  readonly sources: Record<string, SourceCounter>[] = [];
  readonly accrualSources: Record<string, SourceCounter>[] = [];

  count(into: Map<string, number>, byFunction: Record<string, number> | undefined, sign: number): void {
    for (const [fn, n] of Object.entries(byFunction ?? {})) into.set(fn, (into.get(fn) ?? 0) + sign * n);
  }

  /** The investments a count holds before a bound, with their datasets (subtracted for `sign` −1). */
  investments(prefix: Prefix | null, sign: 1 | -1): void {
    if (!prefix) return;
    for (const [fn, n] of prefix.byFunction) this.active.set(fn, (this.active.get(fn) ?? 0) + sign * n);
    if (sign === 1) this.sources.push(prefix.sources);
    else
      this.sources.push(
        Object.fromEntries(
          Object.entries(prefix.sources).map(([id, share]) => [id, { ...share, records: -share.records }]),
        ),
      );
  }

  figures(): Figures {
    const byFunction: FunctionFigures[] = [];
    let activeProjects = 0;
    let executedCents = 0;
    for (const fn of new Set([...this.active.keys(), ...this.executed.keys()])) {
      const code = fn.slice(1);
      const active = this.active.get(fn) ?? 0;
      const executed = this.executed.get(fn) ?? 0;
      activeProjects += active;
      executedCents += executed;
      if ((active > 0 || executed !== 0) && isFunctionCode(code))
        byFunction.push({
          function: functionOf(code as FunctionCode),
          activeProjects: active,
          executedCents: executed,
        });
    }
    byFunction.sort(
      (a, b) =>
        b.executedCents - a.executedCents ||
        b.activeProjects - a.activeProjects ||
        a.function.localeCompare(b.function),
    );
    return {
      activeProjects,
      executedCents,
      yearlyOutsideCents: this.yearlyOutside,
      byFunction,
      sources: [...this.sources, ...this.accrualSources],
      accrualSources: this.accrualSources,
    };
  }
}

/** Adds one region's counters to a key's sum. */
function addCounters(sum: Sum, counters: Counters, key: FiguresKey): void {
  const { from, until } = key;
  const to = new Date(until.getTime() - DAY);
  const toYear = to.getUTCFullYear();
  const fromYear = from.getUTCFullYear();
  // Active = started on or before `to` − ended before `from`: earlier years from the totals, the rest by day.
  const { totals } = counters;
  sum.investments(countedBefore(totals, "starts", yearKey(toYear)), 1);
  sum.investments(countedBefore(totals, "ends", yearKey(fromYear)), -1);
  // A day's key against `dMMDD` of the bound: started on or before `to` (`~` sorts after every digit), ended
  // before `from`.
  sum.investments(countedBefore(counters.years.get(toYear), "starts", `${dayKey(to)}~`), 1);
  sum.investments(countedBefore(counters.years.get(fromYear), "ends", dayKey(from)), -1);
  // Executed: the months wholly in the period, and the whole-year amounts of the years wholly in it.
  for (let year = fromYear; year <= toYear; year++) {
    const doc = counters.years.get(year);
    if (!doc) continue;
    const wholeYear = from.getTime() <= Date.UTC(year, 0, 1) && until.getTime() >= Date.UTC(year + 1, 0, 1);
    for (const [k, byFunction] of Object.entries(doc.accrued ?? {})) {
      let inside: boolean;
      if (k === accrualKey(null)) {
        inside = wholeYear;
        if (!inside) for (const n of Object.values(byFunction)) sum.yearlyOutside += n;
      } else {
        const month = Number(k.slice(1)) - 1;
        inside =
          from.getTime() <= Date.UTC(year, month, 1) && until.getTime() >= Date.UTC(year, month + 1, 1);
      }
      if (!inside) continue;
      sum.count(sum.executed, byFunction, 1);
      const sources = doc.accrualSources?.[k];
      if (sources) sum.accrualSources.push(sources);
    }
  }
}

/**
 * Region figures for every region and period of a request at once: one find on the counters for all of a
 * batch's keys (each region's totals and the years its periods touch), summed per key in memory. The cost grows
 * neither with the number of regions, nor of periods (a series' buckets, the indicators of many periods), nor of
 * investments. Peru (`00`) sums the departments, in the same read.
 */
export function regionFiguresLoader(models: Models): DataLoader<FiguresKey, Figures, string> {
  return new DataLoader<FiguresKey, Figures, string>(
    async (keys) => {
      const counters = await readCounters(models, keys);
      return keys.map((key) => {
        const sum = new Sum();
        for (const code of countedCodes(key.ubigeo)) {
          const mine = counters.get(code);
          if (mine) addCounters(sum, mine, key);
        }
        return sum.figures();
      });
    },
    // No batch limit: a batch's read grows with its distinct regions and years, not with its keys.
    {
      cacheKeyFn: (key) =>
        `${key.ubigeo}|${key.from.toISOString().slice(0, 10)}|${key.until.toISOString().slice(0, 10)}`,
    },
  );
}

import { addSource, splitPeriod, type PeriodSplit, type SourceCounter } from "@tinkuy/kit";
import DataLoader from "dataloader";
import type { Models, OperationDoc, RegionStatsDoc } from "./models.ts";
import {
  ITEM_TYPES,
  itemKey,
  parseItemKey,
  toMilli,
  type ItemAction,
  type ItemType,
  type QuantityUnit,
} from "./vocabulary.ts";

/** Largest batch of documents one read returns, so a read is one command (MongoDB caps a batch at 16 MiB). */
export const LARGE_BATCH = 100_000;

/** A region and a half-open period (`until` excluded), as the figures loader takes them. */
export interface FiguresKey {
  ubigeo: string;
  from: Date;
  until: Date;
}

/** How much of one item line, in one action and unit, and its valuation (quantity in thousandths). */
export interface ItemTotal {
  item: ItemType;
  action: ItemAction;
  unit: QuantityUnit;
  milli: number;
  cents: number;
}

/** A region's enforcement figures for a period (money in céntimos). */
export interface Figures {
  operations: number;
  arrests: number;
  destroyedCents: number;
  seizedCents: number;
  /** By `<item>|<action>|<unit>`. */
  items: Map<string, { milli: number; cents: number }>;
  /** How many of the counted operations came from each dataset, by `sourceKey`. */
  sources: Record<string, SourceCounter>;
}

function emptyFigures(): Figures {
  return { operations: 0, arrests: 0, destroyedCents: 0, seizedCents: 0, items: new Map(), sources: {} };
}

function addItem(figures: Figures, key: string, milli: number, cents: number): void {
  const item = figures.items.get(key);
  if (item) {
    item.milli += milli;
    item.cents += cents;
  } else {
    figures.items.set(key, { milli, cents });
  }
}

function addCounters(figures: Figures, doc: RegionStatsDoc): void {
  figures.operations += doc.operations;
  figures.arrests += doc.arrests;
  figures.destroyedCents += doc.destroyedCents;
  figures.seizedCents += doc.seizedCents;
  for (const [key, item] of Object.entries(doc.items)) addItem(figures, key, item.milli, item.cents);
  for (const entry of Object.values(doc.sources ?? {})) addSource(figures.sources, entry, entry.records);
}

type EdgeOperation = Pick<OperationDoc, "district" | "arrests" | "results" | "provenance">;

function addOperation(figures: Figures, operation: EdgeOperation): void {
  figures.operations += 1;
  figures.arrests += operation.arrests;
  addSource(figures.sources, operation.provenance, 1);
  for (const line of operation.results) {
    if (line.action === "DESTROYED") figures.destroyedCents += line.cents;
    else figures.seizedCents += line.cents;
    addItem(figures, itemKey(line.item, line.action, line.unit), toMilli(line.quantity), line.cents);
  }
}

/**
 * The operations dated inside the edges (at most two partial months, nationwide), read in one command. Their
 * number is bounded by the length of the edges, not by the regions asked for.
 */
function edgeOperations(models: Models, edges: PeriodSplit["edges"]): Promise<EdgeOperation[]> {
  return models.Operation.find(
    { $or: edges.map((edge) => ({ date: { $gte: edge.from, $lt: edge.until } })) },
    { _id: 0, district: 1, arrests: 1, results: 1, provenance: 1 },
  )
    .batchSize(LARGE_BATCH)
    .lean<EdgeOperation[]>()
    .exec();
}

/** The item lines of some figures, in the schema's item order, then action and unit. */
export function itemTotals(figures: Figures): ItemTotal[] {
  const order = new Map<string, number>(ITEM_TYPES.map((item, i) => [item, i]));
  return [...figures.items]
    .filter(([, item]) => item.milli !== 0 || item.cents !== 0)
    .map(([key, item]) => ({ ...parseItemKey(key), milli: item.milli, cents: item.cents }))
    .sort(
      (a, b) =>
        (order.get(a.item) ?? 0) - (order.get(b.item) ?? 0) ||
        a.action.localeCompare(b.action) ||
        a.unit.localeCompare(b.unit),
    );
}

/**
 * Region figures for every region and period of a request at once. Per period: one find on the counters (the
 * regions' whole months), plus, only when the period does not start or end on a month boundary, one find of
 * the operations inside the partial edges (shared by every batch of the request). The cost does not grow with
 * the number of regions or of operations.
 */
export function regionFiguresLoader(models: Models): DataLoader<FiguresKey, Figures, string> {
  const edgeCache = new Map<string, Promise<EdgeOperation[]>>();
  const periodKey = (key: FiguresKey) => `${key.from.toISOString()}|${key.until.toISOString()}`;
  return new DataLoader<FiguresKey, Figures, string>(
    async (keys) => {
      const byPeriod = new Map<string, FiguresKey[]>();
      for (const key of keys) byPeriod.set(periodKey(key), [...(byPeriod.get(periodKey(key)) ?? []), key]);
      const results = new Map<string, Figures>();
      await Promise.all(
        [...byPeriod].map(async ([period, group]) => {
          const first = group[0] as FiguresKey;
          const split = splitPeriod(first.from, first.until);
          const codes = [...new Set(group.map((key) => key.ubigeo))];
          const counters = split.months
            ? models.RegionStats.find({
                ubigeo: { $in: codes },
                month: { $gte: split.months.first, $lte: split.months.last },
              })
                .batchSize(LARGE_BATCH)
                .lean<RegionStatsDoc[]>()
                .exec()
            : Promise.resolve([]);
          let edges: Promise<EdgeOperation[]> | undefined;
          if (split.edges.length > 0) {
            edges = edgeCache.get(period) ?? edgeOperations(models, split.edges);
            edgeCache.set(period, edges);
          }
          const [stats, operations] = await Promise.all([counters, edges]);
          const figures = new Map(codes.map((code) => [code, emptyFigures()]));
          for (const doc of stats) {
            const entry = figures.get(doc.ubigeo);
            if (entry) addCounters(entry, doc);
          }
          for (const operation of operations ?? []) {
            for (const code of codes) {
              if (operation.district.startsWith(code)) addOperation(figures.get(code) as Figures, operation);
            }
          }
          for (const code of codes) results.set(`${code}|${period}`, figures.get(code) as Figures);
        }),
      );
      return keys.map((key) => results.get(`${key.ubigeo}|${periodKey(key)}`) ?? emptyFigures());
    },
    { cacheKeyFn: (key) => `${key.ubigeo}|${periodKey(key)}`, maxBatchSize: 1000 },
  );
}

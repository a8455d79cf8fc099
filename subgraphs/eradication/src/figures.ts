import { addSource, type SourceCounter } from "@tinkuy/kit";
import type { OperationDoc, RegionStatsDoc } from "./models.ts";
import {
  ITEM_TYPES,
  itemKey,
  parseItemKey,
  toMilli,
  type ItemAction,
  type ItemType,
  type QuantityUnit,
} from "./vocabulary.ts";

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

/** What the figures read of an operation dated inside a partial month. */
export type EdgeOperation = Pick<OperationDoc, "date" | "district" | "arrests" | "results" | "provenance">;

/** Figures of nothing: the start of every sum. */
export function emptyFigures(): Figures {
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

/** Adds one month's counters of a region. */
export function addCounters(figures: Figures, doc: RegionStatsDoc): void {
  figures.operations += doc.operations;
  figures.arrests += doc.arrests;
  figures.destroyedCents += doc.destroyedCents;
  figures.seizedCents += doc.seizedCents;
  for (const [key, item] of Object.entries(doc.items)) addItem(figures, key, item.milli, item.cents);
  for (const entry of Object.values(doc.sources ?? {})) addSource(figures.sources, entry, entry.records);
}

/** Adds one operation, as its month's counters would count it. */
export function addOperation(figures: Figures, operation: EdgeOperation): void {
  figures.operations += 1;
  figures.arrests += operation.arrests;
  addSource(figures.sources, operation.provenance, 1);
  for (const line of operation.results) {
    if (line.action === "DESTROYED") figures.destroyedCents += line.cents;
    else figures.seizedCents += line.cents;
    addItem(figures, itemKey(line.item, line.action, line.unit), toMilli(line.quantity), line.cents);
  }
}

/** Adds some figures to others (`into` changes; `from` does not). */
export function addFigures(into: Figures, from: Figures): void {
  into.operations += from.operations;
  into.arrests += from.arrests;
  into.destroyedCents += from.destroyedCents;
  into.seizedCents += from.seizedCents;
  for (const [key, item] of from.items) addItem(into, key, item.milli, item.cents);
  for (const entry of Object.values(from.sources)) addSource(into.sources, entry, entry.records);
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

import { sourceCounterUpdate } from "@tinkuy/kit";
import type { AnyBulkWriteOperation } from "mongoose";
import { apportion, flowOf, fundingRefs, zeroCents, type Flow } from "./finance.ts";
import type { Currency } from "./iati.ts";
import type { Models, ProjectDoc, RegionMoneyDoc, TransactionDoc } from "./models.ts";
import { countSources } from "./provenance.ts";

/** `YYYY-MM` of a date (UTC). */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** A region code and its ancestors: `170102` → `17`, `1701`, `170102`. */
export function levels(ubigeo: string): string[] {
  const out: string[] = [];
  for (let n = 2; n <= ubigeo.length; n += 2) out.push(ubigeo.slice(0, n));
  return out;
}

/** Every region a set of locations belongs to (their codes and ancestors), sorted. */
export function regionCodesOf(locations: readonly string[]): string[] {
  return [...new Set(locations.flatMap(levels))].sort();
}

/** The counter increments one transaction makes: `<ubigeo>|<month>` → flow → currency → céntimos. */
type Increments = Map<string, { flow: Flow; currency: Currency; cents: number }[]>;

function increments(
  project: Pick<ProjectDoc, "locations">,
  flow: Flow,
  t: TransactionDoc,
  into: Increments,
): void {
  const month = monthOf(t.transactionDate);
  for (const [location, cents] of apportion(t.value.cents, project.locations)) {
    if (cents === 0) continue;
    for (const code of levels(location)) {
      const id = `${code}|${month}`;
      const list = into.get(id) ?? [];
      list.push({ flow, currency: t.value.currency, cents });
      into.set(id, list);
    }
  }
}

/**
 * The counter updates for one new transaction: nothing unless it is a funding commitment or disbursement; then
 * its amount, split evenly among the project's locations, is added to each location's district, province and
 * department counter for the transaction's month, and the transaction is counted once in each of those
 * counters under its dataset (`sources.<key>`). One upsert per counter, sent as one bulkWrite.
 */
export function moneyChange(
  project: Pick<ProjectDoc, "locations" | "participatingOrgs">,
  transaction: TransactionDoc,
): AnyBulkWriteOperation<RegionMoneyDoc>[] {
  const flow = flowOf(fundingRefs(project), transaction);
  if (!flow) return [];
  const byId: Increments = new Map();
  increments(project, flow, transaction, byId);
  return [...byId].map(([id, parts]) => {
    const inc: Record<string, number> = {};
    for (const part of parts) {
      const path = `${part.flow}.${part.currency}`;
      inc[path] = (inc[path] ?? 0) + part.cents;
    }
    const [ubigeo = "", month = ""] = id.split("|");
    const source = sourceCounterUpdate(transaction.provenance, 1);
    return {
      updateOne: {
        filter: { _id: id },
        update: { $inc: { ...inc, ...source.$inc }, $set: source.$set, $setOnInsert: { ubigeo, month } },
        upsert: true,
      },
    };
  });
}

/** Applies counter updates in one database command. */
export async function applyMoneyChange(
  models: Models,
  ops: AnyBulkWriteOperation<RegionMoneyDoc>[],
): Promise<void> {
  if (ops.length > 0) await models.RegionMoney.bulkWrite(ops, { ordered: false });
}

/**
 * Recomputes every region's monthly counters from the projects' transactions (read with a cursor, so memory
 * holds the counters, never the projects) and replaces the stored ones, each transaction counted under its
 * dataset in every counter it moves. Used after seeding, at start when the counters are missing, and by the
 * provenance migration.
 */
export async function rebuildRegionMoney(models: Models): Promise<number> {
  const counters = new Map<string, RegionMoneyDoc>();
  const cursor = models.Project.find({}, { locations: 1, participatingOrgs: 1, transactions: 1 })
    .lean<Pick<ProjectDoc, "locations" | "participatingOrgs" | "transactions">>()
    .cursor();
  for await (const project of cursor) {
    const funders = fundingRefs(project);
    for (const transaction of project.transactions) {
      const flow = flowOf(funders, transaction);
      if (!flow) continue;
      const byId: Increments = new Map();
      increments(project, flow, transaction, byId);
      for (const [id, parts] of byId) {
        let counter = counters.get(id);
        if (!counter) {
          const [ubigeo = "", month = ""] = id.split("|");
          counter = { _id: id, ubigeo, month, committed: zeroCents(), disbursed: zeroCents(), sources: {} };
          counters.set(id, counter);
        }
        for (const part of parts) counter[part.flow][part.currency] += part.cents;
        countSources([transaction.provenance], counter.sources);
      }
    }
  }
  await models.RegionMoney.deleteMany({});
  const docs = [...counters.values()];
  for (let i = 0; i < docs.length; i += 2_000) {
    await models.RegionMoney.insertMany(docs.slice(i, i + 2_000), { ordered: false });
  }
  return docs.length;
}

/** Rebuilds the counters when projects exist but no counters do (a fresh import, a lost collection). */
export async function ensureRegionMoney(models: Models): Promise<void> {
  const [projects, counters] = await Promise.all([
    models.Project.estimatedDocumentCount(),
    models.RegionMoney.estimatedDocumentCount(),
  ]);
  if (projects > 0 && counters === 0) await rebuildRegionMoney(models);
}

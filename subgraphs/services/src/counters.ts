import { sourceCounterUpdate, type SourceDataset } from "@tinkuy/kit";
import type { AnyBulkWriteOperation } from "mongoose";
import type { Models, ProjectDoc, ServicesStatsDoc } from "./models.ts";

/** One write to the counters (`investment_stats`). */
export type StatsOp = AnyBulkWriteOperation<ServicesStatsDoc>;

/** What the counters read of an investment: a change to anything else moves no counter. */
export type CountedProject = Pick<
  ProjectDoc,
  "districts" | "functionCode" | "executionStartedOn" | "closedOn" | "execution" | "provenance"
>;

/** The department, province and district codes of a district: where a figure of that district counts. */
export function levels(district: string): string[] {
  return [district.slice(0, 2), district.slice(0, 4), district];
}

/** `mMM` for a month's accrual, `y` for a whole year's: the key of its amounts in a year's document. */
export function accrualKey(month: number | null): string {
  return month == null ? "y" : `m${String(month).padStart(2, "0")}`;
}

/** `dMMDD`: the key of a day in a year's document. */
export function dayKey(date: Date): string {
  return `d${date.toISOString().slice(5, 7)}${date.toISOString().slice(8, 10)}`;
}

/** `yYYYY`: the key of a year in a region's totals. */
export function yearKey(year: number): string {
  return `y${String(year)}`;
}

/** `fFF`: the key of a function code. */
export function functionKey(code: string): string {
  return `f${code}`;
}

/** The update of one counter document, as {@link CounterChange.ops} writes it. */
interface Upsert {
  $setOnInsert: { ubigeo: string; year: number | null };
  $inc: Record<string, number>;
  $set?: Record<string, unknown>;
}

/** A dataset's counter update relative to its prefix: the count's path and the description's paths and values. */
interface SourceUpdate {
  records: string;
  set: [string, unknown][];
}

/** The net change of one counter document: its `$inc`, and the descriptions of the datasets it counts. */
interface DocChange {
  ubigeo: string;
  year: number | null;
  inc: Record<string, number>;
  set: Record<string, unknown>;
}

/**
 * A change to the counters, netted per counter document before anything is written: an investment counted once
 * less as it was (`-1`) and once more as it is (`+1`) moves only what differs (an accrual replaced by another
 * amount moves its month by the difference; an unchanged investment moves nothing). Many investments may be added
 * to one change (an import's batch), which is then one command.
 */
export class CounterChange {
  readonly #docs = new Map<string, DocChange>();
  /**
   * Each dataset's counter update, relative to its prefix: the kit's `sourceKey` is a SHA-256 digest, and a seed
   * or a rebuild counts a handful of datasets tens of thousands of times (every accrual at three levels).
   * Found by the provenance object itself first (the seed and an import's batch share one), then by its text.
   */
  readonly #byObject = new WeakMap<SourceDataset, SourceUpdate>();
  readonly #byText = new Map<string, SourceUpdate>();

  #doc(ubigeo: string, year: number | null): DocChange {
    const id = year == null ? ubigeo : `${ubigeo}|${String(year)}`;
    let doc = this.#docs.get(id);
    if (!doc) this.#docs.set(id, (doc = { ubigeo, year, inc: {}, set: {} }));
    return doc;
  }

  #inc(doc: DocChange, path: string, n: number): void {
    doc.inc[path] = (doc.inc[path] ?? 0) + n;
  }

  #sourceUpdate(dataset: SourceDataset): SourceUpdate {
    let update = this.#byObject.get(dataset);
    if (update) return update;
    const text = [dataset.kind, dataset.dataset ?? "", dataset.source, dataset.asOf.toISOString()].join(
      "\u0000",
    );
    update = this.#byText.get(text);
    if (!update) {
      // The kit's own update, once per dataset, its paths made relative (`<sourceKey>.records`, …).
      const { $inc, $set } = sourceCounterUpdate(dataset, 1, "");
      const relative = (path: string) => path.slice(1);
      update = {
        records: relative(Object.keys($inc)[0] as string),
        set: Object.entries($set).map(([path, value]) => [relative(path), value]),
      };
      this.#byText.set(text, update);
    }
    this.#byObject.set(dataset, update);
    return update;
  }

  #source(doc: DocChange, prefix: string, dataset: SourceDataset, delta: number): void {
    const update = this.#sourceUpdate(dataset);
    const records = `${prefix}.${update.records}`;
    this.#inc(doc, records, delta);
    const [first] = update.set;
    // The description is the same on every count: written into the document's change once.
    if (first && !(`${prefix}.${first[0]}` in doc.set)) {
      for (const [path, value] of update.set) doc.set[`${prefix}.${path}`] = value;
    }
  }

  /**
   * Counts `project` once more (`1`) or once less (`-1`) at each level of its first district: each accrual in its
   * year's document (amount by function, one record of its dataset), and its execution's start and end (when it
   * has started) on their days and in their years' totals (one investment of its own dataset each).
   */
  add(project: CountedProject, delta: 1 | -1): this {
    const district = project.districts[0];
    if (district === undefined) return this;
    const fn = functionKey(project.functionCode);
    const started = project.executionStartedOn ?? null;
    const ended = started ? (project.closedOn ?? null) : null;
    for (const ubigeo of levels(district)) {
      for (const accrual of project.execution) {
        const doc = this.#doc(ubigeo, accrual.year);
        const key = accrualKey(accrual.month);
        this.#inc(doc, `accrued.${key}.${fn}`, delta * accrual.accruedCents);
        this.#source(doc, `accrualSources.${key}`, accrual.provenance, delta);
      }
      for (const [field, day] of [
        ["starts", started],
        ["ends", ended],
      ] as const) {
        if (!day) continue;
        const sources = field === "starts" ? "startSources" : "endSources";
        const year = day.getUTCFullYear();
        const doc = this.#doc(ubigeo, year);
        this.#inc(doc, `${field}.${dayKey(day)}.${fn}`, delta);
        this.#source(doc, `${sources}.${dayKey(day)}`, project.provenance, delta);
        const totals = this.#doc(ubigeo, null);
        this.#inc(totals, `${field}.${yearKey(year)}.${fn}`, delta);
        this.#source(totals, `${sources}.${yearKey(year)}`, project.provenance, delta);
      }
    }
    return this;
  }

  /** Counts the change from `before` (null: a new investment) to `after` (null: one removed). */
  replace(before: CountedProject | null, after: CountedProject | null): this {
    if (before) this.add(before, -1);
    if (after) this.add(after, 1);
    return this;
  }

  /** The upserts that apply the change: one per counter document it moves (none for what nets to zero). */
  ops(): StatsOp[] {
    const ops: StatsOp[] = [];
    for (const [id, doc] of this.#docs) {
      const inc = Object.fromEntries(Object.entries(doc.inc).filter(([, n]) => n !== 0));
      if (Object.keys(inc).length === 0) continue;
      // Only the descriptions of the datasets whose count moves.
      const set = Object.fromEntries(
        Object.entries(doc.set).filter(([path]) => {
          const base = path.slice(0, path.lastIndexOf("."));
          return (inc[`${base}.records`] ?? 0) !== 0;
        }),
      );
      ops.push({
        updateOne: {
          filter: { _id: id },
          update: {
            $setOnInsert: { ubigeo: doc.ubigeo, year: doc.year },
            $inc: inc,
            ...(Object.keys(set).length > 0 ? { $set: set } : {}),
          },
          upsert: true,
        },
      });
    }
    return ops;
  }

  /**
   * The counter documents the change would create in an empty collection (each its `$setOnInsert`, `$inc` and
   * `$set` applied to `{ _id }`): what a rebuild or a seed inserts after emptying the counters, since the engine
   * applies upserts with thousands of dotted paths far more slowly than it inserts the same documents.
   */
  documents(): ServicesStatsDoc[] {
    return this.ops().map((op) => {
      const { filter, update } = (op as { updateOne: { filter: { _id: string }; update: Upsert } }).updateOne;
      const doc: Record<string, unknown> = { _id: filter._id, ...update.$setOnInsert };
      for (const fields of [update.$inc, update.$set ?? {}]) {
        for (const [path, value] of Object.entries(fields)) {
          const keys = path.split(".");
          const last = keys.pop() as string;
          let node = doc;
          for (const key of keys) node = (node[key] ??= {}) as Record<string, unknown>;
          node[last] = value;
        }
      }
      return doc as unknown as ServicesStatsDoc;
    });
  }

  /** Writes the change in one database command (none when nothing moves). */
  async apply(models: Models): Promise<void> {
    const ops = this.ops();
    if (ops.length > 0) await models.Stats.bulkWrite(ops, { ordered: false });
  }
}

/**
 * Moves the region counters from what `before` counted to what `after` counts, in one database command: the one
 * function every write to an investment calls (the mutations of src/writes/, the importer, the seed), after the
 * investment itself is written. `before` is null for a new investment. Only the fields of {@link CountedProject}
 * matter; an unchanged investment moves nothing.
 */
export async function applyProjectChange(
  models: Models,
  before: CountedProject | null,
  after: CountedProject | null,
): Promise<void> {
  await new CounterChange().replace(before, after).apply(models);
}

/** Like {@link applyProjectChange} for many investments at once (an import's batch): still one command. */
export async function applyProjectChanges(
  models: Models,
  changes: Iterable<{ before: CountedProject | null; after: CountedProject | null }>,
): Promise<void> {
  const change = new CounterChange();
  for (const { before, after } of changes) change.replace(before, after);
  await change.apply(models);
}

/**
 * Recomputes every counter from the investments and replaces the stored ones (inserted as whole documents):
 * after a bulk load that wrote investments without moving counters, and at start when the counters are missing.
 * Reads every investment once.
 */
export async function rebuildServicesStats(models: Models): Promise<number> {
  const change = new CounterChange();
  const cursor = models.Project.find(
    {},
    { districts: 1, functionCode: 1, executionStartedOn: 1, closedOn: 1, execution: 1, provenance: 1 },
  )
    .lean<CountedProject[]>()
    .cursor();
  for await (const project of cursor) change.add(project as CountedProject, 1);
  const docs = change.documents();
  await models.Stats.deleteMany({});
  if (docs.length > 0) await models.Stats.collection.insertMany(docs as never[], { ordered: false });
  return docs.length;
}

/** Rebuilds the counters when there are investments but no counter (a database loaded without them). */
export async function ensureServicesStats(models: Models): Promise<void> {
  const [counter, project] = await Promise.all([models.Stats.exists({}), models.Project.exists({})]);
  if (!counter && project) await rebuildServicesStats(models);
}

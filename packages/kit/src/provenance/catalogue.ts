import type { Model } from "mongoose";
import type { ProvenanceKind } from "./provenance.ts";

/** How many records of one kind a dataset contributes to one pillar, as `DatasetRecords` answers it. */
export interface DatasetRecordsDoc {
  pillar: string;
  entity: string;
  records: number;
}

/** A dataset as `Dataset` answers it (DCAT terms). Dates are `YYYY-MM-DD` texts, as they cross subgraphs. */
export interface DatasetDoc {
  id: string;
  title: string;
  kind: ProvenanceKind;
  publisher: string;
  issued: string;
  modified: string;
  licence: string | null;
  landingPage: string | null;
  note: string | null;
  records: DatasetRecordsDoc[];
  totalRecords: number;
}

/** One collection whose records carry `provenance`, named by the API type its records are answered as. */
export interface CatalogueSource {
  entity: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any pillar's model; only `aggregate` is used
  model: Model<any>;
  /**
   * The array the records are stored in, when they are stored inside other documents (an office's caseload
   * reports, `history`): each element counts as one record, with its provenance at `<unwind>.<path>`.
   */
  unwind?: string;
  /** Where the provenance sits in a record; `provenance` when omitted. */
  path?: string;
}

interface Group {
  _id: { kind: ProvenanceKind; source: string; dataset: string | null };
  records: number;
  issued: Date | string;
  modified: Date | string;
  licence: string | null;
  url: string | null;
  note: string | null;
}

/** The catalogue identity of a dataset: its kind, publisher and name (its as-of dates vary; they are its span). */
export function datasetId(kind: ProvenanceKind, publisher: string, dataset: string | null): string {
  return [kind, publisher, dataset ?? ""].join("|");
}

const day = (value: Date | string): string =>
  (value instanceof Date ? value.toISOString() : String(value)).slice(0, 10);

/**
 * The datasets behind one pillar's records: one aggregation per collection (records stored inside other
 * documents unwound first), grouping its records by their provenance's kind, source and dataset. An agency's
 * entries (no dataset name) are one dataset per agency, titled `Entries by <agency>` and described as a whole
 * ({@link ENTRIES_NOTE}). Records stored without provenance (before the migration) count under none.
 */
export async function pillarDatasets(
  pillar: string,
  sources: readonly CatalogueSource[],
): Promise<DatasetDoc[]> {
  const perCollection = await Promise.all(
    sources.map(async ({ entity, model, unwind, path: own = "provenance" }) => {
      const path = unwind ? `${unwind}.${own}` : own;
      const groups = await model.aggregate<Group>([
        ...(unwind ? [{ $unwind: `$${unwind}` }] : []),
        { $match: { [`${path}.kind`]: { $exists: true } } },
        {
          $group: {
            _id: { kind: `$${path}.kind`, source: `$${path}.source`, dataset: `$${path}.dataset` },
            records: { $sum: 1 },
            issued: { $min: `$${path}.asOf` },
            modified: { $max: `$${path}.asOf` },
            licence: { $max: `$${path}.licence` },
            url: { $max: `$${path}.url` },
            note: { $max: `$${path}.note` },
          },
        },
      ]);
      return groups.map(({ _id, ...group }) => countedDataset(pillar, entity, { ..._id, ...group }));
    }),
  );
  return mergeDatasets(perCollection);
}

/**
 * What the catalogue says of an agency's entries: the dataset as a whole, where a record's note would describe one
 * record. Who wrote each record is not public: the audit log keeps it for staff (most records also in a
 * staff-only `recordedBy`).
 */
export const ENTRIES_NOTE =
  "written through the API by the agency's editors; who wrote each record is not public: the hub keeps it for " +
  "staff, in its audit log";

/** What one group of records says of its dataset: where it came from, its dates, its description, its count. */
export interface DatasetCount {
  kind: ProvenanceKind;
  source: string;
  dataset: string | null;
  issued: Date | string;
  modified: Date | string;
  licence?: string | null;
  url?: string | null;
  note?: string | null;
  records: number;
}

/**
 * One pillar's records of one kind from one dataset, as the catalogue lists them before {@link mergeDatasets}
 * joins their kinds, dates and pillars: for a pillar that counts its datasets in counters instead of grouping
 * its records (formalization), and for {@link pillarDatasets}.
 */
export function countedDataset(pillar: string, entity: string, count: DatasetCount): DatasetDoc {
  const { kind, source, dataset } = count;
  const entries = kind === "ENTERED" && dataset == null;
  return {
    id: datasetId(kind, source, dataset ?? null),
    title: dataset ?? `Entries by ${source}`,
    kind,
    publisher: source,
    issued: day(count.issued),
    modified: day(count.modified),
    licence: count.licence ?? null,
    // An agency's entries are published nowhere as a whole: a record's cited address is that record's, not theirs.
    landingPage: entries ? null : (count.url ?? null),
    note: entries ? ENTRIES_NOTE : (count.note ?? null),
    records: [{ pillar, entity, records: count.records }],
    totalRecords: count.records,
  };
}

/**
 * Merges datasets from several collections or pillars into one catalogue: a dataset met twice (the same
 * identity) spans both sets of dates and adds both sets of records. Largest first, then by title, so the answer
 * is stable.
 */
export function mergeDatasets(lists: Iterable<readonly DatasetDoc[]>): DatasetDoc[] {
  const byId = new Map<string, DatasetDoc>();
  for (const list of lists) {
    for (const dataset of list) {
      const seen = byId.get(dataset.id);
      if (!seen) {
        byId.set(dataset.id, { ...dataset, records: dataset.records.map((r) => ({ ...r })) });
        continue;
      }
      seen.issued = day(dataset.issued) < seen.issued ? day(dataset.issued) : seen.issued;
      seen.modified = day(dataset.modified) > seen.modified ? day(dataset.modified) : seen.modified;
      seen.licence ??= dataset.licence;
      seen.landingPage ??= dataset.landingPage;
      seen.note ??= dataset.note;
      for (const part of dataset.records) {
        const same = seen.records.find((r) => r.pillar === part.pillar && r.entity === part.entity);
        if (same) same.records += part.records;
        else seen.records.push({ ...part });
      }
      seen.totalRecords += dataset.totalRecords;
    }
  }
  const catalogue = [...byId.values()];
  for (const dataset of catalogue)
    dataset.records.sort((a, b) => b.records - a.records || a.entity.localeCompare(b.entity));
  return catalogue.sort((a, b) => b.totalRecords - a.totalRecords || a.title.localeCompare(b.title));
}

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Schema } from "mongoose";

/** The SDL of `Provenance`, `ProvenanceKind` and `SourceShare`, appended to every pillar's schema. */
export const PROVENANCE_SDL = readFileSync(new URL("./provenance.graphql", import.meta.url), "utf8");

/** The kinds of source, as `ProvenanceKind` declares them (the SDL describes each). */
export const PROVENANCE_KINDS = [
  "OFFICIAL",
  "PUBLISHED",
  "REPORTED",
  "ENTERED",
  "DERIVED",
  "SYNTHETIC",
] as const;
export type ProvenanceKind = (typeof PROVENANCE_KINDS)[number];

/** A record's provenance as stored and as `Provenance` answers it; `asOf` is a date (UTC midnight). */
export interface ProvenanceDoc {
  kind: ProvenanceKind;
  dataset: string | null;
  source: string;
  url: string | null;
  asOf: Date;
  licence: string | null;
  note: string | null;
}

/** The mongoose sub-schema every pillar stores `provenance` with (no `_id` of its own). */
export const provenanceSchema = new Schema<ProvenanceDoc>(
  {
    kind: { type: String, enum: PROVENANCE_KINDS, required: true },
    dataset: { type: String, default: null },
    source: { type: String, required: true },
    url: { type: String, default: null },
    asOf: { type: Date, required: true },
    licence: { type: String, default: null },
    note: { type: String, default: null },
  },
  { _id: false },
);

/** A provenance with the optional fields left null. */
export function provenance(
  fields: Pick<ProvenanceDoc, "kind" | "source" | "asOf"> & Partial<ProvenanceDoc>,
): ProvenanceDoc {
  return {
    kind: fields.kind,
    dataset: fields.dataset ?? null,
    source: fields.source,
    url: fields.url ?? null,
    asOf: fields.asOf,
    licence: fields.licence ?? null,
    note: fields.note ?? null,
  };
}

/** What the hub's demo data says of itself: who generated it, and what it is modelled on. */
export const SYNTHETIC_SOURCE = "Tinkuy demo-data generator";

/**
 * The provenance of a demo record: `SYNTHETIC`, the pillar's generator as its dataset, and a note saying what
 * published figure it is modelled on ("synthetic, modelled on <figure, source>").
 */
export function syntheticProvenance(options: {
  dataset: string;
  asOf: Date;
  modelledOn: string;
}): ProvenanceDoc {
  return provenance({
    kind: "SYNTHETIC",
    dataset: options.dataset,
    source: SYNTHETIC_SOURCE,
    asOf: options.asOf,
    note: `synthetic, modelled on ${options.modelledOn}`,
  });
}

/**
 * What an entered record's note says of who wrote it: the agency's role, never the person. `Provenance` is
 * public; who entered a record is kept where only staff read it (each pillar's `recordedBy`, the audit log).
 */
export function enteredNote(agency: string): string {
  return `entered through the API by an editor of ${agency}`;
}

/**
 * The provenance of a record an agency's editor writes through the API, as of the day it was written. It names
 * the agency, not the editor (see {@link enteredNote}).
 */
export function enteredProvenance(options: { agency: string; at: Date }): ProvenanceDoc {
  return provenance({
    kind: "ENTERED",
    source: options.agency,
    asOf: new Date(Date.UTC(options.at.getUTCFullYear(), options.at.getUTCMonth(), options.at.getUTCDate())),
    note: enteredNote(options.agency),
  });
}

/** A figure's share of records from one dataset, as `SourceShare` answers it. */
export interface SourceShareDoc {
  kind: ProvenanceKind;
  dataset: string | null;
  source: string;
  asOf: Date;
  records: number;
}

/**
 * A short, stable key for a dataset (its kind, name, source and date): the field name under which counters
 * keep its record count (`sources.<key>`), free of the dots and dollars MongoDB field names cannot carry.
 */
export function sourceKey(p: Pick<ProvenanceDoc, "kind" | "dataset" | "source" | "asOf">): string {
  const text = [p.kind, p.dataset ?? "", p.source, p.asOf.toISOString().slice(0, 10)].join("\u0000");
  return `s${createHash("sha256").update(text).digest("base64url").slice(0, 16).replace(/-/g, "_")}`;
}

/** One dataset's entry in a counter document: its description and how many counted records came from it. */
export type SourceCounter = Omit<SourceShareDoc, "records"> & { records: number };

/**
 * The parts of a counter update that count `delta` records from `p`'s dataset under `sources.<key>`: `$inc`
 * the count, `$set` the description (the same values on every write, so concurrent writes agree). Merge them
 * into the counter's own `$inc` and `$set`.
 */
export function sourceCounterUpdate(
  p: Pick<ProvenanceDoc, "kind" | "dataset" | "source" | "asOf">,
  delta: number,
  prefix = "sources",
): { $inc: Record<string, number>; $set: Record<string, unknown> } {
  const path = `${prefix}.${sourceKey(p)}`;
  return {
    $inc: { [`${path}.records`]: delta },
    $set: {
      [`${path}.kind`]: p.kind,
      [`${path}.dataset`]: p.dataset,
      [`${path}.source`]: p.source,
      [`${path}.asOf`]: p.asOf,
    },
  };
}

/**
 * The `sources` of a figure summed over the counter documents it reads (each a map of `SourceCounter` by key):
 * datasets with no record left out, largest first, then by kind and name, so the answer is stable.
 */
export function sumSources(
  counters: Iterable<Record<string, SourceCounter> | undefined | null>,
): SourceShareDoc[] {
  const total = new Map<string, SourceShareDoc>();
  for (const sources of counters) {
    for (const [key, entry] of Object.entries(sources ?? {})) {
      const seen = total.get(key);
      if (seen) seen.records += entry.records;
      else
        total.set(key, {
          kind: entry.kind,
          dataset: entry.dataset,
          source: entry.source,
          asOf: entry.asOf,
          records: entry.records,
        });
    }
  }
  return [...total.values()]
    .filter((share) => share.records > 0)
    .sort(
      (a, b) =>
        b.records - a.records ||
        a.kind.localeCompare(b.kind) ||
        (a.dataset ?? "").localeCompare(b.dataset ?? ""),
    );
}

/** What identifies a dataset: the provenance fields `sourceKey` reads. */
export type SourceDataset = Pick<ProvenanceDoc, "kind" | "dataset" | "source" | "asOf">;

/**
 * The `$group` key of the dataset of the provenance at `path` (`$provenance`, `$progress.provenance`), for the
 * aggregations that rebuild counters with their sources; read a group back with {@link groupedDataset}.
 */
export function datasetGroup(path = "$provenance"): Record<keyof SourceDataset, string> {
  return { kind: `${path}.kind`, dataset: `${path}.dataset`, source: `${path}.source`, asOf: `${path}.asOf` };
}

/** A group's dataset as {@link datasetGroup} keyed it; null for records without provenance (before the migration). */
export function groupedDataset(
  group: { [K in keyof SourceDataset]?: SourceDataset[K] | null } | null | undefined,
): SourceDataset | null {
  if (!group?.kind || !group.source || !group.asOf) return null;
  return { kind: group.kind, dataset: group.dataset ?? null, source: group.source, asOf: group.asOf };
}

/**
 * Adds `records` records of a dataset to a `sources` map (a counter document's, or a figure's being summed); records
 * with no dataset (`null`: stored before the provenance migration) count under none.
 */
export function addSource(
  sources: Record<string, SourceCounter>,
  dataset: SourceDataset | null,
  records: number,
): void {
  if (!dataset) return;
  const key = sourceKey(dataset);
  const entry = sources[key];
  if (entry) entry.records += records;
  else
    sources[key] = {
      kind: dataset.kind,
      dataset: dataset.dataset,
      source: dataset.source,
      asOf: dataset.asOf,
      records,
    };
}

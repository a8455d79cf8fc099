/** A pillar's figures with the kinds of dataset they were counted from (`sources` on every figure type). */
export interface Sourced {
  sources: { kind: string }[];
}

/** One dataset behind a figure, as `SourceShare` answers it in full (the region view asks every field). */
export interface SourceShare {
  kind: string;
  dataset: string | null;
  source: string;
  asOf: string;
  records: number;
}

/** A part of an answer whose `sources` were asked in full. */
export interface FullySourced {
  sources: SourceShare[];
}

/** Whether any record behind a pillar's figures is synthetic demo data (then the page must say so). */
export function isSynthetic(part: Sourced | null | undefined): boolean {
  return part?.sources.some((source) => source.kind === "SYNTHETIC") ?? false;
}

/**
 * The catalogue's identity of the dataset a figure's source names (`Dataset.id`: kind, publisher and name, as the
 * kit's `datasetId` makes it), so a figure's sources link to their entries on the "Fuentes" page.
 */
export function sourceDatasetId(source: Pick<SourceShare, "kind" | "source" | "dataset">): string {
  return [source.kind, source.source, source.dataset ?? ""].join("|");
}

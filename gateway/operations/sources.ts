/** A pillar's figures with the kinds of dataset they were counted from (`sources` on every figure type). */
export interface Sourced {
  sources: { kind: string }[];
}

/** Whether any record behind a pillar's figures is synthetic demo data (then the page must say so). */
export function isSynthetic(part: Sourced | null | undefined): boolean {
  return part?.sources.some((source) => source.kind === "SYNTHETIC") ?? false;
}

import { NATIONAL_UBIGEO, regionCatalog, type SourceCounter } from "@tinkuy/kit";
import type { FiguresAsOf } from "./status-ledger.ts";

/**
 * The codes whose stored figures make up a region's: the region's own, or the 25 departments' for Peru
 * ({@link NATIONAL_UBIGEO}), since no counter or ledger entry is kept under `00` (every write would otherwise
 * touch one more document that all of them contend for).
 */
export function codesBehind(ubigeo: string): string[] {
  if (ubigeo !== NATIONAL_UBIGEO) return [ubigeo];
  return regionCatalog()
    .list({ level: "DEPARTMENT" })
    .map((department) => department.ubigeo);
}

/** The sum of several regions' figures: counts by status, registrations and records by dataset. */
export function sumFigures(parts: Iterable<FiguresAsOf>): FiguresAsOf {
  const sum: FiguresAsOf = { total: 0, VIGENTE: 0, SUSPENDIDO: 0, EXCLUIDO: 0, FORMALIZADO: 0, sources: {} };
  for (const part of parts) {
    sum.total += part.total;
    sum.VIGENTE += part.VIGENTE;
    sum.SUSPENDIDO += part.SUSPENDIDO;
    sum.EXCLUIDO += part.EXCLUIDO;
    sum.FORMALIZADO += part.FORMALIZADO;
    mergeSources(sum.sources, part.sources);
  }
  return sum;
}

/**
 * Adds one counter map's records to another's, by their keys: counters and ledger entries are keyed by kit's
 * `sourceKey` already, so summing thousands of them (a district-level series) hashes nothing.
 */
export function mergeSources(
  into: Record<string, SourceCounter>,
  from: Record<string, SourceCounter> | null | undefined,
): void {
  for (const [key, source] of Object.entries(from ?? {})) {
    const seen = into[key];
    if (seen) seen.records += source.records;
    else into[key] = { ...source };
  }
}

import { regionCatalog, type RegionEntry } from "./region-catalog.ts";

/** A region and a period as a `RegionIndicators` identity carries them (`until` excluded). */
export interface IndicatorsKey {
  id: string;
  region: RegionEntry;
  from: Date;
  until: Date;
}

const DAY = 86_400_000;

/**
 * `<ubigeo>|<from>|<to>` (dates `YYYY-MM-DD`, `to` included): the identity of `RegionIndicators`, which every
 * pillar decodes to compute its side of the cross-pillar ratios.
 */
export function indicatorsId(ubigeo: string, from: Date, until: Date): string {
  const to = new Date(until.getTime() - DAY);
  return `${ubigeo}|${from.toISOString().slice(0, 10)}|${to.toISOString().slice(0, 10)}`;
}

/** Decodes an identity; null when it does not name a known region and a valid period. */
export function parseIndicatorsId(id: string): IndicatorsKey | null {
  const [ubigeo = "", from = "", to = ""] = id.split("|");
  const region = regionCatalog().get(ubigeo);
  const start = new Date(`${from}T00:00:00.000Z`);
  const end = new Date(`${to}T00:00:00.000Z`);
  if (!region || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start > end) return null;
  return { id, region, from: start, until: new Date(end.getTime() + DAY) };
}

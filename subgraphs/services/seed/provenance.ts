import { syntheticProvenance, type ProvenanceDoc } from "@tinkuy/kit";

/** The demo generator's dataset name: every seeded record of this pillar names it. */
export const DEMO_DATASET = "tinkuy-demo:services";

/**
 * The seed's "today": the last day any demo record is dated, and what its provenance says it describes. The bank's
 * open data is republished daily; the demo stops at the end of the last whole month before it was made.
 */
export const SEED_NOW = new Date("2026-11-30T00:00:00.000Z");

/** Who the seed records as author of what it writes. */
export const RECORDED_BY = "seed:services";

/**
 * What the demo investments imitate, as their provenance's note says it (kept short: every accrual and status
 * change carries the note). In full: MEF's public-investment bank open data (Invierte.pe, Banco de Inversiones),
 * investments by CUI with their function, executing unit, costs and *devengado* by year and month, in shape and
 * scale for the hub's regions; names, executing units and CUIs are invented (CUIs 9000001 onwards, a range MEF had
 * not assigned: never a real CUI).
 */
export const MODELLED_ON = "MEF's investment bank open data (Invierte.pe); names, units and CUIs invented";

/** A demo record's provenance: SYNTHETIC, the generator's dataset, as of the seed's today. */
export function seeded(): ProvenanceDoc {
  return syntheticProvenance({ dataset: DEMO_DATASET, asOf: SEED_NOW, modelledOn: MODELLED_ON });
}

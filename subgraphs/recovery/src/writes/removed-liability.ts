import type { LiabilityDoc } from "../models.ts";

/**
 * Why a write refuses a liability a newer annex removed from the inventory: when and by which resolution, and
 * what the write cannot do (`consequence`). Such a liability is kept, unchanged, as the record of what was listed.
 */
export function removedReason(
  liability: Pick<LiabilityDoc, "ID" | "removedFromInventory">,
  consequence: string,
): string {
  const removal = liability.removedFromInventory;
  const since = removal ? removal.since.toISOString().slice(0, 10) : "?";
  const by = removal?.resolution ? ` (${removal.resolution})` : "";
  return `liability ${liability.ID} is no longer in MINEM's inventory: the annex as of ${since}${by} removed it, so ${consequence}`;
}

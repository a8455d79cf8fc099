import type { Models } from "./models.ts";
import { ensureLedger } from "./status-ledger.ts";

/**
 * Gives data stored before the ledger of status transitions existed (a `.data/` directory, a production
 * database) its ledger, from every record's status history: as-of figures need it. Runs at start, after the
 * provenance migration (a registration counts under its first history entry's provenance) and the counters;
 * idempotent: a ledger that agrees with the counters is left alone, one left partial (an interrupted build or
 * import) is repaired. Returns how many entries it wrote or deleted.
 */
export function migrateLedger(models: Models): Promise<number> {
  return ensureLedger(models);
}

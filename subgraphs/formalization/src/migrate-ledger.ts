import type { Models } from "./models.ts";
import { ensureLedger } from "./status-ledger.ts";

/**
 * Gives data stored before the ledger of status transitions existed (a `.data/` directory, a production
 * database) its ledger, from every record's status history: as-of figures need it. Runs at start, after the
 * provenance migration (a registration counts under its first history entry's provenance); idempotent: a
 * ledger already there is left alone (the writes and the import keep it). Returns how many entries it wrote.
 */
export function migrateLedger(models: Models): Promise<number> {
  return ensureLedger(models);
}

import { pillarServer, type PillarServer } from "@tinkuy/kit";
import type { EradicationContext } from "./context.ts";
import { createLoaders } from "./loaders.ts";
import { migrateImportKeys } from "./migrate-import-keys.ts";
import { migrateProvenance } from "./migrate-provenance.ts";
import { createModels, initModels, type Models } from "./models.ts";
import { ensureRegionStats } from "./region-stats.ts";
import { resolvers } from "./resolvers/index.ts";

/** A built (not started) eradication subgraph. */
export type EradicationServer = PillarServer<Models, EradicationContext>;

/** Builds the subgraph on a connection to its own database. */
export const createServer = pillarServer({
  resolvers,
  createModels,
  createLoaders,
  // No `funders` or `subjects` hooks: no field here is `FUNDED` or masked as a holder's name (the one masked
  // field, `Operator.ruc`, masks by the RUC itself).
});

/**
 * What must hold before the first request: indexes, provenance on records stored before it existed, imported
 * records' references out of the clients' idempotency keys, and the region counters rebuilt when missing or kept
 * without `sources`.
 */
export async function prepare(server: EradicationServer): Promise<void> {
  await initModels(server.models);
  await migrateProvenance(server.models);
  await migrateImportKeys(server.models);
  await ensureRegionStats(server.models);
}

import { pillarServer, type PillarServer } from "@tinkuy/kit";
import type { FormalizationContext } from "./context.ts";
import type { OperatorRef } from "./resolvers/operator.ts";
import { createLoaders } from "./loaders.ts";
import { migrateLedger } from "./migrate-ledger.ts";
import { migrateProvenance } from "./migrate-provenance.ts";
import { createModels, type Models, type RecordDoc } from "./models.ts";
import { ensureRegionStats } from "./region-stats.ts";
import { resolvers } from "./resolvers/index.ts";

/** A built (not started) formalization subgraph. */
export type FormalizationServer = PillarServer<Models, FormalizationContext>;

/** Builds the subgraph on a connection to its own database. */
export const createServer = pillarServer({
  resolvers,
  createModels,
  createLoaders,
  // A holder's name is public only when the holder is a company (RUC 20); 10, 15 and 17 are persons'.
  subjects: {
    ReinfoRecord: (record: RecordDoc) => record.M_RUC,
    Operator: (operator: OperatorRef) => operator.ruc,
  },
});

/**
 * What must hold before the first request: indexes, provenance on records stored by earlier versions (with
 * counters that lack `sources` rebuilt), the region counters rebuilt when missing, and the ledger of status
 * transitions (as-of figures) built when missing.
 */
export async function prepare(server: FormalizationServer): Promise<void> {
  await Promise.all([server.models.Record.init(), server.models.RegionDay.init()]);
  await migrateProvenance(server.models);
  await ensureRegionStats(server.models);
  await migrateLedger(server.models);
}

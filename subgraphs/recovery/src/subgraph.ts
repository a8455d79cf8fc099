import { pillarServer, type PillarServer } from "@tinkuy/kit";
import type { RecoveryContext } from "./context.ts";
import { liabilityNameSubject } from "./resolvers/liability.ts";
import { createLoaders } from "./loaders.ts";
import { migrateProvenance } from "./migrate-provenance.ts";
import { createModels, initModels, type Models } from "./models.ts";
import { ensureRegionStats } from "./region-stats.ts";
import { resolvers } from "./resolvers/index.ts";

/** A built (not started) recovery subgraph. */
export type RecoveryServer = PillarServer<Models, RecoveryContext>;

/** Builds the subgraph on a connection to its own database. */
export const createServer = pillarServer({
  resolvers,
  createModels,
  createLoaders,
  // The names on a liability are personal data unless they are a company's (by the responsible's RUC).
  subjects: { MiningLiability: liabilityNameSubject },
});

/**
 * What must hold before the first request: indexes, provenance on records stored by earlier versions (and
 * counters with `sources`), and the region counters rebuilt when missing.
 */
export async function prepare(server: RecoveryServer): Promise<void> {
  await initModels(server.models);
  await migrateProvenance(server.models);
  await ensureRegionStats(server.models);
}

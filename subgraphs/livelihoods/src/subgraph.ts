import { pillarServer, type PillarServer, type RouteHandler } from "@tinkuy/kit";
import type { LivelihoodsContext } from "./context.ts";
import { fundingRefs } from "./finance.ts";
import { iatiRoutes } from "./iati-xml/route.ts";
import { createLoaders } from "./loaders.ts";
import { migrateProvenance } from "./migrate-provenance.ts";
import { createModels, initModels, type Models, type ProjectDoc } from "./models.ts";
import { ensureRegionMoney } from "./region-stats.ts";
import { resolvers } from "./resolvers/index.ts";

/** A built (not started) livelihoods subgraph. */
export type LivelihoodsServer = PillarServer<Models, LivelihoodsContext>;

/** Builds the subgraph on a connection to its own database. */
export const createServer = pillarServer({
  resolvers,
  createModels,
  createLoaders,
  // A donor sees a project's money, results and history when it funds the project: its FUNDING organisations,
  // as in `Donor.projects` and the donor registry. EXTENDING organisations manage a funder's budget; the seed
  // marks only the funder itself so, and one that is not also FUNDING is no donor here.
  funders: { LivelihoodProject: (project: ProjectDoc) => [...fundingRefs(project)] },
});

/**
 * What must hold before the first request: indexes, provenance on what earlier versions stored without it (and
 * counters with `sources`), and the region counters rebuilt when missing.
 */
export async function prepare(server: LivelihoodsServer): Promise<void> {
  await initModels(server.models);
  await migrateProvenance(server.models);
  await ensureRegionMoney(server.models);
}

/** The IATI export, served behind the same signature check as `/graphql`. */
export function routes(server: LivelihoodsServer): Readonly<Record<string, RouteHandler>> {
  return iatiRoutes(server);
}

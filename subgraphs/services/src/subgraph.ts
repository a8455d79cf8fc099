import { pillarServer, type PillarServer } from "@tinkuy/kit";
import type { ServicesContext } from "./context.ts";
import { ensureServicesStats } from "./counters.ts";
import { createLoaders } from "./loaders.ts";
import { createModels, initModels, type Models } from "./models.ts";
import { resolvers } from "./resolvers/index.ts";

/** A built (not started) services subgraph. */
export type ServicesServer = PillarServer<Models, ServicesContext>;

/** Builds the subgraph on a connection to its own database. */
export const createServer = pillarServer({ resolvers, createModels, createLoaders });

/** What must hold before the first request: indexes, and the region counters rebuilt when missing. */
export async function prepare(server: ServicesServer): Promise<void> {
  await initModels(server.models);
  await ensureServicesStats(server.models);
}

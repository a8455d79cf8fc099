import { openPillar } from "./open-pillar.ts";
import type { PillarDefinition } from "./pillar.ts";
import { startSubgraph } from "./subgraph-server.ts";
import type { ViewerContext } from "./viewer.ts";

/**
 * The whole life of a pillar's own process, the same for every pillar: read the environment, connect to its
 * database, prepare it, listen, and on SIGINT/SIGTERM drain HTTP, stop Apollo and close the connection.
 */
export async function runSubgraph<M, C extends ViewerContext>(pillar: PillarDefinition<M, C>): Promise<void> {
  const { serving, server, connection, keys, logger, port, close } = await openPillar(pillar, {
    process: pillar.name,
  });
  await serving.prepare(server);
  const listener = await startSubgraph({
    apollo: server.apollo,
    context: (identity) => server.context(identity),
    keys,
    connection,
    port,
    logger,
    routes: serving.routes?.(server),
  });
  logger.info({ url: listener.url }, `${pillar.name} subgraph ready`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "stopping");
      void listener
        .stop()
        .then(close)
        .then(() => process.exit(0));
    });
  }
}

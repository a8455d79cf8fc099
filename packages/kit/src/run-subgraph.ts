import { z } from "zod";
import { baseEnv, hubSecret, parseEnv, portVar } from "./env.ts";
import { hubKeys } from "./hub-keys.ts";
import { createLogger } from "./logger.ts";
import { connectDatabase } from "./mongo.ts";
import { databaseVariable, type PillarDefinition } from "./pillar.ts";
import { startSubgraph } from "./subgraph-server.ts";
import type { ViewerContext } from "./viewer.ts";

/**
 * The whole life of a pillar's own process, the same for every pillar: read the environment (`PORT`,
 * `<NAME>_DB`, the hub's), connect to its database, prepare it, listen, and on SIGINT/SIGTERM drain HTTP,
 * stop Apollo and close the connection.
 */
export async function runSubgraph<M, C extends ViewerContext>(pillar: PillarDefinition<M, C>): Promise<void> {
  const variable = databaseVariable(pillar);
  const env = parseEnv(
    baseEnv.extend({ PORT: portVar(pillar.port), [variable]: z.string().min(1).default(pillar.name) }),
  ) as z.infer<typeof baseEnv> & { PORT: number } & Record<string, string>;
  const logger = createLogger(pillar.name, env.LOG_LEVEL);
  const keys = hubKeys(hubSecret(env));
  const dbName = env[variable] ?? pillar.name;
  const connection = await connectDatabase({ uri: env.MONGODB_URI, dbName, logger });
  const serving = await pillar.serving();
  const server = serving.createServer({ pillar, connection, logger, keys });
  await serving.prepare(server);
  const listener = await startSubgraph({
    apollo: server.apollo,
    context: (identity) => server.context(identity),
    keys,
    connection,
    port: env.PORT,
    logger,
    routes: serving.routes?.(server),
  });
  logger.info({ url: listener.url }, `${pillar.name} subgraph ready`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "stopping");
      void listener
        .stop()
        .then(() => connection.close())
        .then(() => process.exit(0));
    });
  }
}

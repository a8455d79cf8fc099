import type { Connection } from "mongoose";
import { z } from "zod";
import { baseEnv, hubSecret, parseEnv, portVar } from "./env.ts";
import { hubKeys, type HubKeys } from "./hub-keys.ts";
import { createLogger, type Logger } from "./logger.ts";
import { connectDatabase } from "./mongo.ts";
import { databaseVariable, type PillarDefinition, type PillarServer, type PillarServing } from "./pillar.ts";
import type { ViewerContext } from "./viewer.ts";

/** A pillar's server built on its own database, in a process of its own: the service, or one of its commands. */
export interface OpenPillar<M, C extends ViewerContext> {
  serving: PillarServing<M, C>;
  server: PillarServer<M, C>;
  connection: Connection;
  keys: HubKeys;
  logger: Logger;
  /** `PORT`, or the pillar's default port. */
  port: number;
  /** Closes the database connection. */
  close(): Promise<void>;
}

/**
 * Reads the environment as every process of a pillar reads it (`MONGODB_URI`, `<NAME>_DB`, `HUB_SECRET`,
 * `LOG_LEVEL`, `PORT`), connects to the pillar's database and builds its server. `runSubgraph` serves it; a
 * pillar's command (an import, an export) uses its models or runs its own schema. Nothing is prepared: the caller
 * decides whether to (`serving.prepare`).
 */
export async function openPillar<M, C extends ViewerContext>(
  pillar: PillarDefinition<M, C>,
  options: { process: string; logLevel?: z.infer<typeof baseEnv>["LOG_LEVEL"] },
): Promise<OpenPillar<M, C>> {
  const variable = databaseVariable(pillar);
  const env = parseEnv(
    baseEnv.extend({ PORT: portVar(pillar.port), [variable]: z.string().min(1).default(pillar.name) }),
  ) as z.infer<typeof baseEnv> & { PORT: number } & Record<string, string>;
  const logger = createLogger(options.process, options.logLevel ?? env.LOG_LEVEL);
  const keys = hubKeys(hubSecret(env));
  const dbName = env[variable] ?? pillar.name;
  const [connection, serving] = await Promise.all([
    connectDatabase({ uri: env.MONGODB_URI, dbName, logger }),
    pillar.serving(),
  ]);
  const server = serving.createServer({ pillar, connection, logger, keys });
  return { serving, server, connection, keys, logger, port: env.PORT, close: () => connection.close() };
}

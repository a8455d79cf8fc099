import type { ApolloServer } from "@apollo/server";
import type { Connection } from "mongoose";
import { z } from "zod";
import { baseEnv, hubSecret, parseEnv, portVar } from "./env.ts";
import { hubKeys, type HubKeys } from "./hub-keys.ts";
import type { Identity, RouteHandler } from "./http.ts";
import { createLogger, type Logger } from "./logger.ts";
import { connectDatabase } from "./mongo.ts";
import { startSubgraph } from "./subgraph-server.ts";
import type { ViewerContext } from "./viewer.ts";

/** A subgraph as its `index.ts` runs it: how to build it and how to prepare its database. */
export interface SubgraphProcess<C extends ViewerContext, S extends { apollo: ApolloServer<C> }> {
  /** The subgraph's name; also its database's default name. */
  name: string;
  /** The port when `PORT` is not set. */
  port: number;
  /** The variable naming its database (`FORMALIZATION_DB`, …). */
  databaseVariable: string;
  create(
    connection: Connection,
    logger: Logger,
    keys: HubKeys,
  ): S & { context: (identity: Identity) => Promise<C> };
  /** Indexes, counters rebuilt when missing: whatever must hold before the first request. */
  prepare(server: S): Promise<void>;
  /** Extra HTTP paths of the subgraph besides `/graphql`, served behind the same signature check. */
  routes?(
    server: S & { context: (identity: Identity) => Promise<C> },
  ): Readonly<Record<string, RouteHandler>>;
}

/**
 * The whole life of a subgraph process, the same for every pillar: read the environment, connect to its
 * database, prepare it, listen, and on SIGINT/SIGTERM drain HTTP, stop Apollo and close the connection.
 */
export async function runSubgraph<C extends ViewerContext, S extends { apollo: ApolloServer<C> }>(
  process_: SubgraphProcess<C, S>,
): Promise<void> {
  const env = parseEnv(
    baseEnv.extend({
      PORT: portVar(process_.port),
      [process_.databaseVariable]: z.string().default(process_.name),
    }),
  ) as z.infer<typeof baseEnv> & { PORT: number } & Record<string, string>;
  const logger = createLogger(process_.name, env.LOG_LEVEL);
  const keys = hubKeys(hubSecret(env));
  const dbName = env[process_.databaseVariable] ?? process_.name;
  const connection = await connectDatabase({ uri: env.MONGODB_URI, dbName, logger });
  const server = process_.create(connection, logger, keys);
  await process_.prepare(server);
  const listener = await startSubgraph({
    apollo: server.apollo,
    context: server.context,
    keys,
    connection,
    port: env.PORT,
    logger,
    routes: process_.routes?.(server),
  });
  logger.info({ url: listener.url }, `${process_.name} subgraph ready`);
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

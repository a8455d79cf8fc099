import mongoose, { type Connection } from "mongoose";
import type { Logger } from "pino";

/**
 * Opens a mongoose connection to one subgraph's own database. Each subgraph gets a connection of its own
 * (never the global mongoose one), so several subgraphs can share a process in development and tests.
 */
export async function connectDatabase(options: {
  uri: string;
  dbName: string;
  logger: Logger;
}): Promise<Connection> {
  const connection = mongoose.createConnection(options.uri, {
    dbName: options.dbName,
    serverSelectionTimeoutMS: 10_000,
  });
  await connection.asPromise();
  options.logger.info({ db: options.dbName }, "connected to MongoDB");
  return connection;
}

import { pino, type Logger } from "pino";
import { Engine } from "./engine/engine.ts";
import type { ServerStats } from "./engine/stats.ts";
import { WireServer } from "./server/server.ts";

export type { NamespaceStats, ServerStats } from "./engine/stats.ts";

/**
 * Node flags for a process that hosts the embedded server with a large data set. The server keeps every document
 * on the JS heap, so garbage collection grows with the data (36 % of the database process's samples at bench
 * scale 10); a 64 MiB young generation lets the short-lived objects of each request die there instead of being
 * promoted and marked in the old generation: region view p50 at scale 10 747 → 671 ms, seeding 104 → 78 s
 * (BENCHMARKS.md). `npm start` and the bench's database process use them.
 */
export const EMBEDDED_DATABASE_FLAGS: string[] = ["--max-semi-space-size=64"];

/** Options for {@link startEmbeddedMongo}. */
export interface EmbeddedMongoOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; loopback by default. */
  host?: string;
  /** A data directory makes the server durable (journal + snapshot); without one it keeps data in memory. */
  dbPath?: string;
  /** Where the server logs (pino); silent by default when embedded in a process. */
  logger?: Logger;
}

/** A running embedded server. */
export interface EmbeddedMongo {
  /** A `mongodb://` URI for the driver or mongoose, with no database name. */
  readonly uri: string;
  readonly port: number;
  /** Per-command and per-collection counters since start or the last reset. */
  stats(): ServerStats;
  resetStats(): void;
  /** Finishes in-flight commands, closes connections, writes a final snapshot and releases the data directory. */
  stop(): Promise<void>;
}

/**
 * Starts a MongoDB-wire-compatible server in this process. Drivers and mongoose connect to `uri` unchanged.
 */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const logger = options.logger ?? pino({ level: "silent" });
  const host = options.host ?? "127.0.0.1";
  const engine = await Engine.open({ dbPath: options.dbPath, logger });
  const server = new WireServer(engine, logger);
  let port: number;
  try {
    port = await server.listen(options.port ?? 0, host);
  } catch (error) {
    await engine.close();
    throw error;
  }
  logger.info({ host, port, dbPath: options.dbPath ?? null }, "embedded MongoDB listening");
  let stopping: Promise<void> | undefined;
  return {
    uri: `mongodb://${host}:${port}/`,
    port,
    stats: () => engine.stats.snapshot(),
    resetStats: () => engine.stats.reset(),
    stop: () =>
      (stopping ??= (async () => {
        await server.close();
        await engine.close();
        logger.info("embedded MongoDB stopped");
      })()),
  };
}

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
  /**
   * The replica set the server answers as the single member (primary) of, `"rs0"` by default; `false` for a
   * standalone. As a replica-set member it takes transactions and retryable writes, and `uri` names the set.
   */
  replicaSet?: string | false;
  /** A transaction idle for longer than this many seconds is aborted (60 by default, as MongoDB's lifetime). */
  transactionLifetimeSeconds?: number;
}

/** A running embedded server. */
export interface EmbeddedMongo {
  /**
   * A `mongodb://` URI for the driver or mongoose, with no database name (give it as the `dbName` option) and,
   * for a replica set, `?replicaSet=<name>` with the host the server reports in `hosts`.
   */
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
  const replicaSet = options.replicaSet ?? "rs0";
  const engine = await Engine.open({
    dbPath: options.dbPath,
    logger,
    sessionLimits:
      options.transactionLifetimeSeconds === undefined
        ? undefined
        : { transactionLifetimeMs: options.transactionLifetimeSeconds * 1000 },
  });
  const server = new WireServer(engine, logger);
  let port: number;
  try {
    port = await server.listen(options.port ?? 0, host);
  } catch (error) {
    await engine.close();
    throw error;
  }
  // Clients must dial the address `hosts` names, or the driver's discovery drops the server it dialled.
  const me = `${advertisedHost(host)}:${port}`;
  if (replicaSet !== false) engine.replicaSet = { name: replicaSet, me };
  logger.info(
    { host, port, dbPath: options.dbPath ?? null, replicaSet: replicaSet || null },
    "embedded MongoDB listening",
  );
  let stopping: Promise<void> | undefined;
  return {
    uri:
      replicaSet === false
        ? `mongodb://${me}/`
        : `mongodb://${me}/?replicaSet=${encodeURIComponent(replicaSet)}`,
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

/** The host clients dial: a wildcard listen address is reached through loopback; IPv6 goes in brackets. */
function advertisedHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

import { parseArgs } from "node:util";
import { pino } from "pino";
import { startEmbeddedMongo } from "./index.ts";

const USAGE =
  "usage: embedded-mongo [--port 27017] [--host 127.0.0.1] [--dbpath DIR] [--replSet rs0 | --standalone]\n" +
  "                      [--transaction-lifetime-seconds 60] [--log-level info]\n" +
  "Without --dbpath, data lives in memory and is gone when the server stops. The server answers as the only\n" +
  "member of replica set rs0 (transactions, retryable writes; connect with ?replicaSet=rs0) unless\n" +
  "--standalone is given.\n";

/** The command line, or the usage on stderr and exit 2 for one it does not understand (as every Tinkuy CLI). */
function readArgs() {
  try {
    return parseArgs({
      options: {
        port: { type: "string", default: "27017" },
        host: { type: "string", default: "127.0.0.1" },
        dbpath: { type: "string" },
        replSet: { type: "string", default: "rs0" },
        standalone: { type: "boolean", default: false },
        "transaction-lifetime-seconds": { type: "string", default: "60" },
        "log-level": { type: "string", default: "info" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    process.stderr.write(
      `embedded-mongo: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`,
    );
    process.exit(2);
  }
}

/**
 * `embedded-mongo --port <n> --dbpath <dir>`: runs the server until SIGINT/SIGTERM and prints its URI on
 * standard output (logs go to standard error as JSON).
 */
async function main(): Promise<void> {
  const { values } = readArgs();
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(
      `embedded-mongo: --port must be an integer between 0 and 65535, got ${values.port}\n`,
    );
    process.exit(2);
  }
  const lifetime = Number(values["transaction-lifetime-seconds"]);
  if (!Number.isFinite(lifetime) || lifetime <= 0) {
    process.stderr.write(
      `embedded-mongo: --transaction-lifetime-seconds must be a positive number, got ` +
        `${values["transaction-lifetime-seconds"]}\n`,
    );
    process.exit(2);
  }
  if (values.replSet.length === 0) {
    process.stderr.write("embedded-mongo: --replSet needs a name (or use --standalone)\n");
    process.exit(2);
  }
  const logger = pino({ level: values["log-level"] }, pino.destination(2));
  let server;
  try {
    server = await startEmbeddedMongo({
      port,
      host: values.host,
      logger,
      replicaSet: values.standalone ? false : values.replSet,
      transactionLifetimeSeconds: lifetime,
      ...(values.dbpath ? { dbPath: values.dbpath } : {}),
    });
  } catch (error) {
    process.stderr.write(`embedded-mongo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  process.stdout.write(`${server.uri}\n`);
  const stop = (signal: string): void => {
    logger.info({ signal }, "stopping");
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "failed to stop cleanly");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

await main();

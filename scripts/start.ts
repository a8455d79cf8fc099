/**
 * `npm start`: the whole hub on one machine with no configuration. Starts the embedded MongoDB-compatible
 * server (data kept under `.data/`, listening on 127.0.0.1:27017 so that mongosh, Compass or an import can
 * connect while the hub runs) unless `MONGODB_URI` points at a real MongoDB; seeds the registry if it is
 * empty; starts the subgraph(s) and the gateway; prints where everything is. Ctrl-C stops it all cleanly.
 *
 * In production each piece runs in its own container (docker-compose.yml); this launcher runs them in one
 * process, which is what a laptop wants.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  createLogger,
  connectDatabase,
  graphqlRequestHandler,
  listen,
  parseEnv,
  portVar,
  startSubgraph,
} from "@tinkuy/kit";
import { SingleBar } from "cli-progress";
import { z } from "zod";
import { startEmbeddedMongo, type EmbeddedMongo } from "../packages/embedded-mongo/src/index.ts";
import { createGateway } from "../gateway/src/gateway.ts";
import { readSupergraph } from "../gateway/src/supergraph.ts";
import { ensureRegionStats } from "../subgraphs/formalization/src/region-stats.ts";
import { seedFormalization } from "../subgraphs/formalization/src/seed.ts";
import { createServer as createFormalization } from "../subgraphs/formalization/src/subgraph.ts";

const env = parseEnv(
  z.object({
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//)
      .optional(),
    MONGO_PORT: portVar(27017),
    DATA_DIR: z.string().default(fileURLToPath(new URL("../.data/db", import.meta.url))),
    PORT: portVar(4000),
    FORMALIZATION_PORT: portVar(4001),
    SEED_SCALE: z.coerce.number().positive().max(10).default(1),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("warn"),
  }),
);
const logger = createLogger("tinkuy", env.LOG_LEVEL);
const say = (line: string): boolean => process.stdout.write(`${line}\n`);

let embedded: EmbeddedMongo | undefined;
let uri = env.MONGODB_URI;
if (!uri) {
  mkdirSync(env.DATA_DIR, { recursive: true });
  try {
    embedded = await startEmbeddedMongo({ port: env.MONGO_PORT, dbPath: env.DATA_DIR, logger });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    say(
      code === "EADDRINUSE"
        ? `Port ${env.MONGO_PORT} is already in use (another MongoDB?). Set MONGO_PORT, or MONGODB_URI to use that server.`
        : `Could not start the embedded database: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
  uri = embedded.uri;
}

const connection = await connectDatabase({ uri, dbName: "formalization", logger });
const formalization = createFormalization(connection, logger);
await formalization.models.Record.init();
if ((await formalization.models.Record.estimatedDocumentCount()) === 0) {
  say(`Seeding the REINFO registry (scale ${env.SEED_SCALE}) …`);
  const bar = new SingleBar({ format: "  {bar} {percentage}% | {value}/{total} records", hideCursor: true });
  let started = false;
  const summary = await seedFormalization(formalization.models, {
    scale: env.SEED_SCALE,
    onProgress: (done, total) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
  });
  bar.stop();
  say(
    `  ${summary.records.toLocaleString("en")} records from ${summary.distinctRucs.toLocaleString("en")} RUCs.`,
  );
}
await ensureRegionStats(formalization.models);
const subgraph = await startSubgraph({
  apollo: formalization.apollo,
  context: formalization.context,
  port: env.FORMALIZATION_PORT,
  host: "127.0.0.1",
  logger,
});

const gateway = createGateway({
  supergraphSdl: readSupergraph(),
  subgraphUrls: { formalization: subgraph.url },
  logger,
});
await gateway.start();
const http = await listen(
  graphqlRequestHandler(gateway, () => Promise.resolve({}), logger),
  env.PORT,
);

say("");
say(`Tinkuy is running.`);
say(`  GraphQL gateway   http://localhost:${http.port}/graphql`);
say(`  formalization     ${subgraph.url}`);
say(`  database          ${uri}${embedded ? `  (embedded, data in ${env.DATA_DIR})` : ""}`);
say(`Press Ctrl-C to stop.`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  say("\nStopping …");
  await http.stop();
  await gateway.stop();
  await subgraph.stop();
  await connection.close();
  await embedded?.stop();
  process.exit(0);
}
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());

/**
 * `npm start`: the whole hub on one machine with no configuration. Starts the embedded MongoDB-compatible
 * server (data kept under `.data/`, listening on 127.0.0.1:27017 so that mongosh, Compass or an import can
 * connect while the hub runs) unless `MONGODB_URI` points at a real MongoDB; seeds each pillar whose database is
 * empty with demo data (REINFO first: the other pillars link to its operators), or nothing with `SEED=none` (a
 * real deployment, filled by the importers); starts every pillar's subgraph and the gateway;
 * prints where everything is. Ctrl-C stops it all cleanly.
 *
 * In production each piece runs in its own container (docker-compose.yml); this launcher runs them in one
 * process, which is what a laptop wants.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  createLogger,
  hubKeys,
  listen,
  parseEnv,
  portVar,
  startSubgraph,
  type HttpListener,
} from "@tinkuy/kit";
import { SingleBar } from "cli-progress";
import { z } from "zod";
import { startEmbeddedMongo, type EmbeddedMongo } from "../packages/embedded-mongo/src/index.ts";
import { createGateway } from "../gateway/src/gateway.ts";
import { readSupergraph } from "../gateway/src/supergraph.ts";
import { gatewayEnv } from "../gateway/src/env.ts";
import { openPillars, seedPillars, seedSelection, SEED_MODES } from "./pillars.ts";

const env = parseEnv(
  z.object({
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//)
      .optional(),
    MONGO_PORT: portVar(27017),
    DATA_DIR: z.string().default(fileURLToPath(new URL("../.data/db", import.meta.url))),
    PORT: portVar(4000),
    SEED_SCALE: z.coerce.number().positive().max(10).default(1),
    SEED: z.enum(SEED_MODES).default("demo"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("warn"),
  }),
);
// The gateway's own settings (token verification, timeouts, the response cache, the shared secret), read as
// its container reads them.
const gatewaySettings = gatewayEnv();
const keys = hubKeys(gatewaySettings.hubSecret);
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

const pillars = await openPillars({ uri }, logger, keys);
const bars = new Map<string, SingleBar>();
await seedPillars(pillars, {
  scale: env.SEED_SCALE,
  which: seedSelection(env.SEED),
  starting: (pillar) => say(`Seeding ${pillar.name} (scale ${env.SEED_SCALE}) …`),
  progress: (pillar, done, total) => {
    let bar = bars.get(pillar.name);
    if (!bar) {
      bar = new SingleBar({ format: "  {bar} {percentage}% | {value}/{total}", hideCursor: true });
      bar.start(total, 0);
      bars.set(pillar.name, bar);
    }
    bar.update(done);
  },
  finished: (pillar, summary) => {
    bars.get(pillar.name)?.stop();
    say(`  ${summary}.`);
  },
});

const subgraphs: HttpListener[] = [];
for (const pillar of pillars) {
  subgraphs.push(
    await startSubgraph({
      apollo: pillar.server.apollo,
      context: (identity) => pillar.server.context(identity),
      keys,
      connection: pillar.connection,
      port: pillar.port,
      host: "127.0.0.1",
      logger,
      routes: pillar.routes,
    }),
  );
}
const gateway = createGateway({
  supergraphSdl: readSupergraph(),
  subgraphUrls: Object.fromEntries(pillars.map((pillar, i) => [pillar.name, subgraphs[i]?.url])),
  logger,
  keys,
  auth: gatewaySettings.auth,
  production: gatewaySettings.production,
  subgraphTimeoutMs: gatewaySettings.SUBGRAPH_TIMEOUT_MS,
  responseCache: gatewaySettings.responseCache,
  persistedOperations: gatewaySettings.persistedOperations,
});
await gateway.apollo.start();
const http = await listen(gateway.handler, env.PORT);

say("");
say(`Tinkuy is running.`);
say(`  GraphQL gateway   http://localhost:${http.port}/graphql`);
say(`  dashboard         http://localhost:${http.port}/dashboard`);
if (!gatewaySettings.production) say(`  query IDE         http://localhost:${http.port}/graphiql`);
pillars.forEach((pillar, i) => say(`  ${pillar.name.padEnd(17)} ${subgraphs[i]?.url ?? ""}`));
say(`  database          ${uri}${embedded ? `  (embedded, data in ${env.DATA_DIR})` : ""}`);
if (env.SEED === "none")
  say(`  demo data         none (SEED=none): load the agencies' files with the importers`);
say(`  development token npm run token -- --role MINISTRY_ANALYST   (no token: the public view)`);
say(`Press Ctrl-C to stop.`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  say("\nStopping …");
  await http.stop();
  await gateway.apollo.stop();
  for (const subgraph of subgraphs) await subgraph.stop();
  for (const pillar of pillars) await pillar.connection.close();
  await embedded?.stop();
  process.exit(0);
}
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());

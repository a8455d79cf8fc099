/**
 * The bench's backend process: the embedded MongoDB-compatible server, seeded at `BENCH_SCALE` with the code
 * `npm start` uses (every pillar of the list, in its order: the later ones link to REINFO's operators). Prints one line,
 * `ready <uri>`, on standard output once the data is in, progress on standard error, and stops the server on
 * SIGINT/SIGTERM. The subgraphs run as their own processes against it, as in production.
 */
import { performance } from "node:perf_hooks";
import { createLogger, DEVELOPMENT_HUB_SECRET, hubKeys, parseEnv, portVar } from "@tinkuy/kit";
import { z } from "zod";
import { startEmbeddedMongo } from "../packages/embedded-mongo/src/index.ts";
import { openPillars, seedPillars } from "../scripts/pillars.ts";

const env = parseEnv(
  z.object({
    BENCH_SCALE: z.coerce.number().positive().max(10),
    BENCH_MONGO_PORT: portVar(0),
  }),
);
const logger = createLogger("bench-backend", "warn");
const mongo = await startEmbeddedMongo({ port: env.BENCH_MONGO_PORT });
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void mongo.stop().then(() => process.exit(0)));
}

const pillars = await openPillars({ uri: mongo.uri }, logger, hubKeys(DEVELOPMENT_HUB_SECRET));
const started = new Map<string, number>();
const shown = new Map<string, number>();
await seedPillars(pillars, {
  scale: env.BENCH_SCALE,
  starting: (pillar) => started.set(pillar.name, performance.now()),
  progress: (pillar, done, total) => {
    // A line every quarter: scale 10 takes minutes, and the bench's output may not be a terminal.
    const quarter = Math.floor((4 * done) / Math.max(1, total));
    const before = shown.get(pillar.name) ?? 0;
    if (quarter > before && quarter < 4) process.stderr.write(`  seeding ${pillar.name}: ${quarter * 25}%\n`);
    shown.set(pillar.name, Math.max(before, quarter));
  },
  finished: (pillar, summary) => {
    const seconds = ((performance.now() - (started.get(pillar.name) ?? 0)) / 1000).toFixed(1);
    process.stderr.write(`  seeded ${pillar.name}: ${summary} (${seconds} s)\n`);
  },
});
for (const pillar of pillars) await pillar.connection.close();
process.stdout.write(`ready ${mongo.uri}\n`);

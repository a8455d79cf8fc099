/**
 * `npm run seed -- --scale 0.1|1|10 [--seed N]`: replaces the REINFO registry in the `formalization` database
 * at `MONGODB_URI` (default: the embedded server `npm start` runs) with deterministic data, showing progress
 * on stderr and the summary on stdout.
 */
import { parseArgs } from "node:util";
import { baseEnv, connectDatabase, createLogger, parseEnv } from "@tinkuy/kit";
import { SingleBar } from "cli-progress";
import { z } from "zod";
import { createModels } from "../subgraphs/formalization/src/models.ts";
import { seedFormalization, type SeedOptions } from "../subgraphs/formalization/src/seed.ts";

function fail(message: string): never {
  process.stderr.write(`${message}\nusage: npm run seed -- --scale 0.1|1|10 [--seed N]\n`);
  process.exit(2);
}

let values: { scale: string; seed?: string | undefined };
try {
  ({ values } = parseArgs({
    options: { scale: { type: "string", default: "1" }, seed: { type: "string" } },
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const scale = Number(values.scale);
if (!(scale > 0 && scale <= 10)) {
  fail(
    `--scale must be a number greater than 0 and at most 10 (1 = REINFO's ~86,000 records), got ${values.scale}`,
  );
}
const options: SeedOptions = { scale };
if (values.seed !== undefined) {
  // The generator keeps 32 bits of state: larger seeds would silently repeat smaller ones.
  const seed = /^\d{1,10}$/.test(values.seed) ? Number(values.seed) : NaN;
  if (!(seed <= 0xffffffff)) fail(`--seed must be an integer from 0 to 4294967295, got ${values.seed}`);
  options.seed = seed;
}

const env = parseEnv(baseEnv.extend({ FORMALIZATION_DB: z.string().default("formalization") }));
const logger = createLogger("seed", "warn");
const connection = await connectDatabase({ uri: env.MONGODB_URI, dbName: env.FORMALIZATION_DB, logger });
const bar = new SingleBar({
  format: "REINFO {bar} {percentage}% | {value}/{total} records | {duration}s",
  hideCursor: true,
});
try {
  const models = createModels(connection);
  await models.Record.init();
  const started = performance.now();
  let barStarted = false;
  const summary = await seedFormalization(models, {
    ...options,
    onProgress: (done, total) => {
      if (!barStarted) bar.start(total, 0);
      barStarted = true;
      bar.update(done);
    },
  });
  bar.stop();
  // The URI is not printed: it may carry credentials.
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const byStatus = Object.entries(summary.byStatus).map(([status, n]) => `${status} ${n}`);
  process.stdout.write(
    `seeded ${summary.records} REINFO records from ${summary.distinctRucs} RUCs into ` +
      `${env.FORMALIZATION_DB} in ${seconds}s: ${byStatus.join(", ")}\n`,
  );
} finally {
  bar.stop(); // a no-op once stopped; restores the cursor if seeding failed
  await connection.close();
}

/**
 * `npm run seed -- --scale 0.1|1|10 [--seed N]`: replaces the REINFO registry in the `formalization` database
 * at `MONGODB_URI` (default: the embedded server `npm start` runs) with deterministic data, showing progress.
 */
import { parseArgs } from "node:util";
import { baseEnv, connectDatabase, createLogger, parseEnv } from "@tinkuy/kit";
import { SingleBar } from "cli-progress";
import { z } from "zod";
import { createModels } from "../subgraphs/formalization/src/models.ts";
import { seedFormalization } from "../subgraphs/formalization/src/seed.ts";

const { values } = parseArgs({
  options: { scale: { type: "string", default: "1" }, seed: { type: "string", default: "2025" } },
});
const scale = Number(values.scale);
const seed = Number(values.seed);
if (!(scale > 0 && scale <= 10)) {
  process.stderr.write(`--scale must be a number greater than 0 and at most 10, got ${values.scale}\n`);
  process.exit(2);
}
if (!Number.isInteger(seed)) {
  process.stderr.write(`--seed must be an integer, got ${values.seed}\n`);
  process.exit(2);
}
const env = parseEnv(baseEnv.extend({ FORMALIZATION_DB: z.string().default("formalization") }));
const logger = createLogger("seed", "warn");
const connection = await connectDatabase({ uri: env.MONGODB_URI, dbName: env.FORMALIZATION_DB, logger });
const models = createModels(connection);
await models.Record.init();
const bar = new SingleBar({
  format: "REINFO {bar} {percentage}% | {value}/{total} records | {duration}s",
  hideCursor: true,
});
let started = false;
const summary = await seedFormalization(models, {
  scale,
  seed,
  onProgress: (done, total) => {
    if (!started) bar.start(total, 0);
    started = true;
    bar.update(done);
  },
});
bar.stop();
process.stdout.write(
  `seeded ${summary.records} records from ${summary.distinctRucs} RUCs: ` +
    Object.entries(summary.byStatus)
      .map(([status, n]) => `${status} ${n}`)
      .join(", ") +
    "\n",
);
await connection.close();

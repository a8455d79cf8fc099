/**
 * `npm run seed -- [--scale 0.1|1|10] [--seed N] [--pillar NAME]`: replaces every pillar's data (or one
 * pillar's) in the databases at `MONGODB_URI` (default: the embedded server `npm start` runs) with
 * deterministic, synthetic demo data, in the list's order, showing progress on stderr and a line per pillar on
 * stdout.
 */
import {
  baseEnv,
  createLogger,
  databaseVariable,
  DEVELOPMENT_HUB_SECRET,
  hubKeys,
  parseCli,
  parseEnv,
  runCli,
} from "@tinkuy/kit";
import { SingleBar } from "cli-progress";
import { z } from "zod";
import { PILLARS } from "../subgraphs/index.ts";
import { openPillars, seedPillars } from "./pillars.ts";

const names = PILLARS.map((pillar) => pillar.name);
const cli = parseCli({
  usage: `usage: npm run seed -- [--scale S] [--seed N] [--pillar NAME]
  --scale S      0 < S <= 10; 1 is the published national scale (REINFO's ~86,000 records). Default 1.
  --seed N       the generators' seed, 0 to 4294967295: the same scale and seed give the same data.
  --pillar NAME  only this pillar (${names.join(", ")}); by default every pillar, in this order.
The data replaced is demo data, marked synthetic. MONGODB_URI names the server (default: npm start's embedded
one); <PILLAR>_DB names a pillar's database (default: the pillar's name).`,
  options: { scale: { type: "string", default: "1" }, seed: { type: "string" }, pillar: { type: "string" } },
});
const scale = Number(cli.values.scale);
if (!(scale > 0 && scale <= 10)) {
  cli.usageError(`--scale must be a number greater than 0 and at most 10, got ${cli.values.scale}`);
}
let seed: number | undefined;
if (cli.values.seed !== undefined) {
  // The generators keep 32 bits of state: larger seeds would silently repeat smaller ones.
  seed = /^\d{1,10}$/.test(cli.values.seed) ? Number(cli.values.seed) : NaN;
  if (!(seed <= 0xffffffff))
    cli.usageError(`--seed must be an integer from 0 to 4294967295, got ${cli.values.seed}`);
}
const only = cli.values.pillar;
if (only !== undefined && !names.includes(only)) {
  cli.usageError(`--pillar must be one of ${names.join(", ")}, got ${only}`);
}

await runCli(async () => {
  const env = parseEnv(
    baseEnv.extend(
      Object.fromEntries(PILLARS.map((pillar) => [databaseVariable(pillar), z.string().min(1).optional()])),
    ),
  ) as z.infer<typeof baseEnv> & Record<string, string | undefined>;
  const logger = createLogger("seed", "warn");
  // Building a pillar's server needs keys; seeding signs nothing, so the development ones serve.
  const pillars = await openPillars({ uri: env.MONGODB_URI, env }, logger, hubKeys(DEVELOPMENT_HUB_SECRET));
  const bar = new SingleBar({
    format: "{pillar} {bar} {percentage}% | {value}/{total} | {duration}s",
    hideCursor: true,
  });
  let started = 0;
  try {
    await seedPillars(pillars, {
      scale,
      ...(seed === undefined ? {} : { seed }),
      which: (pillar) => only === undefined || pillar.name === only,
      starting: () => (started = performance.now()),
      progress: (pillar, done, total) => {
        if (done === 0 || bar.getTotal() !== total) bar.start(total, done, { pillar: pillar.name });
        bar.update(done);
      },
      finished: (pillar, summary) => {
        bar.stop();
        // The URI is not printed: it may carry credentials.
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        process.stdout.write(`seeded ${pillar.name} in ${seconds}s: ${summary}\n`);
      },
    });
  } finally {
    bar.stop(); // a no-op once stopped; restores the cursor if seeding failed
    for (const pillar of pillars) await pillar.connection.close();
  }
});

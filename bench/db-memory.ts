/**
 * `npx tsx bench/db-memory.ts [--scale 10] [--seconds 20] [--label NAME]`: what the embedded database process
 * holds and where its CPU goes under the region view. Starts the bench's backend (`bench/backend.ts`, seeded at
 * the scale, with `npm start`'s database flags) with `bench/db-probe.ts` loaded, the four subgraphs and our
 * gateway (response cache off); warms the region view up, then measures it for `--seconds` while the database
 * process profiles itself. Reports the database's RSS and heap after two full collections (before and after
 * the load), the data's BSON size (every document read back raw through the driver, after the load), and the
 * share of the profile's samples in the garbage collector. Writes `bench/results/db-memory-<label>.json`.
 * It asserts nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { parseCli, runCli, type Viewer } from "@tinkuy/kit";
import { EMBEDDED_DATABASE_FLAGS } from "../packages/embedded-mongo/src/index.ts";
import { PILLARS } from "../subgraphs/index.ts";
import { answers, killAll, startChild, stopAll, type Child } from "./children.ts";
import { bearerTokens } from "./credentials.ts";
import { readFixtures } from "./fixtures.ts";
import { ours, probe } from "./lineup.ts";
import { runLoad } from "./load.ts";
import { buildScenarios, type Scenario } from "./scenarios.ts";
import { PORTS } from "./targets.ts";

const cli = parseCli({
  usage:
    "usage: [BENCH_PORT_OFFSET=N] npx tsx bench/db-memory.ts [--scale 10] [--seconds 20] [--label NAME] [--backend ENTRY]",
  options: {
    scale: { type: "string" },
    seconds: { type: "string" },
    label: { type: "string" },
    backend: { type: "string" },
  },
});
const scale = Number(cli.values.scale ?? "10");
const seconds = Number(cli.values.seconds ?? "20");
const label = cli.values.label ?? "run";
/** The backend's entry point: another copy of bench/backend.ts measures another version of the server. */
const backend = cli.values.backend ?? "bench/backend.ts";
const say = (line = "") => process.stdout.write(`${line}\n`);

interface ProbeLine {
  heapUsedMiB: number;
  rssMiB: number;
  externalMiB: number;
  arrayBuffersMiB: number;
}

/** Lines the database's probe printed. */
function probeLines(child: Child): string[] {
  return child
    .output()
    .split("\n")
    .filter((line) => line.startsWith("db-probe {"));
}

async function memory(child: Child): Promise<ProbeLine> {
  const before = probeLines(child).length;
  child.process.kill("SIGUSR2");
  for (let i = 0; i < 600; i++) {
    const lines = probeLines(child);
    if (lines.length > before) return JSON.parse((lines.at(-1) ?? "").slice("db-probe ".length)) as ProbeLine;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the database's probe did not answer");
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string };
}

/** Samples in the garbage collector, of all samples and of the non-idle ones. */
function gcShare(path: string): { samples: number; busy: number; gc: number; ofAll: number; ofBusy: number } {
  const profile = JSON.parse(readFileSync(path, "utf8")) as { nodes: ProfileNode[]; samples: number[] };
  const names = new Map(profile.nodes.map((node) => [node.id, node.callFrame.functionName]));
  let gc = 0;
  let idle = 0;
  for (const id of profile.samples) {
    const name = names.get(id);
    if (name === "(garbage collector)") gc++;
    else if (name === "(idle)") idle++;
  }
  const samples = profile.samples.length;
  const busy = samples - idle;
  return { samples, busy, gc, ofAll: gc / samples, ofBusy: gc / busy };
}

async function main(): Promise<void> {
  const profilePath = join(tmpdir(), `db-memory-${label}-${process.pid}.cpuprofile`);
  say(`Seeding the backend at scale ${scale} …`);
  let uri = "";
  const started = Date.now();
  const database = await startChild(
    "database",
    backend,
    { BENCH_SCALE: String(scale), BENCH_MONGO_PORT: String(PORTS.mongo), DB_PROBE_PROFILE: profilePath },
    (child) => {
      const match = /^ready (\S+)$/m.exec(child.output());
      if (match?.[1]) uri = match[1];
      return Promise.resolve(uri !== "");
    },
    {
      timeoutMs: 90 * 60_000,
      showStderr: false,
      nodeFlags: [...EMBEDDED_DATABASE_FLAGS, "--expose-gc"],
      preload: ["./bench/db-probe.ts"],
    },
  );
  const seedSeconds = (Date.now() - started) / 1000;
  say(`  seeded in ${seedSeconds.toFixed(1)} s`);
  const afterSeed = await memory(database);
  say(`  after seeding: ${JSON.stringify(afterSeed)}`);
  for (const pillar of PILLARS) {
    const port = PORTS.subgraphs[pillar.name] ?? 0;
    await startChild(
      pillar.name,
      `subgraphs/${pillar.name}/src/index.ts`,
      { MONGODB_URI: uri, PORT: String(port), LOG_LEVEL: "warn" },
      answers(`http://127.0.0.1:${port}/readyz`),
    );
  }
  const fixtures = await readFixtures(uri);
  const region = buildScenarios(fixtures).scenarios.find((s) => s.id === 1) as Scenario;
  const viewers: Viewer[] = [region.viewer];
  const target = await ours(await bearerTokens(viewers));
  const error = await probe(target, region);
  if (error) say(`  the first region view failed: ${error}`);
  const headers = target.credentials.headers(region.viewer);
  const load = (s: number) =>
    runLoad({
      url: target.url(region),
      connections: 10,
      seconds: s,
      headers: () => headers,
      nextBody: region.nextBody,
      watch: [{ name: "database", pid: database.pid }],
    });
  await load(3);
  const beforeLoad = await memory(database);
  database.process.kill("SIGURG");
  await new Promise((resolve) => setTimeout(resolve, 500));
  const result = await load(seconds);
  const afterLoad = await memory(database);
  say(
    `  region view: ${result.requestsPerSecond.toFixed(1)} req/s, p50 ${result.p50.toFixed(1)} ms, ` +
      `errors ${result.errors}, database CPU ${Math.round(result.cpu["database"] ?? NaN)} %`,
  );
  const gc = gcShare(profilePath);

  const client = await MongoClient.connect(uri);
  let bsonBytes = 0;
  let documents = 0;
  const perCollection: Record<string, { documents: number; bsonMiB: number }> = {};
  try {
    const { databases } = await client.db("admin").admin().listDatabases();
    for (const { name } of databases) {
      const db = client.db(name);
      for (const { name: coll } of await db.listCollections({}, { nameOnly: true }).toArray()) {
        let bytes = 0;
        let count = 0;
        for await (const raw of db.collection(coll).find({}, { raw: true, batchSize: 10_000 })) {
          bytes += (raw as unknown as Uint8Array).length;
          count++;
        }
        perCollection[`${name}.${coll}`] = { documents: count, bsonMiB: bytes / 2 ** 20 };
        bsonBytes += bytes;
        documents += count;
      }
    }
  } finally {
    await client.close();
  }
  const bsonMiB = bsonBytes / 2 ** 20;
  const summary = {
    label,
    scale,
    seedSeconds,
    documents,
    bsonMiB: Math.round(bsonMiB * 10) / 10,
    afterSeed,
    beforeLoad,
    afterLoad,
    rssOverBson: Math.round((afterLoad.rssMiB / bsonMiB) * 100) / 100,
    regionView: {
      requestsPerSecond: result.requestsPerSecond,
      p50: result.p50,
      p95: result.p95,
      errors: result.errors,
      databaseCpuPercent: result.cpu["database"],
    },
    gc,
    perCollection,
  };
  say(JSON.stringify(summary, null, 2));
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(`bench/results/db-memory-${label}.json`, JSON.stringify(summary, null, 2) + "\n");
}

process.on("exit", killAll);
await runCli(async () => {
  try {
    await main();
  } finally {
    await stopAll();
  }
});

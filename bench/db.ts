/**
 * `npm run bench:db`: measures the embedded server through the official driver over TCP, as the subgraphs use
 * it. Prints a table and writes `bench/results/db.json`. It asserts nothing: the test suite asserts counts, and
 * this reports speeds and the ratio that shows an indexed lookup does not grow with the collection.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { MongoClient, type Collection, type Document } from "mongodb";
import { parseCli, runCli } from "@tinkuy/kit";
import { startEmbeddedMongo } from "../packages/embedded-mongo/src/index.ts";

parseCli({
  usage: `usage: npm run bench:db
Measures the embedded MongoDB-compatible server through the official driver: inserts, indexed
lookups at 1,000 and 100,000 documents, $in batches, a group. Prints a table and writes bench/results/db.json.
Takes no options.`,
});

const LARGE = 100_000;
const SMALL = 1_000;
const LOOKUPS = 2_000;
const IN_BATCHES = 200;
const GROUP_RUNS = 5;

interface Row {
  operation: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  perSecond: number;
  note: string;
}

function makeDoc(i: number): Document {
  return {
    code: `R${String(i).padStart(7, "0")}`,
    ruc: `20${String(100_000_000 + i)}`,
    status: ["ACTIVE", "SUSPENDED", "EXCLUDED", "FORMALIZED"][i % 4],
    ubigeo: String(10101 + (i % 1891)).padStart(6, "0"),
    year: 2017 + (i % 9),
    hectares: (i % 500) / 10,
    updatedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function timeEach(runs: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await op(i);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

function row(operation: string, times: number[], itemsPerRun: number, note = ""): Row {
  const total = times.reduce((a, b) => a + b, 0);
  return {
    operation,
    runs: times.length,
    p50Ms: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    perSecond: Math.round((times.length * itemsPerRun) / (total / 1000)),
    note,
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

async function seed(collection: Collection, count: number): Promise<number> {
  await collection.createIndex({ code: 1 }, { unique: true });
  await collection.createIndex({ ruc: 1 });
  const start = performance.now();
  for (let i = 0; i < count; i += 1000) {
    await collection.insertMany(Array.from({ length: Math.min(1000, count - i) }, (_, j) => makeDoc(i + j)));
  }
  return performance.now() - start;
}

async function pointLookups(collection: Collection, size: number): Promise<number[]> {
  return timeEach(LOOKUPS, (i) => collection.findOne({ code: makeDoc((i * 7919) % size).code }));
}

await runCli(async () => {
  const server = await startEmbeddedMongo();
  const client = await MongoClient.connect(server.uri);
  const db = client.db("bench");
  const rows: Row[] = [];

  const large = db.collection("large");
  const insertMs = await seed(large, LARGE);
  rows.push({
    operation: `insertMany ${LARGE.toLocaleString("en")} docs (batches of 1,000, 2 indexes)`,
    runs: 1,
    p50Ms: round(insertMs),
    p95Ms: round(insertMs),
    perSecond: Math.round(LARGE / (insertMs / 1000)),
    note: "docs/s",
  });

  await pointLookups(large, LARGE); // warm-up
  const largeLookups = await pointLookups(large, LARGE);
  rows.push(row(`findOne by unique field (${LARGE.toLocaleString("en")} docs)`, largeLookups, 1));

  rows.push(
    row(
      "find by non-unique indexed field",
      await timeEach(LOOKUPS, (i) => large.find({ ruc: makeDoc((i * 31) % LARGE).ruc }).toArray()),
      1,
    ),
  );

  rows.push(
    row(
      "find $in batch of 100 keys (dataloader shape)",
      await timeEach(IN_BATCHES, (i) =>
        large
          .find({
            code: { $in: Array.from({ length: 100 }, (_, j) => makeDoc((i * 100 + j * 997) % LARGE).code) },
          })
          .toArray(),
      ),
      100,
      "keys/s",
    ),
  );

  rows.push(
    row(
      `aggregate $group over ${LARGE.toLocaleString("en")} docs`,
      await timeEach(GROUP_RUNS, () =>
        large
          .aggregate([{ $group: { _id: "$status", n: { $sum: 1 }, hectares: { $sum: "$hectares" } } }])
          .toArray(),
      ),
      1,
    ),
  );

  const small = db.collection("small");
  await seed(small, SMALL);
  await pointLookups(small, SMALL);
  const smallLookups = await pointLookups(small, SMALL);
  rows.push(row(`findOne by unique field (${SMALL.toLocaleString("en")} docs)`, smallLookups, 1));

  // Measured side by side in this run: the same lookup against both sizes, alternating, so drift cancels out.
  const alternatingLarge: number[] = [];
  const alternatingSmall: number[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    let start = performance.now();
    await small.findOne({ code: makeDoc((i * 7919) % SMALL).code });
    alternatingSmall.push(performance.now() - start);
    start = performance.now();
    await large.findOne({ code: makeDoc((i * 7919) % LARGE).code });
    alternatingLarge.push(performance.now() - start);
  }
  alternatingLarge.sort((a, b) => a - b);
  alternatingSmall.sort((a, b) => a - b);
  const ratio = percentile(alternatingLarge, 50) / percentile(alternatingSmall, 50);

  await client.close();
  await server.stop();

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`embedded-mongo benchmark — ${machine}\n`);
  console.table(rows.map((r) => ({ ...r })));
  console.log(
    `\nindexed point lookup, p50 at ${LARGE.toLocaleString("en")} docs / p50 at ${SMALL.toLocaleString("en")} docs = ${ratio.toFixed(2)} (target ≤ 1.5: ${ratio <= 1.5 ? "met" : "NOT met"})`,
  );
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(
    new URL("./results/db.json", import.meta.url),
    JSON.stringify({ date: new Date().toISOString(), machine, rows, lookupRatio: round(ratio) }, null, 2) +
      "\n",
  );
});

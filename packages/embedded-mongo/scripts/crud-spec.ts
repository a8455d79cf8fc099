/**
 * Runs MongoDB's CRUD unified specification tests (the JSON files of `source/crud/tests/unified` in
 * mongodb/specifications, which this repository does not ship: their licence does not allow it) through the
 * official driver against the embedded server, and prints pass, fail or skip per test and the totals.
 *
 *   npm run conformance:crud -- <dir of *.json> [--uri mongodb://…] [--only <text>] [--verbose]
 *
 * Without `--uri` it starts an in-memory embedded server. Tests whose `runOnRequirements` exclude the server
 * (its reported version and topology) are skipped and counted apart, as are those needing what the runner does
 * not do (fail points, a test-only server command). Failures in the collation files are reported apart too
 * (another part of the work adds collation).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseCli, runCli } from "@tinkuy/kit";
import { BSON, MongoClient } from "mongodb";
import { startEmbeddedMongo, type EmbeddedMongo } from "../src/index.ts";
import { unmetRequirements, type ServerFacts } from "./crud-spec/requirements.ts";
import { runTest, SkippedTest, type UnifiedFile } from "./crud-spec/run-test.ts";

const cli = parseCli({
  usage: `usage: npm run conformance:crud -- <dir> [--uri mongodb://…] [--only TEXT] [--verbose]
  <dir>          the unified CRUD tests (*.json of mongodb/specifications' source/crud/tests/unified)
  --uri URI      run against this server instead of a fresh in-memory embedded server
  --only TEXT    run only the tests whose "file: description" contains TEXT
  --verbose      print passing and skipped tests too, not only failures`,
  options: {
    uri: { type: "string" },
    only: { type: "string" },
    verbose: { type: "boolean", default: false },
  },
  allowPositionals: true,
});
const values = cli.values;
const dir = cli.positionals[0] ?? cli.usageError("the directory of the unified CRUD tests is missing");

async function serverFacts(client: MongoClient): Promise<ServerFacts> {
  const admin = client.db("admin");
  const info = await admin.command({ buildInfo: 1 });
  const hello = await admin.command({ hello: 1 });
  const topology = hello.msg === "isdbgrid" ? "sharded" : hello.setName ? "replicaset" : "single";
  return { version: String(info.version), topology };
}

/** The area a failure counts against: collation and transactions are other parts' work. */
function areaOf(fileName: string, description: string): "collation" | "transactions" | "crud" {
  if (/collation/i.test(fileName) || /collation/i.test(description)) return "collation";
  if (/transaction/i.test(fileName) || /transaction/i.test(description)) return "transactions";
  return "crud";
}

await runCli(async () => {
  let embedded: EmbeddedMongo | undefined;
  const uri = values.uri ?? (embedded = await startEmbeddedMongo()).uri;
  const internal = await MongoClient.connect(uri);
  const server = await serverFacts(internal);
  console.log(`server ${uri} reports ${server.version}, topology ${server.topology}`);

  const counts = { pass: 0, fail: 0, skipRequirements: 0, skipRunner: 0 };
  const failedByArea: Record<string, number> = { crud: 0, collation: 0, transactions: 0 };
  const passedByArea: Record<string, number> = { crud: 0, collation: 0, transactions: 0 };
  const skipReasons = new Map<string, number>();
  const files = (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  for (const fileName of files) {
    const file = BSON.EJSON.parse(await readFile(join(dir, fileName), "utf8"), {
      relaxed: true,
    }) as UnifiedFile;
    const fileUnmet = unmetRequirements(file.runOnRequirements, server);
    for (const test of file.tests) {
      const name = `${fileName.replace(/\.json$/, "")}: ${test.description}`;
      if (values.only && !name.includes(values.only)) continue;
      const unmet = fileUnmet ?? unmetRequirements(test.runOnRequirements, server) ?? test.skipReason;
      if (unmet) {
        counts.skipRequirements++;
        skipReasons.set(unmet, (skipReasons.get(unmet) ?? 0) + 1);
        if (values.verbose) console.log(`SKIP ${name} (${unmet})`);
        continue;
      }
      const area = areaOf(fileName, test.description);
      try {
        const failure = await runTest(uri, internal, file, test);
        if (failure === undefined) {
          counts.pass++;
          (passedByArea[area] as number)++;
          if (values.verbose) console.log(`PASS ${name}`);
        } else {
          counts.fail++;
          (failedByArea[area] as number)++;
          console.log(`FAIL ${name}\n     ${failure}`);
        }
      } catch (error) {
        if (!(error instanceof SkippedTest)) throw error;
        counts.skipRunner++;
        skipReasons.set(error.message, (skipReasons.get(error.message) ?? 0) + 1);
        if (values.verbose) console.log(`SKIP ${name} (${error.message})`);
      }
    }
  }
  await internal.close();
  await embedded?.stop();

  const percent = (pass: number, fail: number) =>
    pass + fail === 0 ? "n/a" : `${((100 * pass) / (pass + fail)).toFixed(1)}%`;
  console.log("\nskipped:");
  for (const [reason, n] of [...skipReasons].sort((a, b) => b[1] - a[1])) console.log(`  ${n}  ${reason}`);
  const crudPass = passedByArea.crud as number;
  const crudFail = failedByArea.crud as number;
  console.log(
    `\n${counts.pass} passed, ${counts.fail} failed of ${counts.pass + counts.fail} applicable tests: ` +
      `${percent(counts.pass, counts.fail)}` +
      `\n  without collation and transactions: ${crudPass} passed, ${crudFail} failed: ${percent(crudPass, crudFail)}` +
      `\n  collation: ${passedByArea.collation} passed, ${failedByArea.collation} failed;` +
      ` transactions: ${passedByArea.transactions} passed, ${failedByArea.transactions} failed` +
      `\n  skipped: ${counts.skipRequirements} by their runOnRequirements, ${counts.skipRunner} for what the runner does not do`,
  );
  return counts.fail > 0 ? 1 : 0;
});

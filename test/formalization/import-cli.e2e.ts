import { spawn } from "node:child_process";
import { once } from "node:events";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = new URL("../fixtures/reinfo/", import.meta.url);

let mongo: EmbeddedMongo;
let client: MongoClient;
let dir: string;

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  client = await MongoClient.connect(mongo.uri);
  dir = await mkdtemp(join(tmpdir(), "tinkuy-import-cli-"));
});
afterAll(async () => {
  await client?.close();
  await mongo?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Runs `npm run import:reinfo -- …args` as a child process (stdout not a TTY: plain progress lines). */
async function importCli(
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "subgraphs/formalization/cli/import-reinfo.ts", ...args],
    {
      cwd: ROOT,
      env: { ...process.env, MONGODB_URI: mongo.uri, FORMALIZATION_DB: "import_cli", NODE_ENV: "test" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

const records = () => client.db("import_cli").collection("reinfo_records");

describe("npm run import:reinfo", () => {
  it("exits 0 when every row loads, 2 with a report when some are rejected, 1 on a bad file, and writes nothing in a dry run", async () => {
    const good = join(dir, "extracto.csv");
    await copyFile(new URL("extract-semicolon-bom.csv", FIXTURES), good);
    const mixed = join(dir, "mixto.csv");
    await copyFile(new URL("extract-comma-rejections.csv", FIXTURES), mixed);

    const dry = await importCli(mixed, "--dry-run");
    expect(dry.code).toBe(2);
    expect(dry.stdout).toContain("dry run (nothing written)");
    expect(await records().countDocuments()).toBe(0);

    const first = await importCli(good);
    expect(first.stderr).toBe("import: 6 rows read (100% of the file)\n");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /read 6 rows in [\d.]+s: 6 inserted, 0 updated, 0 status changes, 0 unchanged, 0 rejected/,
    );
    expect(await records().countDocuments()).toBe(6);

    const second = await importCli(mixed);
    expect(second.code).toBe(2);
    expect(second.stdout).toContain("4 inserted");
    expect(second.stdout).toContain("9 rejected");
    expect(second.stdout).toContain(`report: ${join(dir, "mixto.rejected.csv")}`);
    const report = await readFile(join(dir, "mixto.rejected.csv"), "utf8");
    expect(report.startsWith("\uFEFFline,COD_REINFO,field,reason\n")).toBe(true);
    expect(report.trimEnd().split("\n")).toHaveLength(10);

    const audit = await client.db("import_cli").collection("audit").find({}).toArray();
    expect(audit.map((entry) => entry.outcome)).toEqual(["OK", "ROWS_REJECTED"]);

    const bad = join(dir, "sin-estado.csv");
    await writeFile(bad, "COD_REINFO;M_RUC\nREINFO-1;10425678138\n");
    const refused = await importCli(bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("lacks the required columns");
    expect(refused.stderr).toContain("nothing was written");
    expect(await records().countDocuments()).toBe(10);
  });
});

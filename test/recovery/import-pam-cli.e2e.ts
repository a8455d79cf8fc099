import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const HEADER =
  "N;ID;EUM;TIPO;SUBTIPO;CUENCA;REGION;PROVINCIA;DISTRITO;ESTE;NORTE;ZONA;CÓDIGO DM;NOMBRE DM;TITULAR;GENERADOR;RESPONSABLE;ESTUDIO AMBIENTAL";
/** A fictitious liability in El Tambo (Huancayo, Junín), zone 18. */
const line = (n: number, id: string, este: string | number = 477144): string =>
  `${n};${id};EX UNIDAD DE PRUEBA;RESIDUO MINERO;RELAVE;MANTARO;JUNIN;HUANCAYO;EL TAMBO;${este};8667909;18;;;;DESCONOCIDO;DESCONOCIDO;`;

let mongo: EmbeddedMongo;
let client: MongoClient;
let dir: string;
beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  client = await MongoClient.connect(mongo.uri);
  dir = await mkdtemp(join(tmpdir(), "tinkuy-pam-cli-"));
});
afterAll(async () => {
  await client?.close();
  await mongo?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the import as a child process (stdout not a TTY: plain progress lines); `onStderr` may kill it. */
async function importCli(
  args: string[],
  onStderr?: (text: string, kill: () => void) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "subgraphs/recovery/cli/import-pam.ts", ...args],
    {
      cwd: ROOT,
      env: { ...process.env, MONGODB_URI: mongo.uri, RECOVERY_DB: "import_pam_cli", NODE_ENV: "test" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr?.(stderr, () => child.kill("SIGKILL"));
  });
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout, stderr };
}

const liabilities = () => client.db("import_pam_cli").collection("mining_liabilities");

describe("npm run import:pam", () => {
  it("exits 0 all in, 2 with a report, 1 on a file it cannot read; a dry run writes nothing", async () => {
    const good = join(dir, "anexo.csv");
    await writeFile(good, [HEADER, line(1, "PAM-E-1"), line(2, "PAM-E-2")].join("\n") + "\n");
    const mixed = join(dir, "mixto.csv");
    await writeFile(
      mixed,
      [HEADER, line(1, "PAM-E-1"), line(2, "PAM-E-2", "x"), line(3, "PAM-E-3")].join("\n"),
    );

    const dry = await importCli([mixed, "--dry-run", "--resolution", "RM 338-2025-MINEM/DM"]);
    expect(dry.code).toBe(2);
    expect(dry.stdout).toContain("dry run (nothing written)");
    expect(await liabilities().countDocuments()).toBe(0);

    const first = await importCli([good, "--resolution", "RM 338-2025-MINEM/DM", "--as-of", "2025-10-15"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/read 2 rows in [\d.]+s: 2 inserted, 0 updated, 0 unchanged, 0 rejected/);
    expect(await liabilities().countDocuments()).toBe(2);

    const second = await importCli([mixed, "--resolution", "RM 338-2025-MINEM/DM", "--as-of", "2025-10-15"]);
    expect(second.code).toBe(2);
    expect(second.stdout).toContain("1 rejected");
    const report = await readFile(join(dir, "mixto.rejected.csv"), "utf8");
    expect(report.startsWith("\uFEFFline;ID;field;reason\n")).toBe(true);
    expect(report).toContain("3;PAM-E-2;ESTE;");

    const bad = join(dir, "otro.csv");
    await writeFile(bad, "A;B\n1;2\n");
    const refused = await importCli([bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/lacks the required columns N, ID/);
  });

  it("converges when killed with SIGKILL part-way and run again", async () => {
    await liabilities().deleteMany({});
    const rows = Array.from({ length: 3000 }, (_, i) => line(i + 1, `PAM-K-${i + 1}`));
    const big = join(dir, "grande.csv");
    await writeFile(big, [HEADER, ...rows].join("\n") + "\n");
    const killed = await importCli([big, "--as-of", "2025-10-15"], (text, kill) => {
      if (text.includes("rows read")) kill();
    });
    expect(killed.signal).toBe("SIGKILL");
    const partial = await liabilities().countDocuments();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(3000);
    const rerun = await importCli([big, "--as-of", "2025-10-15"]);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`${3000 - partial} inserted, 0 updated, ${partial} unchanged, 0 rejected`);
    expect(await liabilities().countDocuments()).toBe(3000);
    const stats = await client
      .db("import_pam_cli")
      .collection("region_stats")
      .findOne({ _id: "120114" as never });
    expect(stats?.liabilities).toEqual({ UNKNOWN: 3000 });
  });
});

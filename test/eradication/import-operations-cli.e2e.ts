import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { useImportCommand } from "../support/import-cli.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TEMPLATES = join(ROOT, "docs/templates");

const command = useImportCommand("subgraphs/eradication/cli/import-operations.ts");
/** Runs `npm run import:operations -- …args` as a child process, into database `db`. */
const importCli = (db: string, args: string[]) => command.run(args, { ERADICATION_DB: db });

const operations = (db: string) => command.client().db(db).collection("enforcement_operations");

describe("npm run import:operations", () => {
  it("loads the published example in CSV and in XLSX alike, exits 0, and a rerun changes nothing", async () => {
    const csv = join(command.dir(), "operaciones.csv");
    await copyFile(join(TEMPLATES, "operaciones-ejemplo.csv"), csv);
    const dry = await importCli("ops_csv", [csv, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("dry run (nothing written)");
    expect(await operations("ops_csv").countDocuments()).toBe(0);

    const first = await importCli("ops_csv", [csv]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /read 7 rows in [\d.]+s: 4 operations, 4 inserted, 0 updated, 0 unchanged, 0 rejected/,
    );
    expect(first.stdout).toMatch(/^audit: import-[0-9a-f-]{36}$/m);
    expect(await operations("ops_csv").countDocuments()).toBe(4);

    const again = await importCli("ops_csv", [csv]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("4 operations, 0 inserted, 0 updated, 4 unchanged, 0 rejected");
    expect(await operations("ops_csv").countDocuments()).toBe(4);

    const xlsx = join(command.dir(), "operaciones.xlsx");
    await copyFile(join(TEMPLATES, "operaciones-ejemplo.xlsx"), xlsx);
    const fromXlsx = await importCli("ops_xlsx", [xlsx]);
    expect(fromXlsx.code).toBe(0);
    const project = {
      projection: { _id: 0, id: 0, provenance: 0, createdAt: 0, updatedAt: 0, recordedAt: 0, recordedBy: 0 },
    };
    const byDate = { date: 1 } as const;
    const strip = (docs: Record<string, unknown>[]) =>
      docs.map(({ idempotencyKey: _k, sourceRef: _s, ...rest }) => rest);
    expect(strip(await operations("ops_xlsx").find({}, project).sort(byDate).toArray())).toEqual(
      strip(await operations("ops_csv").find({}, project).sort(byDate).toArray()),
    );
  });

  it("exits 2 with the refused rows in a report, 1 on a file without the template's columns", async () => {
    const template = await readFile(join(TEMPLATES, "operaciones-ejemplo.csv"), "utf8");
    const [header = ""] = template.split("\n");
    const bad = `EJEMPLO-2025-009;31/02/2025;;PNP;Patrullaje;DL 1100;211002;;;;;;;;;;;0;;;Informe semanal de ejemplo;`;
    const mixed = join(command.dir(), "mixto.csv");
    await writeFile(mixed, `${template.trimEnd()}\n${bad}\n`);
    const some = await importCli("ops_mixed", [mixed]);
    expect(some.code).toBe(2);
    expect(some.stdout).toContain("4 inserted");
    expect(some.stdout).toContain("1 rejected");
    expect(some.stdout).toContain(`report: ${join(command.dir(), "mixto.rejected.csv")}`);
    expect(await readFile(join(command.dir(), "mixto.rejected.csv"), "utf8")).toMatch(
      /^9;EJEMPLO-2025-009;FECHA;/m,
    );
    expect(await operations("ops_mixed").countDocuments()).toBe(4);

    const noColumns = join(command.dir(), "sin-columnas.csv");
    await writeFile(noColumns, `${header.replace("FECHA;", "")}\nx\n`);
    const refused = await importCli("ops_refused", [noColumns]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("FECHA");
    expect(refused.stderr).toContain("nothing was written");
    expect(await operations("ops_refused").countDocuments()).toBe(0);

    const wrongKind = await importCli("ops_refused", [mixed, "--kind", "arrests"]);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toContain('--kind must be operations or claims, got "arrests"');
  });

  it("loads the published claims example with --kind claims", async () => {
    const claims = join(command.dir(), "declaraciones.csv");
    await copyFile(join(TEMPLATES, "declaraciones-ejemplo.csv"), claims);
    const run = await importCli("ops_claims", [claims, "--kind", "claims"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("2 claims, 2 inserted");
    expect(await command.client().db("ops_claims").collection("reported_figures").countDocuments()).toBe(2);
    expect(await operations("ops_claims").countDocuments()).toBe(0);
  });
});

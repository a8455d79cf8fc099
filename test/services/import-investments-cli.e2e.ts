import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useImportCommand } from "../support/import-cli.ts";

const FIXTURES = "test/fixtures/invierte";

const command = useImportCommand("subgraphs/services/cli/import-investments.ts");
/** Runs `npm run import:investments -- …args` as a child process, into database `db`. */
const importCli = (db: string, args: string[]) => command.run(args, { SERVICES_DB: db });

const projects = (db: string) => command.client().db(db).collection("investment_projects");

describe("npm run import:investments", () => {
  it("loads MEF's active investments file as published, exits 0, and a rerun changes nothing", async () => {
    const file = join(command.dir(), "DETALLE_INVERSIONES.csv");
    await copyFile(join(FIXTURES, "DETALLE_INVERSIONES.csv"), file);
    const dry = await importCli("inv_csv", [file, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("dry run (nothing written)");
    expect(await projects("inv_csv").countDocuments()).toBe(0);

    const first = await importCli("inv_csv", [file]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /read 5 rows in [\d.]+s: 5 inserted, 0 updated, 0 unchanged, 0 rejected, 0 repeated rows/,
    );
    expect(first.stdout).toMatch(/^dataset: DETALLE_INVERSIONES\.csv sha256:[0-9a-f]{64}$/m);
    expect(first.stdout).toContain("as of: 2025-05-30 (the latest day the file records)");
    expect(first.stdout).toContain("not attributable to one year: S/ 3000000.00 accrued by 1 investments");
    expect(first.stdout).toMatch(/^audit: import-[0-9a-f-]{36}$/m);
    expect(await projects("inv_csv").countDocuments()).toBe(5);
    const stats = await command.client().db("inv_csv").collection("investment_stats").find().toArray();
    expect(stats.length).toBeGreaterThan(0);

    const again = await importCli("inv_csv", [file]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("0 inserted, 0 updated, 5 unchanged, 0 rejected");
    expect(await command.client().db("inv_csv").collection("investment_stats").find().toArray()).toEqual(
      stats,
    );
    const audit = await command.client().db("inv_csv").collection("audit").find({}).toArray();
    expect(audit.map((entry) => entry.operation)).toEqual(["importInvestments", "importInvestments"]);
  });

  it("exits 2 with the refused rows in a report, 1 on a file without the layout's columns", async () => {
    const published = await readFile(join(FIXTURES, "CIERRE_INVERSIONES.csv"), "utf8");
    const [header = "", firstRow = ""] = published.replace(/^\uFEFF/, "").split("\r\n");
    const bad = firstRow.replace('"9100007"', '"9100099"').replace('"170102"', '"170199"');
    const mixed = join(command.dir(), "cierre.csv");
    await writeFile(mixed, `${published.trimEnd()}\r\n${bad}\r\n`);
    const some = await importCli("inv_mixed", [mixed, "--as-of", "2025-01-15"]);
    expect(some.code).toBe(2);
    expect(some.stdout).toContain("2 inserted, 0 updated, 0 unchanged, 1 rejected");
    expect(some.stdout).toContain("as of: 2025-01-15 (--as-of)");
    expect(some.stdout).toContain(`report: ${join(command.dir(), "cierre.rejected.csv")}`);
    expect(await readFile(join(command.dir(), "cierre.rejected.csv"), "utf8")).toMatch(
      /^4,9100099,UBIGEO,unknown district UBIGEO 170199$/m,
    );
    expect(await projects("inv_mixed").countDocuments()).toBe(2);

    const noColumns = join(command.dir(), "sin-columnas.csv");
    await writeFile(noColumns, `${header.replace('"FUNCION",', "")}\r\n"x"\r\n`);
    const refused = await importCli("inv_refused", [noColumns]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("the header lacks the required column FUNCION");
    expect(refused.stderr).toContain("nothing was written");
    expect(await projects("inv_refused").countDocuments()).toBe(0);
  });
});

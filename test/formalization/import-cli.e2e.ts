import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useImportCommand } from "../support/import-cli.ts";

const FIXTURES = new URL("../fixtures/reinfo/", import.meta.url);

const command = useImportCommand("subgraphs/formalization/cli/import-reinfo.ts");
/** Runs the command with `args`, stdout not a TTY (plain progress lines). */
const importCli = (...args: string[]) => command.run(args, { FORMALIZATION_DB: "import_cli" });

const records = () => command.client().db("import_cli").collection("reinfo_records");

describe("npm run import:reinfo", () => {
  it("exits 0 when every row loads, 2 with a report when some are rejected, 1 on a bad file, and writes nothing in a dry run", async () => {
    const good = join(command.dir(), "extracto.csv");
    await copyFile(new URL("extract-semicolon-bom.csv", FIXTURES), good);
    const mixed = join(command.dir(), "mixto.csv");
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
    expect(second.stdout).toContain(`report: ${join(command.dir(), "mixto.rejected.csv")}`);
    const report = await readFile(join(command.dir(), "mixto.rejected.csv"), "utf8");
    expect(report.startsWith("\uFEFFline,COD_REINFO,field,reason\n")).toBe(true);
    expect(report.trimEnd().split("\n")).toHaveLength(10);

    const audit = await command.client().db("import_cli").collection("audit").find({}).toArray();
    expect(audit.map((entry) => entry.outcome)).toEqual(["OK", "ROWS_REJECTED"]);

    const bad = join(command.dir(), "sin-estado.csv");
    await writeFile(bad, "COD_REINFO;M_RUC\nREINFO-1;10425678138\n");
    const refused = await importCli(bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("lacks the required columns");
    expect(refused.stderr).toContain("nothing was written");
    expect(await records().countDocuments()).toBe(10);
  });
});

import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useImportCommand } from "../support/import-cli.ts";
import { activity, REPORTER, render } from "./import-iati-fixtures.ts";

const DB = "import_iati_cli";

const command = useImportCommand("subgraphs/livelihoods/cli/import-iati.ts");
/** Runs the command with `args`, stdout not a TTY (plain progress lines). */
const importCli = (...args: string[]) => command.run(args, { LIVELIHOODS_DB: DB });

const projects = () => command.client().db(DB).collection("projects");

describe("npm run import:iati", () => {
  it("exits 1 on a file the schema refuses, 2 with a report when activities are refused, 0 when all load; a dry run writes nothing", async () => {
    const invalid = join(command.dir(), "invalido.xml");
    await writeFile(
      invalid,
      render([activity("P-001")])
        .replace("<title>", "<titulo>")
        .replace("</title>", "</titulo>"),
    );
    const refused = await importCli(invalid);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not a valid IATI 2\.03 activity file[\s\S]*line \d+: Element 'titulo'/);
    expect(await projects().countDocuments()).toBe(0);

    const mixed = join(command.dir(), "mixto.xml");
    await writeFile(
      mixed,
      render([activity("P-001"), activity("P-002"), activity("P-003")], {
        1: (x) => x.replace('percentage="40"', 'percentage="45"'),
        2: (x) => x.replace('<recipient-country code="PE"', '<recipient-country code="EC"'),
      }),
    );
    const dry = await importCli(mixed, "--dry-run");
    expect(dry.code).toBe(2);
    expect(dry.stdout).toContain("dry run (nothing written)");
    expect(await projects().countDocuments()).toBe(0);

    const some = await importCli(mixed);
    expect(some.code).toBe(2);
    expect(some.stdout).toMatch(
      /read 3 activities in [\d.]+s: 1 inserted, 0 updated, 0 unchanged, 1 rejected, 1 skipped/,
    );
    const report = await readFile(join(command.dir(), "mixto.rejected.csv"), "utf8");
    expect(report.startsWith("\uFEFFline,iati-identifier,field,reason\n")).toBe(true);
    expect(report).toContain(`${REPORTER}-P-002,sector,sector percentages must add up to 100`);
    expect(report).toContain(`${REPORTER}-P-003,recipient-country,"recipient country EC, not Peru: skipped"`);

    const good = join(command.dir(), "bueno.xml");
    await writeFile(good, render([activity("P-001"), activity("P-002")]));
    // P-001 again, from another file: its provenance now names this file, so it is updated.
    const all = await importCli(good);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/1 inserted, 1 updated, 0 unchanged, 0 rejected, 0 skipped/);
    expect(await projects().countDocuments()).toBe(2);
    expect(
      await command.client().db(DB).collection("audit").countDocuments({ operation: "importIati" }),
    ).toBe(2);
  });
});

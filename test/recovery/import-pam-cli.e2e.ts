import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useImportCommand } from "../support/import-cli.ts";

const HEADER =
  "N;ID;EUM;TIPO;SUBTIPO;CUENCA;REGION;PROVINCIA;DISTRITO;ESTE;NORTE;ZONA;CÓDIGO DM;NOMBRE DM;TITULAR;GENERADOR;RESPONSABLE;ESTUDIO AMBIENTAL";
/** A fictitious liability in El Tambo (Huancayo, Junín), zone 18. */
const line = (n: number, id: string, este: string | number = 477144): string =>
  `${n};${id};EX UNIDAD DE PRUEBA;RESIDUO MINERO;RELAVE;MANTARO;JUNIN;HUANCAYO;EL TAMBO;${este};8667909;18;;;;DESCONOCIDO;DESCONOCIDO;`;

const command = useImportCommand("subgraphs/recovery/cli/import-pam.ts");
/** Runs the command with `args`, stdout not a TTY (plain progress lines); `onStderr` may kill it. */
const importCli = (args: string[], onStderr?: (text: string, kill: () => void) => void) =>
  command.run(args, { RECOVERY_DB: "import_pam_cli" }, onStderr);

const liabilities = () => command.client().db("import_pam_cli").collection("mining_liabilities");

describe("npm run import:pam", () => {
  it("exits 0 all in, 2 with a report, 1 on a file it cannot read; a dry run writes nothing", async () => {
    const good = join(command.dir(), "anexo.csv");
    await writeFile(good, [HEADER, line(1, "PAM-E-1"), line(2, "PAM-E-2")].join("\n") + "\n");
    const mixed = join(command.dir(), "mixto.csv");
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
    const report = await readFile(join(command.dir(), "mixto.rejected.csv"), "utf8");
    expect(report.startsWith("\uFEFFline;ID;field;reason\n")).toBe(true);
    expect(report).toContain("3;PAM-E-2;ESTE;");

    const bad = join(command.dir(), "otro.csv");
    await writeFile(bad, "A;B\n1;2\n");
    const refused = await importCli([bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/lacks the required columns N, ID/);
  });

  it("converges when killed with SIGKILL part-way and run again", async () => {
    await liabilities().deleteMany({});
    const rows = Array.from({ length: 3000 }, (_, i) => line(i + 1, `PAM-K-${i + 1}`));
    const big = join(command.dir(), "grande.csv");
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
    const stats = await command
      .client()
      .db("import_pam_cli")
      .collection("region_stats")
      .findOne({ _id: "120114" as never });
    expect(stats?.liabilities).toEqual({ UNKNOWN: 3000 });
  });
});

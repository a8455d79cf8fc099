import { describe, expect, it } from "vitest";
import { NOT_OUR_CLIS, OTHER_CLIS, packageScripts, runCliFile, scriptFile, STACK_LINE } from "./clis.ts";

/**
 * Every command-line program keeps the same conventions (packages/kit/src/cli.ts): `--help` prints the usage
 * on stdout and exits 0; an unknown option prints the usage on stderr and exits 2; a failure is one line on
 * stderr and exit 1, with no stack trace unless DEBUG is set. The programs are read from package.json, so a new
 * npm script is held to this without editing the test.
 */
const scripts = packageScripts();
const clis = [
  ...Object.entries(scripts)
    .filter(([name]) => !(name in NOT_OUR_CLIS))
    .map(([name, command]) => ({ name: `npm run ${name}`, file: scriptFile(command) })),
  ...OTHER_CLIS.map((file) => ({ name: `npx tsx ${file}`, file })),
];

describe("the command-line programs", () => {
  it("are each a tsx script, or listed with the reason they are not ours", () => {
    expect(clis.filter((cli) => cli.file === undefined).map((cli) => cli.name)).toEqual([]);
    expect(Object.keys(NOT_OUR_CLIS).filter((name) => !(name in scripts))).toEqual([]);
  });

  it.each(clis)("$name --help prints its usage on stdout and exits 0", async ({ file }) => {
    const outcome = await runCliFile(file ?? "", ["--help"]);
    expect(outcome).toMatchObject({ code: 0, stderr: "" });
    expect(outcome.stdout).toMatch(/^usage: /);
  });

  it.each(clis)("$name --bogus prints the usage on stderr and exits 2", async ({ file }) => {
    const outcome = await runCliFile(file ?? "", ["--bogus"]);
    expect(outcome).toMatchObject({ code: 2, stdout: "" });
    expect(outcome.stderr).toContain("'--bogus'");
    expect(outcome.stderr).toMatch(/^usage: /m);
    expect(outcome.stderr).not.toMatch(STACK_LINE);
  });

  it("reports a failure in one line with exit 1, and its stack only when DEBUG is set", async () => {
    const missing = ["/nonexistent/ubigeo_inei_2025.csv"];
    const plain = await runCliFile("scripts/build-ubigeo-catalog.ts", missing, { DEBUG: "" });
    expect(plain).toMatchObject({
      code: 1,
      stdout: "",
      stderr:
        "build-ubigeo-catalog: ENOENT: no such file or directory, open '/nonexistent/ubigeo_inei_2025.csv'\n",
    });
    const debug = await runCliFile("scripts/build-ubigeo-catalog.ts", missing, { DEBUG: "1" });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(STACK_LINE);

    const token = await runCliFile("scripts/token.ts", ["--role", "ADMIN", "--ttl", "soon"], { DEBUG: "" });
    expect(token.code).toBe(1);
    expect(token.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("refuses a value it cannot use with the usage and exit 2", async () => {
    const outcome = await runCliFile("scripts/token.ts", ["--role", "KING"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^--role: /);
    expect(outcome.stderr).toMatch(/^usage: npm run -s token/m);
  });
});

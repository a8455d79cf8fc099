import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository root, where every command runs. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * package.json scripts that are not our command-line programs, and why. Every other script must be
 * `tsx <file>` and keep the CLI conventions (test/scripts/cli.e2e.ts), so a new one is covered without a word.
 */
export const NOT_OUR_CLIS: Readonly<Record<string, string>> = {
  start:
    "the launcher: it runs the whole hub until stopped; scripts/start.ts takes its settings from the environment",
  test: "a chain of npm scripts (type-check, lint, format check, vitest), each another tool's own CLI",
  typecheck: "runs tsc, TypeScript's CLI",
  lint: "runs eslint, ESLint's CLI",
  format: "runs prettier, Prettier's CLI",
  "format:check": "runs prettier, Prettier's CLI",
  "codegen:client": "runs graphql-codegen, graphql-codegen's CLI, on the example's configuration",
  "example:client":
    "the typed-client example: a demonstration configured by environment variables (GATEWAY_URL, TOKEN, UBIGEO, RUC, FROM, TO), run against a hub by test/docs/docs.e2e.ts",
};

/** Our command-line programs that are not npm scripts, run as the docs show them (`npx tsx <file>`). */
export const OTHER_CLIS: readonly string[] = [
  "scripts/build-ubigeo-catalog.ts",
  "scripts/screenshot-dashboard.ts",
  // The embedded server's own command (`npx embedded-mongo`, the package's bin).
  "packages/embedded-mongo/src/cli.ts",
];

/** The root package.json's scripts, by name. */
export function packageScripts(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(new URL("package.json", `file://${ROOT}`), "utf8")) as {
    scripts: Record<string, string>;
  };
  return pkg.scripts;
}

/** The TypeScript file an npm script runs with tsx (`tsx scripts/token.ts` → `scripts/token.ts`), if it is one. */
export function scriptFile(command: string): string | undefined {
  return /^tsx (\S+\.ts)$/.exec(command)?.[1];
}

/** What a finished command wrote and how it exited. */
export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript CLI as npm runs it (`node --import tsx <file> …args`, which is what `tsx <file>` does) from
 * the repository root, with `env` added to this process's environment.
 */
export function runCliFile(file: string, args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return runCommand(process.execPath, ["--import", "tsx", file, ...args], env);
}

/** Runs `command` from the repository root, with `env` added to this process's environment, to its end. */
export async function runCommand(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Outcome> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

/** A line of a Node stack trace (`    at fn (file:line:col)`). */
export const STACK_LINE = /^\s+at .+[:)]/m;

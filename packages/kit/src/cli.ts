import { basename, extname, relative } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";

/** node:util's option table (`{ name: { type: "string", default: "1" } }`), which @types/node does not export. */
type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/**
 * What a command line accepts. `usage` is the whole help text: its first line `usage: npm run <name> -- …`,
 * then a line per option. `--help`/`-h` is added to `options`; do not declare it.
 */
export interface CliSpec<O extends OptionsConfig, P extends boolean> {
  usage: string;
  options?: O;
  /** Whether the command takes arguments besides options (files, names); refused when false. */
  allowPositionals?: P;
  /** The arguments to parse; `process.argv.slice(2)` by default. */
  args?: string[];
}

/** A parsed command line: node:util's `values` and `positionals`, typed from the spec, and a way to refuse it. */
export type ParsedCli<O extends OptionsConfig, P extends boolean> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: P; strict: true }>
> & {
  /**
   * Prints `message` and the usage on stderr and exits 2: for a value the parser took but the command cannot.
   * It returns `never`, so `const file = ok ? value : cli.usageError("…")` narrows; TypeScript does not
   * narrow after a bare `cli.usageError()` statement on an inferred `cli`.
   */
  usageError(message: string): never;
};

/** Exit status of a command line that was not understood (as `grep`, `diff` and the shells use it). */
export const USAGE_EXIT_CODE = 2;

/**
 * Parses the command line with node:util's `parseArgs` (strict) and answers the conventions every Tinkuy CLI
 * keeps: `--help` or `-h` prints `usage` on stdout and exits 0; an unknown option, a missing value or an
 * unexpected argument prints the parser's message and `usage` on stderr and exits 2. Call it first, before
 * reading the environment or opening a connection, so that `--help` works anywhere.
 *
 * ```ts
 * const cli = parseCli({
 *   usage: "usage: npm run seed -- [--scale 0.1|1|10] [--seed N]\n  --scale S   …",
 *   options: { scale: { type: "string", default: "1" }, seed: { type: "string" } },
 * });
 * const scale = Number(cli.values.scale);
 * if (!(scale > 0 && scale <= 10)) cli.usageError(`--scale must be in (0, 10], got ${cli.values.scale}`);
 * await runCli(async () => { … });
 * ```
 */
export function parseCli<
  const O extends OptionsConfig = Record<never, never>,
  const P extends boolean = false,
>(spec: CliSpec<O, P>): ParsedCli<O, P> {
  const usage = spec.usage.endsWith("\n") ? spec.usage : `${spec.usage}\n`;
  const usageError = (message: string): never => {
    process.stderr.write(`${message}\n${usage}`);
    process.exit(USAGE_EXIT_CODE);
  };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: spec.args ?? process.argv.slice(2),
      options: { ...spec.options, help: { type: "boolean", short: "h" } },
      allowPositionals: spec.allowPositionals ?? false,
      strict: true,
    });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values["help"] === true) {
    process.stdout.write(usage);
    process.exit(0);
  }
  delete parsed.values["help"];
  return { ...parsed, usageError } as ParsedCli<O, P>;
}

/**
 * Runs a command's work and turns its outcome into an exit status: the number `main` returns (0 when it returns
 * nothing), or, when it throws, one line on stderr (`<command>: <message>`) and status 1. The stack trace is
 * printed only when `DEBUG` is set: a failed command is a message for its user, not a bug report.
 */
export async function runCli(main: () => Promise<number | void>): Promise<void> {
  try {
    const code = await main();
    process.exitCode = code ?? 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const [first = "", ...rest] = message.trim().split("\n");
    // DEBUG (like npm's variables below) is about this process's own error output, not configuration, so it is
    // read here rather than in an env.ts: a command reports its failure even when its env.ts failed.
    const debug = Boolean(process.env["DEBUG"]);
    const more = rest.length > 0 && !debug ? " (set DEBUG=1 for the details)" : "";
    process.stderr.write(`${commandName()}: ${first}${more}\n`);
    if (debug) {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? message) : message}\n`);
    }
    process.exit(1);
  }
}

/**
 * The command's name, which starts every error line: the npm script that ran it (`export:iati`), or the
 * script's file name (`build-ubigeo-catalog`) when it was run otherwise. npm's variables are inherited by every
 * descendant, so the script's name is used only when that npm script is this very file.
 */
function commandName(): string {
  const file = process.argv[1] ?? "tinkuy";
  const event = process.env["npm_lifecycle_event"];
  const command = process.env["npm_lifecycle_script"] ?? "";
  if (event && command.includes(relative(process.cwd(), file))) return event;
  return basename(file, extname(file));
}

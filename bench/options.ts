import { parseCli } from "@tinkuy/kit";

/** Every process the bench can measure; `--only` picks some. */
export const TARGET_NAMES = ["ours", "ours-cached", "hive", "direct", "floor"] as const;

/** One of the bench's targets. */
export type TargetName = (typeof TARGET_NAMES)[number];

/** How one `npm run bench` runs, from its command line. */
export interface BenchOptions {
  /** Seconds each measurement lasts, in total over its rounds. */
  duration: number;
  /**
   * Each scenario's targets are measured in this many rounds of `duration / rounds` seconds, in alternating
   * order (A B, B A, A B …), and the rounds are merged: no target always runs first after the warm-up, and a
   * slow minute on the shared machine falls on every target.
   */
  rounds: number;
  /** Seconds each target warms up on each scenario before anything is measured. */
  warmup: number;
  /** Concurrent connections autocannon keeps open. */
  connections: number;
  /** The first scale is the main run; any other runs the region view against our gateway again. */
  scales: number[];
  /** The targets to start and measure. */
  only: TargetName[];
  quick: boolean;
  /** Where every child process writes its V8 CPU profile on exit (`node --cpu-prof`); none when undefined. */
  cpuProf: string | undefined;
}

const USAGE = `usage: npm run bench -- [--quick] [--duration S] [--rounds N] [--connections N] [--scales 1,10] [--only T,…] [--cpu-prof DIR]
  --duration S      seconds per measurement, over all its rounds (default 10)
  --rounds N        rounds per measurement, targets in alternating order (default 3; 1 with --quick)
  --connections N   concurrent connections (default 10)
  --scales A,B      data scales: the first is the main run, later ones rerun the region view (default 1,10)
  --quick           2 s runs at scale 0.1 with no second scale: for trying the harness
  --only T,…        targets among ${TARGET_NAMES.join(", ")}
  --cpu-prof DIR    every child (gateways, subgraphs, database) writes CPU profiles into DIR/<child>/ on
                    exit (the largest is its main thread); summarise one with
                    npx tsx bench/profile-summary.ts DIR/<child>/<file>.cpuprofile
`;

/** Parses the command line; prints the usage and exits on `--help` (0) and on anything it does not understand (2). */
export function benchOptions(argv: string[] = process.argv.slice(2)): BenchOptions {
  const cli = parseCli({
    usage: USAGE,
    args: argv,
    options: {
      duration: { type: "string" },
      rounds: { type: "string" },
      connections: { type: "string" },
      scales: { type: "string" },
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      "cpu-prof": { type: "string" },
    },
  });
  const { values } = cli;
  const positive = (name: string, value: string): number => {
    const n = Number(value);
    return n > 0 && Number.isFinite(n)
      ? n
      : cli.usageError(`--${name} must be a positive number, got ${value}`);
  };
  const quick = values.quick;
  const duration = positive("duration", values.duration ?? (quick ? "2" : "10"));
  const connections = Math.round(positive("connections", values.connections ?? "10"));
  const rounds = Math.round(positive("rounds", values.rounds ?? (quick ? "1" : "3")));
  const scales = (values.scales ?? (quick ? "0.1" : "1,10")).split(",").map((s) => positive("scales", s));
  if (scales.some((s) => s > 10)) cli.usageError("--scales: the seed goes up to scale 10");
  const only = (values.only?.split(",") ?? [...TARGET_NAMES]).map((name) =>
    (TARGET_NAMES as readonly string[]).includes(name)
      ? (name as TargetName)
      : cli.usageError(`--only: unknown target ${name}`),
  );
  return {
    duration,
    rounds,
    warmup: quick ? 1 : 3,
    connections,
    scales,
    only,
    quick,
    cpuProf: values["cpu-prof"],
  };
}

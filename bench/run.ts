/**
 * `npm run bench`: the hub against its peers, side by side (issue 6). Starts the backend (the embedded database
 * seeded at the first `--scales` value, the four subgraphs as their own processes), our gateway with its response
 * cache off and on, Hive Gateway over the same subgraphs, the formalization subgraph directly and a floor serving
 * fixed bytes; warms every target up on every scenario it applies to, then loads each with autocannon, scenario by
 * scenario, so that the ratios compare runs made moments apart. Then it restarts the backend at each further
 * scale and measures the region view through our gateway again. Prints one table, the CPU each process used and
 * the ratios against the issue's targets, and writes them to `bench/results/`. It asserts nothing.
 */
import { mkdirSync } from "node:fs";
import { runCli, type Viewer } from "@tinkuy/kit";
import { killAll, probeMemory, profileChildrenInto, stopAll, type ProbedMemory } from "./children.ts";
import type { Watched } from "./cpu.ts";
import { bearerTokens, signedViewers } from "./credentials.ts";
import { readFixtures } from "./fixtures.ts";
import { direct, floor, hive, ours, oursCached, probe, type Target } from "./lineup.ts";
import { mergeLoads, runLoad } from "./load.ts";
import { benchOptions, type BenchOptions, type TargetName } from "./options.ts";
import {
  cpuTable,
  machine,
  ratios,
  ratiosTable,
  resultsTable,
  writeResults,
  type Memory,
  type Row,
} from "./report.ts";
import { buildScenarios, type Scenario } from "./scenarios.ts";
import { startBackend, type Backend } from "./targets.ts";

const say = (line = "") => process.stdout.write(`${line}\n`);
const notes: string[] = [];
const note = (line: string) => {
  notes.push(line);
  say(`  note: ${line}`);
};

function watchList(backend: Backend, target: Target): Watched[] {
  return [
    { name: "database", pid: backend.database.pid },
    ...backend.subgraphs.map((s) => ({ name: s.name, pid: s.pid })),
    ...(target.child ? [{ name: "target", pid: target.child.pid }] : []),
    { name: "bench", pid: 0 },
  ];
}

async function measure(
  options: BenchOptions,
  backend: Backend,
  target: Target,
  scenario: Scenario,
  seconds: number,
  scale: number,
): Promise<Row> {
  const headers = target.credentials.headers(scenario.viewer);
  const result = await runLoad({
    url: target.url(scenario),
    connections: options.connections,
    seconds,
    headers: target.name === "direct" ? () => target.credentials.headers(scenario.viewer) : () => headers,
    nextBody: scenario.nextBody,
    watch: watchList(backend, target),
  });
  return {
    target: target.name,
    label: target.label,
    scenario: scenario.id,
    scenarioName: scenario.name,
    scale,
    ...result,
  };
}

function printRow(row: Row): void {
  const cpu = Object.entries(row.cpu)
    .map(([name, percent]) => `${name} ${Math.round(percent)}%`)
    .join(", ");
  say(
    `  ${row.label.padEnd(17)} ${`${row.scenario} ${row.scenarioName}`.padEnd(16)} ` +
      `${row.requestsPerSecond.toFixed(1).padStart(8)} req/s  p50 ${row.p50.toFixed(2)} ms  ` +
      `p99 ${row.p99.toFixed(2)} ms  errors ${row.errors}   cpu: ${cpu}`,
  );
  if (row.firstError) note(`${row.label}, ${row.scenarioName}: first error ${row.firstError}`);
}

/** The gateways whose memory is probed after warm-up and after the run. */
const PROBED = new Set<TargetName>(["ours", "ours-cached", "hive"]);

async function mainRun(options: BenchOptions, scale: number, rows: Row[], memory: Memory[]): Promise<void> {
  const wants = (name: TargetName) => options.only.includes(name);
  say(`Starting the backend at scale ${scale}: embedded database, seeding, four subgraph processes …`);
  const backend = await startBackend(scale);
  const fixtures = await readFixtures(backend.uri);
  const { scenarios, writesLeft } = buildScenarios(fixtures);
  say(
    `  ${fixtures.rucs.length} operator RUCs, ${fixtures.departments.length * 4} registry filters, ` +
      `${fixtures.activeCodes.length} ACTIVE records to write`,
  );
  const viewers: Viewer[] = [...new Map(scenarios.map((s) => [s.viewer.id, s.viewer])).values()];
  const bearer = await bearerTokens(viewers);
  const signed = wants("direct") ? await signedViewers(viewers) : undefined;
  try {
    say("Starting the gateways …");
    const targets: Target[] = [];
    if (wants("ours")) targets.push(await ours(bearer));
    if (wants("ours-cached")) targets.push(await oursCached(bearer));
    if (wants("hive")) targets.push(await hive(bearer));
    if (signed) targets.push(direct(signed));
    for (const target of targets) {
      for (const id of target.scenarios) {
        const scenario = scenarios.find((s) => s.id === id) as Scenario;
        const error = await probe(target, scenario);
        if (error) note(`${target.label}, ${scenario.name}: the first request failed: ${error}`);
      }
    }
    const source = targets.find((t) => t.child !== undefined);
    if (wants("floor") && !source) note("the floor needs a gateway to capture its bytes from; skipped");
    if (wants("floor") && source) {
      const { target, bytes } = await floor(source, scenarios);
      const sizes = Object.entries(bytes).map(([path, size]) => `${path} ${size} B`);
      say(`  the floor serves the bytes ${source.label} returned: ${sizes.join(", ")}`);
      targets.push(target);
    }

    say(`Warming up every target on every scenario it applies to (${options.warmup} s each) …`);
    for (const target of targets) {
      for (const id of target.scenarios) {
        const scenario = scenarios.find((s) => s.id === id) as Scenario;
        await measure(options, backend, target, scenario, options.warmup, scale);
      }
    }
    const afterWarmup = new Map<string, ProbedMemory>();
    for (const target of targets)
      if (PROBED.has(target.name) && target.child)
        afterWarmup.set(target.name, await probeMemory(target.child));

    say(
      `Measuring: ${options.duration} s per target in ${options.rounds} rounds, alternating order, ` +
        `${options.connections} connections`,
    );
    for (const id of [1, 2, 3, 4] as const) {
      const scenario = scenarios.find((s) => s.id === id) as Scenario;
      const lineup = targets.filter((t) => t.scenarios.includes(id));
      const parts = new Map<Target, Row[]>(lineup.map((target) => [target, []]));
      for (let round = 0; round < options.rounds; round++) {
        for (const target of round % 2 === 0 ? lineup : [...lineup].reverse()) {
          if (id === 4 && writesLeft() === 0) note("every ACTIVE record has been written: later writes fail");
          const seconds = options.duration / options.rounds;
          parts.get(target)?.push(await measure(options, backend, target, scenario, seconds, scale));
        }
      }
      for (const [target, measured] of parts) {
        const first = measured[0] as Row;
        const row: Row = { ...first, ...mergeLoads(measured), target: target.name, label: target.label };
        rows.push(row);
        printRow(row);
      }
    }
    for (const target of targets) {
      const warm = afterWarmup.get(target.name);
      if (!warm || !target.child) continue;
      const after = await probeMemory(target.child);
      memory.push({
        target: target.name,
        heapAfterWarmupMiB: warm.heapUsedMiB,
        heapAfterRunMiB: after.heapUsedMiB,
        rssAfterWarmupMiB: warm.rssMiB,
        rssAfterRunMiB: after.rssMiB,
      });
    }
    if (writesLeft() < fixtures.activeCodes.length * 0.1)
      note(`only ${writesLeft()} ACTIVE records were left unwritten`);
  } finally {
    signed?.stop();
    await stopAll();
  }
}

async function scaleRun(options: BenchOptions, scale: number, rows: Row[]): Promise<void> {
  say(`Restarting the backend at scale ${scale} for the region view through our gateway (cache off) …`);
  const backend = await startBackend(scale);
  try {
    const fixtures = await readFixtures(backend.uri);
    const region = buildScenarios(fixtures).scenarios.find((s) => s.id === 1) as Scenario;
    const target = await ours(await bearerTokens([region.viewer]));
    const error = await probe(target, region);
    if (error) note(`${target.label}, region view at scale ${scale}: the first request failed: ${error}`);
    await measure(options, backend, target, region, options.warmup, scale);
    const row = await measure(options, backend, target, region, options.duration, scale);
    rows.push(row);
    printRow(row);
  } finally {
    await stopAll();
  }
}

async function main(): Promise<void> {
  const options = benchOptions();
  if (options.cpuProf) {
    mkdirSync(options.cpuProf, { recursive: true });
    profileChildrenInto(options.cpuProf);
  }
  const startedAt = new Date();
  const host = machine();
  say(
    `Tinkuy bench: ${host.cpus} × ${host.cpuModel}, ${host.memoryGiB} GiB, Node ${host.node}; ` +
      `scales ${options.scales.join(", ")}; targets ${options.only.join(", ")}`,
  );
  const rows: Row[] = [];
  const memory: Memory[] = [];
  const [mainScale, ...otherScales] = options.scales as [number, ...number[]];
  await mainRun(options, mainScale, rows, memory);
  if (options.only.includes("ours")) for (const scale of otherScales) await scaleRun(options, scale, rows);

  const list = ratios(rows, memory, mainScale);
  say();
  say(resultsTable(rows));
  say();
  say("CPU during each run, % of one core (the machine has " + host.cpus + "):");
  say(cpuTable(rows));
  say();
  say(ratiosTable(list));
  const path = writeResults({ startedAt, options, rows, memory, ratios: list, notes });
  say();
  say(`Written to ${path} and bench/results/bench-latest.json`);
}

let stopping: Promise<void> | undefined;
/** Stops every child (once, however many signals arrive), then exits with `code`. */
async function exit(code: number): Promise<never> {
  stopping ??= stopAll();
  await stopping;
  process.exit(code);
}
process.on("exit", killAll);
// `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and relayed by tsx), and a second
// SIGINT without a handler would kill it before its children are stopped.
process.on("SIGINT", () => {
  if (stopping === undefined) say("\nInterrupted: stopping every process the bench started …");
  void exit(130);
});
process.on("SIGTERM", () => void exit(143));
await runCli(async () => {
  try {
    await main();
  } finally {
    // Every child is stopped before the outcome is reported. After Ctrl-C, the interrupt handler's exit(130)
    // awaits the same stop and runs first, so the children it killed under a start or a load report nothing.
    stopping ??= stopAll();
    await stopping;
  }
});
await exit(0);

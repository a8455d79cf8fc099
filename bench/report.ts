import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import type { LoadResult } from "./load.ts";
import type { BenchOptions, TargetName } from "./options.ts";
import type { ScenarioId } from "./scenarios.ts";

/** One measured run: a target on a scenario at a data scale. */
export interface Row extends LoadResult {
  target: TargetName;
  label: string;
  scenario: ScenarioId;
  scenarioName: string;
  scale: number;
}

/**
 * A gateway's memory after warm-up and after the run, in MiB: the heap left after two full collections (what
 * the process holds on to) and the resident set (which also counts heap V8 has not given back).
 */
export interface Memory {
  target: TargetName;
  heapAfterWarmupMiB: number;
  heapAfterRunMiB: number;
  rssAfterWarmupMiB: number;
  rssAfterRunMiB: number;
}

/** A ratio of issue 6's targets: its value, the bound and whether it was met (null when not measured). */
export interface Ratio {
  name: string;
  value: number | null;
  bound: string;
  met: boolean | null;
  /** A related figure shown beside it (the cached gateway, Hive); empty when none. */
  beside: string;
}

const fixed = (n: number | null | undefined, digits = 2) =>
  n === null || n === undefined || Number.isNaN(n) ? "n/a" : n.toFixed(digits);

/** The ratios against issue 6's targets, from the rows of one bench run. */
export function ratios(rows: readonly Row[], memory: readonly Memory[], mainScale: number): Ratio[] {
  const find = (target: TargetName, scenario: ScenarioId, scale = mainScale) =>
    rows.find((r) => r.target === target && r.scenario === scenario && r.scale === scale);
  const divide = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || !(b > 0) ? null : a / b;
  const atMost = (value: number | null, bound: number) => (value === null ? null : value <= bound);
  const region = (target: TargetName) => find(target, 1);
  const otherScale = rows.find((r) => r.target === "ours" && r.scenario === 1 && r.scale !== mainScale);
  const ours = memory.find((m) => m.target === "ours");
  const cached = memory.find((m) => m.target === "ours-cached");
  const growth = (m: Memory | undefined) => (m ? divide(m.heapAfterRunMiB, m.heapAfterWarmupMiB) : null);
  const rssGrowth = (m: Memory | undefined) => (m ? divide(m.rssAfterRunMiB, m.rssAfterWarmupMiB) : null);
  const measured = rows.length > 0;
  const errors = rows.reduce((sum, r) => sum + r.errors, 0);
  const throughput = divide(region("ours")?.requestsPerSecond, region("hive")?.requestsPerSecond);
  const hop = divide(find("ours", 3)?.p50, find("direct", 3)?.p50);
  const scaling = divide(otherScale?.p50, region("ours")?.p50);
  const floor = divide(region("ours")?.p50, region("floor")?.p50);
  const memoryGrowth = growth(ours);
  return [
    {
      name: "region view req/s, ours ÷ Hive (cache off)",
      value: throughput,
      bound: "≥ 1.0",
      met: throughput === null ? null : throughput >= 1,
      beside: `cache on: ${fixed(divide(region("ours-cached")?.requestsPerSecond, region("hive")?.requestsPerSecond))}`,
    },
    {
      name: "registry page p50, gateway ÷ direct subgraph",
      value: hop,
      bound: "≤ 1.3",
      met: atMost(hop, 1.3),
      beside: `Hive: ${fixed(divide(find("hive", 3)?.p50, find("direct", 3)?.p50))}`,
    },
    {
      name: `region view p50, scale ${otherScale?.scale ?? "10"} ÷ scale ${mainScale}`,
      value: scaling,
      bound: "≤ 1.3",
      met: atMost(scaling, 1.3),
      beside: "",
    },
    {
      name: "region view p50, ours ÷ floor",
      value: floor,
      bound: "≤ 3",
      met: atMost(floor, 3),
      beside: `cache on: ${fixed(divide(region("ours-cached")?.p50, region("floor")?.p50))}`,
    },
    {
      name: "errors, all runs",
      value: measured ? errors : null,
      bound: "= 0",
      met: measured ? errors === 0 : null,
      beside: "",
    },
    {
      name: "gateway heap after full GC, after run ÷ warm-up",
      value: memoryGrowth,
      bound: "≤ 1.2",
      met: atMost(memoryGrowth, 1.2),
      beside: ours
        ? `${fixed(ours.heapAfterWarmupMiB, 0)} → ${fixed(ours.heapAfterRunMiB, 0)} MiB; cache on: ` +
          `${fixed(growth(cached))}; RSS: ${fixed(rssGrowth(ours))} (${fixed(ours.rssAfterWarmupMiB, 0)} → ` +
          `${fixed(ours.rssAfterRunMiB, 0)} MiB)`
        : "",
    },
  ];
}

function table(header: string[], lines: string[][], rightFrom: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const render = (cells: string[]) =>
    cells.map((c, i) => (i >= rightFrom ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join("  ");
  return [render(header), widths.map((w) => "-".repeat(w)).join("  "), ...lines.map(render)].join("\n");
}

/** The results table: one line per run. */
export function resultsTable(rows: readonly Row[]): string {
  return table(
    ["target", "scenario", "scale", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
    rows.map((r) => [
      r.label,
      `${r.scenario} ${r.scenarioName}`,
      String(r.scale),
      fixed(r.requestsPerSecond, 1),
      fixed(r.p50),
      fixed(r.p95),
      fixed(r.p99),
      String(r.errors),
    ]),
    2,
  );
}

/** Where the CPU went in each run: percent of one core per process (the machine has `cpus().length`). */
export function cpuTable(rows: readonly Row[]): string {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.cpu)))];
  return table(
    ["target", "scenario", ...names],
    rows.map((r) => [r.label, `${r.scenario}`, ...names.map((n) => (n in r.cpu ? fixed(r.cpu[n], 0) : ""))]),
    2,
  );
}

/** The ratios against the targets, met or not. */
export function ratiosTable(list: readonly Ratio[]): string {
  return table(
    ["ratio", "value", "target", "met?", "beside"],
    list.map((r) => [
      r.name,
      r.name.startsWith("errors") ? String(r.value ?? "n/a") : fixed(r.value),
      r.bound,
      r.met === null ? "not measured" : r.met ? "met" : "NOT MET",
      r.beside,
    ]),
    99,
  );
}

/** The machine the run was on. */
export function machine() {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** Writes the run to `bench/results/bench-<ISO date>.json` and `bench/results/bench-latest.json`; returns the first path. */
export function writeResults(report: {
  startedAt: Date;
  options: BenchOptions;
  rows: readonly Row[];
  memory: readonly Memory[];
  ratios: readonly Ratio[];
  notes: readonly string[];
}): string {
  const dir = new URL("./results/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  const rows = report.rows.map(({ latencies, ...row }) => ({ ...row, responses: latencies.length }));
  const json = `${JSON.stringify({ ...report, rows, startedAt: report.startedAt.toISOString(), machine: machine() }, null, 2)}\n`;
  const name = `bench-${report.startedAt.toISOString().replace(/[:.]/g, "-")}.json`;
  writeFileSync(new URL(name, dir), json);
  writeFileSync(new URL("bench-latest.json", dir), json);
  return `bench/results/${name}`;
}

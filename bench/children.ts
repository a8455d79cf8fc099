import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const KEEP_OUTPUT = 20_000;
/** The prefix of bench/memory-probe.ts's lines (not imported: that module throws outside a probed process). */
const PROBE_PREFIX = "memory-probe ";

/** A process the bench started from a TypeScript entry point; every one is killed when the bench exits. */
export interface Child {
  name: string;
  pid: number;
  process: ChildProcess;
  /** The last few kilobytes it printed, for error reports. */
  output(): string;
  /** Every line it printed that starts with `memory-probe ` (see bench/memory-probe.ts). */
  probeLines: string[];
  /** SIGTERM, then SIGKILL if it has not exited after five seconds. */
  stop(): Promise<void>;
}

const running = new Set<Child>();

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

let profileDirectory: string | undefined;

/** Makes every child started from now on write a V8 CPU profile into `directory` when it exits. */
export function profileChildrenInto(directory: string): void {
  profileDirectory = directory;
}

/** How long a child may take to be ready, and whether its standard error is shown as it comes. */
export interface StartOptions {
  timeoutMs?: number;
  showStderr?: boolean;
  /** V8/Node flags before the entry point (`npm start` runs the embedded database with the same ones). */
  nodeFlags?: string[];
  /** Modules imported after tsx and before the entry point (the memory probe). */
  preload?: string[];
}

/**
 * Starts `node --import tsx <entry>` (relative to the repository root) with `env` added to the bench's own,
 * as the service's container starts it, and resolves once `ready` says so; rejects with its output if it exits
 * first or is not ready within `timeoutMs` (a minute unless told).
 */
export async function startChild(
  name: string,
  entry: string,
  env: Record<string, string>,
  ready: (child: Child) => Promise<boolean>,
  { timeoutMs = 60_000, showStderr = false, nodeFlags = [], preload = [] }: StartOptions = {},
): Promise<Child> {
  // One folder per child: a process writes one profile per thread (tsx's loader runs in a worker thread).
  const profile = profileDirectory ? ["--cpu-prof", "--cpu-prof-dir", join(profileDirectory, name)] : [];
  const imports = preload.flatMap((module) => ["--import", module]);
  const proc = spawn(process.execPath, [...profile, ...nodeFlags, "--import", "tsx", ...imports, entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const probeLines: string[] = [];
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-KEEP_OUTPUT);
    for (const line of text.split("\n")) if (line.startsWith(PROBE_PREFIX)) probeLines.push(line);
  };
  proc.stdout.on("data", keep);
  proc.stderr.on("data", keep);
  if (showStderr) proc.stderr.pipe(process.stderr, { end: false });
  const child: Child = {
    name,
    pid: proc.pid ?? -1,
    process: proc,
    output: () => output,
    probeLines,
    async stop() {
      running.delete(child);
      if (exited(proc)) return;
      const done = once(proc, "exit");
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 5_000);
      await done;
      clearTimeout(timer);
    },
  };
  running.add(child);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited(proc)) throw new Error(`${name} exited with ${proc.exitCode ?? proc.signalCode}:\n${output}`);
    if (await ready(child).catch(() => false)) return child;
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`${name} was not ready after ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A gateway's memory as the probe reports it (see bench/memory-probe.ts). */
export interface ProbedMemory {
  heapUsedMiB: number;
  rssMiB: number;
}

/** The options that load the memory probe into a child. */
export const WITH_MEMORY_PROBE: Pick<StartOptions, "nodeFlags" | "preload"> = {
  nodeFlags: ["--expose-gc"],
  preload: ["./bench/memory-probe.ts"],
};

/**
 * Asks a child started `WITH_MEMORY_PROBE` for its memory after two full collections (SIGUSR2), and waits for
 * the answer; NaN figures when it does not answer within ten seconds.
 */
export async function probeMemory(child: Child): Promise<ProbedMemory> {
  const before = child.probeLines.length;
  child.process.kill("SIGUSR2");
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const line = child.probeLines[before];
    if (line) return JSON.parse(line.slice(PROBE_PREFIX.length)) as ProbedMemory;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { heapUsedMiB: Number.NaN, rssMiB: Number.NaN };
}

/** Ready once `url` answers 200. */
export function answers(url: string): () => Promise<boolean> {
  return async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok;
  };
}

/**
 * Stops every child still running, the last started first: the load's targets, then the subgraphs, then the
 * database they hold connections to, so each can close cleanly.
 */
export async function stopAll(): Promise<void> {
  for (const child of [...running].reverse()) await child.stop();
}

/** Kills every child still running, synchronously: the last resort when the bench itself exits. */
export function killAll(): void {
  for (const child of running) if (!exited(child.process)) child.process.kill("SIGKILL");
}

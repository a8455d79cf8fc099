/**
 * Loaded into the bench's gateway processes (`node --expose-gc --import tsx --import ./bench/memory-probe.ts`):
 * on SIGUSR2 it runs two full garbage collections and prints one line,
 * `memory-probe {"heapUsedMiB":…,"rssMiB":…}`, to standard error. The heap left after a full collection is the
 * memory the process holds on to (what a leak grows); RSS also counts heap V8 has not yet given back.
 * Nothing in the product loads it.
 */
import { writeSync } from "node:fs";

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error("bench/memory-probe.ts needs node --expose-gc");

/** The prefix of the line the probe prints (bench/children.ts looks for it). */
const PROBE_LINE = "memory-probe ";

process.on("SIGUSR2", () => {
  collect();
  collect();
  const usage = process.memoryUsage();
  const line = { heapUsedMiB: usage.heapUsed / 2 ** 20, rssMiB: usage.rss / 2 ** 20 };
  writeSync(2, `${PROBE_LINE}${JSON.stringify(line)}\n`);
});

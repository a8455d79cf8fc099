import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** A process to watch, by name. `pid` 0 is the bench itself. */
export interface Watched {
  name: string;
  pid: number;
}

/** CPU seconds (user + system) each watched process has used so far; NaN where it cannot be read. */
export function cpuSeconds(watched: readonly Watched[]): number[] {
  return watched.map(({ pid }) => {
    if (pid === 0) {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1e6;
    }
    try {
      // Fields 14 and 15 of /proc/<pid>/stat, counted after the parenthesised command name.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      return Number.NaN;
    }
  });
}

/**
 * CPU seconds the whole machine has been busy so far (every core, from the first line of /proc/stat: all time
 * but idle and iowait), so a run can show how much went to processes the bench did not start.
 */
export function machineBusySeconds(): number {
  try {
    const fields =
      readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const total = fields.slice(0, 8).reduce((sum, n) => sum + n, 0);
    return (total - (fields[3] ?? 0) - (fields[4] ?? 0)) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

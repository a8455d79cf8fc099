import autocannon from "autocannon";
import { cpuSeconds, machineBusySeconds, type Watched } from "./cpu.ts";

/** What one load run sends: where, how many connections for how long, and each request's headers and body. */
export interface LoadPlan {
  url: string;
  connections: number;
  seconds: number;
  headers: () => Record<string, string>;
  nextBody: () => string;
  /** Processes whose CPU use is sampled over the run. */
  watch: readonly Watched[];
}

/**
 * What one load run measured. Latencies in milliseconds; CPU in percent of one core, per watched process and
 * `other` for the rest of the machine.
 */
export interface LoadResult {
  /** Every response's latency in ms, sorted (left out of the results file). */
  latencies: number[];
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Non-2xx responses, 2xx responses whose body holds `"errors"`, and connection errors or timeouts. */
  errors: number;
  non2xx: number;
  errorBodies: number;
  connectionErrors: number;
  /** The first failed response's status and the start of its body, to see what went wrong. */
  firstError?: string;
  cpu: Record<string, number>;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Percent of one core each watched process used over `seconds`, and `other`: what the rest of the machine used
 * (processes the bench did not start, and its idle ones).
 */
function cpuShares(
  watch: readonly Watched[],
  before: readonly number[],
  after: readonly number[],
  machineCores: number,
  seconds: number,
): Record<string, number> {
  const shares = watch.map(
    (w, i) => [w.name, (100 * ((after[i] ?? NaN) - (before[i] ?? NaN))) / seconds] as const,
  );
  const ours = shares.reduce((sum, [, percent]) => sum + percent, 0);
  return Object.fromEntries([...shares, ["other", Math.max(0, 100 * machineCores - ours)]]);
}

/**
 * Runs autocannon with a fixed number of connections for a fixed time, one dynamic request per send
 * (`setupRequest`), checking every response (`onResponse`). Latencies are taken from every response, at full
 * precision, rather than from autocannon's integer histogram.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const latencies: number[] = [];
  let non2xx = 0;
  let errorBodies = 0;
  let firstError: string | undefined;
  const cpuBefore = cpuSeconds(plan.watch);
  const machineBefore = machineBusySeconds();
  const started = performance.now();
  const instance = autocannon({
    url: plan.url,
    connections: plan.connections,
    duration: plan.seconds,
    method: "POST",
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          method: "POST",
          headers: { "content-type": "application/json", ...plan.headers() },
          body: plan.nextBody(),
        }),
        onResponse: (status, body) => {
          const failed = status < 200 || status > 299;
          const withErrors = !failed && body.includes('"errors"');
          if (failed) non2xx++;
          if (withErrors) errorBodies++;
          if ((failed || withErrors) && firstError === undefined)
            firstError = `${status} ${body.slice(0, 300)}`;
        },
      },
    ],
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds(plan.watch);
  const machineAfter = machineBusySeconds();
  latencies.sort((a, b) => a - b);
  const connectionErrors = result.errors;
  return {
    latencies,
    requests: latencies.length,
    seconds: result.duration,
    requestsPerSecond: latencies.length / result.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: non2xx + errorBodies + connectionErrors,
    non2xx,
    errorBodies,
    connectionErrors,
    ...(firstError === undefined ? {} : { firstError }),
    cpu: cpuShares(plan.watch, cpuBefore, cpuAfter, (machineAfter - machineBefore) / seconds, seconds),
  };
}

/** One result from several runs of the same load: latencies pooled, CPU shares weighted by each run's time. */
export function mergeLoads(parts: readonly LoadResult[]): LoadResult {
  const latencies = parts.flatMap((part) => part.latencies).sort((a, b) => a - b);
  const seconds = parts.reduce((sum, part) => sum + part.seconds, 0);
  const sum = (pick: (part: LoadResult) => number) => parts.reduce((total, part) => total + pick(part), 0);
  const cpu: Record<string, number> = {};
  for (const part of parts) {
    for (const [name, share] of Object.entries(part.cpu))
      cpu[name] = (cpu[name] ?? 0) + (share * part.seconds) / seconds;
  }
  const firstError = parts.find((part) => part.firstError !== undefined)?.firstError;
  return {
    latencies,
    requests: latencies.length,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: sum((part) => part.errors),
    non2xx: sum((part) => part.non2xx),
    errorBodies: sum((part) => part.errorBodies),
    connectionErrors: sum((part) => part.connectionErrors),
    ...(firstError === undefined ? {} : { firstError }),
    cpu,
  };
}

/**
 * Loaded into the database process by `bench/db-memory.ts` (`node --expose-gc --import tsx --import
 * ./bench/db-probe.ts`). On each SIGUSR2 it runs two full collections and prints one line,
 * `db-probe {"heapUsedMiB":…,"rssMiB":…,"externalMiB":…,"arrayBuffersMiB":…}`, to standard error; the first
 * signal also starts a CPU profile (through the inspector, so the seeding before it is not in it) and the
 * second stops it and writes it to `DB_PROBE_PROFILE`. Nothing in the product loads it.
 */
import { writeFileSync, writeSync } from "node:fs";
import { Session } from "node:inspector";

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error("bench/db-probe.ts needs node --expose-gc");
const profilePath = process.env["DB_PROBE_PROFILE"];

const session = new Session();
session.connect();
let profiling = false;

const post = (method: string, params?: object): Promise<unknown> =>
  new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
  );

process.on("SIGUSR2", () => {
  void (async () => {
    if (profiling) {
      const { profile } = (await post("Profiler.stop")) as { profile: unknown };
      if (profilePath) writeFileSync(profilePath, JSON.stringify(profile));
      profiling = false;
    }
    collect();
    collect();
    const usage = process.memoryUsage();
    const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
    const line = {
      heapUsedMiB: mib(usage.heapUsed),
      rssMiB: mib(usage.rss),
      externalMiB: mib(usage.external),
      arrayBuffersMiB: mib(usage.arrayBuffers),
    };
    writeSync(2, `db-probe ${JSON.stringify(line)}\n`);
  })();
});

process.on("SIGURG", () => {
  void (async () => {
    if (profiling) return;
    profiling = true;
    await post("Profiler.enable");
    await post("Profiler.start");
    writeSync(2, "db-probe profiling\n");
  })();
});

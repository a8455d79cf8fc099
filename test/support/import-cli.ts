import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll } from "vitest";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** How a command ended, and what it printed. */
export interface CommandRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** What an import command's end-to-end test works with: an embedded server, a driver on it, a scratch folder. */
export interface CommandFixture {
  /** The embedded server the command writes to. */
  mongo(): EmbeddedMongo;
  /** The official driver on it, to look at what the command wrote. */
  client(): MongoClient;
  /** A folder for the files the test writes; removed afterwards. */
  dir(): string;
  /**
   * Runs `node --import tsx <entry> …args` from the repository root, as `npm run` does, with `MONGODB_URI` on the
   * embedded server and `env` added; stdout is not a TTY, so progress is plain lines. `onStderr` sees stderr as
   * it grows and may kill the command (SIGKILL), to test a run cut off part-way.
   */
  run(
    args: string[],
    env: Record<string, string>,
    onStderr?: (text: string, kill: () => void) => void,
  ): Promise<CommandRun>;
}

/** Registers the suite's hooks (one server for the file) and gives the fixture for `entry`, e.g. a pillar's CLI. */
export function useImportCommand(entry: string): CommandFixture {
  let mongo: EmbeddedMongo | undefined;
  let client: MongoClient | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
    client = await MongoClient.connect(mongo.uri);
    dir = await mkdtemp(join(tmpdir(), "tinkuy-command-"));
  });
  afterAll(async () => {
    await client?.close();
    await mongo?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the command fixture is used before its beforeAll ran");
    return value;
  };
  return {
    mongo: () => ready(mongo),
    client: () => ready(client),
    dir: () => ready(dir),
    async run(args, env, onStderr) {
      const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
        cwd: ROOT,
        env: { ...process.env, MONGODB_URI: ready(mongo).uri, NODE_ENV: "test", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        onStderr?.(stderr, () => child.kill("SIGKILL"));
      });
      const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
      return { code, signal, stdout, stderr };
    },
  };
}

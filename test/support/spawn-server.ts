import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../packages/embedded-mongo/bin/embedded-mongo.js", import.meta.url));

/** The `embedded-mongo` binary running as a child process, and what it printed. */
export interface SpawnedServer {
  child: ChildProcess;
  uri: string;
  stderr: () => string;
}

/** Starts the real binary (`node bin/embedded-mongo.js …`) and resolves with the URI it prints. */
export async function spawnServer(args: string[]): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const uri = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n")[0];
      if (stdout.includes("\n") && line) resolve(line.trim());
    });
    child.once("exit", (code) => reject(new Error(`embedded-mongo exited with ${code}: ${stderr}`)));
  });
  return { child, uri, stderr: () => stderr };
}

/** Runs the binary to completion and returns its exit code and output (for start-up failures). */
export async function runServerToExit(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stderr };
}

/** Sends a signal and waits for the process to exit; resolves with its exit code and signal. */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return { code: child.exitCode, signal: child.signalCode };
  }
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill(signal);
  const [code, received] = await exited;
  return { code, signal: received };
}

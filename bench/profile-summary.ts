/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`: where a V8 CPU profile (`node --cpu-prof`) spent its
 * time — self time by function and by package (the `node_modules/<package>` a function lives in, or our own
 * source folder), so that optimising starts from what the profile shows rather than from a guess.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The package or source folder a script URL belongs to. */
export function ownerOf(url: string): string {
  if (!url) return "(native / idle / gc)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1] ?? ""}` : (rest[0] ?? url);
  }
  if (url.startsWith("node:")) return "node (core)";
  const source = /\/(packages\/[^/]+|subgraphs\/[^/]+|gateway|bench|scripts)\//.exec(url);
  return source?.[1] ?? url;
}

/** Self time in milliseconds by function (`name file:line`) and by owner, from a profile's samples. */
export function summarise(profile: CpuProfile): {
  byFunction: Map<string, number>;
  byOwner: Map<string, number>;
  totalMs: number;
} {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = nodes.get(id);
    if (!node) return;
    totalMs += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split("/").slice(-2).join("/");
    const name = `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    const owner = ownerOf(url);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
  });
  return { byFunction, byOwner, totalMs };
}

function top(map: Map<string, number>, count: number, total: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([name, ms]) =>
        `${((100 * ms) / total).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms  ${name}`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, count = "25"] = process.argv.slice(2);
  if (!file) {
    process.stderr.write("usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top]\n");
    process.exit(1);
  }
  const { byFunction, byOwner, totalMs } = summarise(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
  process.stdout.write(`${file}: ${totalMs.toFixed(0)} ms sampled\n\nby package\n`);
  process.stdout.write(`${top(byOwner, 15, totalMs).join("\n")}\n\nby function (self time)\n`);
  process.stdout.write(`${top(byFunction, Number(count), totalMs).join("\n")}\n`);
}

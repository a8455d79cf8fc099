/** One `runOnRequirements` entry of the unified test format (the fields the CRUD tests use). */
export interface RunOnRequirement {
  minServerVersion?: string;
  maxServerVersion?: string;
  topologies?: string[];
  serverless?: "require" | "forbid" | "allow";
  auth?: boolean;
  csfle?: boolean;
}

/** The server the tests run against: its version and topology as the handshake reports them. */
export interface ServerFacts {
  version: string;
  topology: "single" | "replicaset" | "sharded";
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Why the requirements exclude this server (undefined when one of them is met, or there are none): the
 * unified format runs a file or test when any one entry is satisfied.
 */
export function unmetRequirements(
  requirements: RunOnRequirement[] | undefined,
  server: ServerFacts,
): string | undefined {
  if (!requirements || requirements.length === 0) return undefined;
  const reasons: string[] = [];
  for (const r of requirements) {
    const why: string[] = [];
    if (r.minServerVersion && compareVersions(server.version, r.minServerVersion) < 0) {
      why.push(`needs server ≥ ${r.minServerVersion}`);
    }
    if (r.maxServerVersion && compareVersions(server.version, r.maxServerVersion) > 0) {
      why.push(`needs server ≤ ${r.maxServerVersion}`);
    }
    if (r.topologies && !r.topologies.includes(server.topology)) {
      why.push(`needs topology ${r.topologies.join("|")}`);
    }
    if (r.serverless === "require") why.push("needs serverless");
    if (r.auth === true) why.push("needs authentication");
    if (r.csfle === true) why.push("needs client-side encryption");
    if (why.length === 0) return undefined;
    reasons.push(why.join(", "));
  }
  return reasons.join(" or ");
}

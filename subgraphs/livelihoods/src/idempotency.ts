import { createHash } from "node:crypto";
import { conflict } from "@tinkuy/kit";
import type { EnrollmentDoc, Models, ProjectDoc } from "./models.ts";

/** Who is writing: recorded with every write. */
export interface Actor {
  id: string;
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** A digest of a mutation and its validated input: the same key must come back with the same fingerprint. */
export function fingerprint(kind: string, input: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify([kind, canonical(input)]))
    .digest("base64url")
    .slice(0, 22);
}

/** Where a key was used before, and for what. */
export interface PriorWrite {
  kind: string;
  fingerprint: string;
  /** The project the write applied to (for an enrollment, its project). */
  iatiIdentifier: string;
  /** The enrollment the write applied to, for enrollment writes. */
  enrollmentId?: string;
}

/**
 * Finds an earlier write with this idempotency key, wherever it was stored: in a project's write log or in an
 * enrollment's history (two lookups, sent together). A key identifies one write across the subgraph.
 */
export async function findPriorWrite(models: Models, key: string): Promise<PriorWrite | null> {
  const [project, enrollment] = await Promise.all([
    models.Project.findOne({ "writes.key": key }, { iatiIdentifier: 1, writes: 1 }).lean<
      Pick<ProjectDoc, "iatiIdentifier" | "writes">
    >(),
    models.Enrollment.findOne({ "history.idempotencyKey": key }).lean<EnrollmentDoc>(),
  ]);
  const write = project?.writes.find((entry) => entry.key === key);
  if (project && write) {
    return { kind: write.kind, fingerprint: write.fingerprint, iatiIdentifier: project.iatiIdentifier };
  }
  const entry = enrollment?.history.find((e) => e.idempotencyKey === key);
  if (enrollment && entry) {
    return {
      kind: entry.kind ?? "",
      fingerprint: entry.fingerprint ?? "",
      iatiIdentifier: enrollment.iatiIdentifier,
      enrollmentId: enrollment._id,
    };
  }
  return null;
}

/** The earlier write when it is this very one (a retry); CONFLICT when the key served another write. */
export function sameWrite(prior: PriorWrite, kind: string, print: string, key: string): PriorWrite {
  if (prior.kind === kind && prior.fingerprint === print) return prior;
  throw conflict("idempotencyKey", `the idempotency key ${key} was already used for another change`);
}

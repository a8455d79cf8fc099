import { replayed, type WriteRequest } from "@tinkuy/kit";
import type { EnrollmentDoc, Models, ProjectDoc } from "../models.ts";
import { isLegacyFingerprint, legacyFingerprint } from "./legacy-fingerprint.ts";

/** Where a key was used before, and for what. */
export interface PriorWrite {
  /** The mutation that used the key (`recordTransaction`). */
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
async function findPriorWrite(models: Models, key: string): Promise<PriorWrite | null> {
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

/**
 * The earlier write under the request's key when it is this very write (a retry: the same kind of mutation
 * with the same input); null when the key is new; CONFLICT when the key served another write. A fingerprint
 * stored in the legacy form is compared in that form.
 */
export async function findReplay(
  models: Models,
  kind: string,
  { key, input, hash }: WriteRequest<unknown>,
): Promise<PriorWrite | null> {
  const prior = await findPriorWrite(models, key);
  if (!prior) return null;
  const expected = isLegacyFingerprint(prior.fingerprint) ? legacyFingerprint(kind, input) : hash;
  return replayed(prior, prior.kind === kind ? prior.fingerprint : undefined, expected, key);
}

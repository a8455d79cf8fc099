import { invariant } from "@tinkuy/kit";
import type { EnrollmentDoc, Models } from "../models.ts";
import type { PriorWrite } from "./find-replay.ts";

/** An enrollment's identity: a RUC enrolls at most once in a project. */
export function enrollmentId(iatiIdentifier: string, ruc: string): string {
  return `${iatiIdentifier}|${ruc}`;
}

/** The enrollment a stored write points at: it must exist. */
export async function enrollmentOfWrite(models: Models, prior: PriorWrite): Promise<EnrollmentDoc> {
  const enrollment = await models.Enrollment.findById(prior.enrollmentId).lean<EnrollmentDoc>();
  invariant(enrollment, `a write was recorded on enrollment ${prior.enrollmentId}, which no longer exists`);
  return enrollment;
}

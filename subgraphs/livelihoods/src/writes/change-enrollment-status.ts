import { badUserInput, conflict, notFound, parseWrite, type Actor } from "@tinkuy/kit";
import { changeEnrollmentInput, today } from "../inputs.ts";
import type { EnrollmentDoc, EnrollmentEntry, EnrollmentStatus, Models } from "../models.ts";
import { enrollmentId, enrollmentOfWrite } from "./enrollment-write.ts";
import { findReplay } from "./find-replay.ts";

const CHANGE = "changeEnrollmentStatus";
const NEXT: Record<EnrollmentStatus, readonly EnrollmentStatus[]> = {
  ENROLLED: ["COMPLETED", "DROPPED_OUT"],
  COMPLETED: [],
  DROPPED_OUT: [],
};

/** Closes an enrollment (`ENROLLED` to `COMPLETED` or `DROPPED_OUT`), status and history entry in one write. */
export async function changeEnrollmentStatus(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<EnrollmentDoc> {
  const { key, input, hash } = parseWrite(changeEnrollmentInput, raw, rawKey);
  const replay = await findReplay(models, CHANGE, { key, input, hash });
  if (replay) return enrollmentOfWrite(models, replay);

  const id = enrollmentId(input.iatiIdentifier, input.ruc);
  const enrollment = await models.Enrollment.findById(id).lean<EnrollmentDoc>();
  if (!enrollment)
    throw notFound("input.ruc", `RUC ${input.ruc} is not enrolled in project ${input.iatiIdentifier}`);
  if (!NEXT[enrollment.status].includes(input.status)) {
    throw badUserInput(
      "input.status",
      enrollment.status === "ENROLLED"
        ? "an enrollment is already ENROLLED; it changes to COMPLETED or DROPPED_OUT"
        : `a ${enrollment.status} enrollment is final`,
    );
  }
  const date = input.date ?? today();
  const last = enrollment.history[enrollment.history.length - 1];
  if (last && date < last.date) {
    throw badUserInput(
      "input.date",
      `must not be before the enrollment's last change (${last.date.toISOString().slice(0, 10)})`,
    );
  }
  const entry: EnrollmentEntry = {
    status: input.status,
    date,
    reason: input.reason ?? null,
    recordedBy: actor.id,
    idempotencyKey: key,
    fingerprint: hash,
    kind: CHANGE,
  };
  const updated = await models.Enrollment.findOneAndUpdate(
    { _id: id, status: enrollment.status, "history.idempotencyKey": { $ne: key } },
    { $set: { status: input.status }, $push: { history: entry } },
    { returnDocument: "after" },
  ).lean<EnrollmentDoc>();
  if (updated) return updated;
  const now = await models.Enrollment.findById(id).lean<EnrollmentDoc>();
  if (now?.history.some((e) => e.idempotencyKey === key)) return now;
  throw conflict("input.ruc", `enrollment ${id} changed while this request was processed; retry`);
}

import { badUserInput, conflict, invariant, notFound, parseInput } from "@tinkuy/kit";
import { ACTIVITY_STATUS } from "./iati.ts";
import { findPriorWrite, fingerprint, sameWrite, type Actor, type PriorWrite } from "./idempotency.ts";
import { changeEnrollmentInput, enrollInput, idempotencyKey, today } from "./inputs.ts";
import type { EnrollmentDoc, EnrollmentEntry, EnrollmentStatus, Models, ProjectDoc } from "./models.ts";
import { isDuplicateKey } from "./registry.ts";
import { statusOf } from "./status.ts";

/** An enrollment's identity: a RUC enrolls at most once in a project. */
export function enrollmentId(iatiIdentifier: string, ruc: string): string {
  return `${iatiIdentifier}|${ruc}`;
}

async function enrollmentOfWrite(models: Models, prior: PriorWrite): Promise<EnrollmentDoc> {
  const enrollment = await models.Enrollment.findById(prior.enrollmentId).lean<EnrollmentDoc>();
  invariant(enrollment, `a write was recorded on enrollment ${prior.enrollmentId}, which no longer exists`);
  return enrollment;
}

const ENROLL = "enrollOperator";

/**
 * Enrolls a miner in a project in `IMPLEMENTATION`: one insert whose identity (`<project>|<ruc>`) makes a second
 * enrollment of the same RUC a CONFLICT. A retry with the same key returns the enrollment.
 */
export async function enrollOperator(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<EnrollmentDoc> {
  const key = parseInput(idempotencyKey, rawKey, "idempotencyKey");
  const input = parseInput(enrollInput, raw, "input");
  const print = fingerprint(ENROLL, input);
  const prior = await findPriorWrite(models, key);
  if (prior) return enrollmentOfWrite(models, sameWrite(prior, ENROLL, print, key));

  const project = await models.Project.findOne(
    { iatiIdentifier: input.iatiIdentifier },
    { iatiIdentifier: 1, activityStatus: 1, activityDates: 1 },
  ).lean<Pick<ProjectDoc, "iatiIdentifier" | "activityStatus" | "activityDates">>();
  if (!project)
    throw notFound(
      "input.iatiIdentifier",
      `no livelihood project with IATI identifier ${input.iatiIdentifier}`,
    );
  if (project.activityStatus !== ACTIVITY_STATUS.IMPLEMENTATION) {
    throw badUserInput(
      "input.iatiIdentifier",
      `miners enroll in projects in IMPLEMENTATION; this one is ${statusOf(project.activityStatus)}`,
    );
  }
  const enrolledOn = input.enrolledOn ?? today();
  const started = project.activityDates.actualStart;
  if (started && enrolledOn < started) {
    throw badUserInput(
      "input.enrolledOn",
      `must not be before the project's actual start (${started.toISOString().slice(0, 10)})`,
    );
  }
  const doc: EnrollmentDoc = {
    _id: enrollmentId(project.iatiIdentifier, input.ruc),
    iatiIdentifier: project.iatiIdentifier,
    ruc: input.ruc,
    enrolledOn,
    status: "ENROLLED",
    formerReinfoStatus: input.formerReinfoStatus ?? null,
    history: [
      {
        status: "ENROLLED",
        date: enrolledOn,
        reason: "Inscripción en el proyecto",
        recordedBy: actor.id,
        idempotencyKey: key,
        fingerprint: print,
        kind: ENROLL,
      },
    ],
  };
  try {
    await models.Enrollment.create(doc);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const raced = await findPriorWrite(models, key);
    if (raced) return enrollmentOfWrite(models, sameWrite(raced, ENROLL, print, key));
    throw conflict("input.ruc", `RUC ${input.ruc} is already enrolled in project ${project.iatiIdentifier}`);
  }
  return doc;
}

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
  const key = parseInput(idempotencyKey, rawKey, "idempotencyKey");
  const input = parseInput(changeEnrollmentInput, raw, "input");
  const print = fingerprint(CHANGE, input);
  const prior = await findPriorWrite(models, key);
  if (prior) return enrollmentOfWrite(models, sameWrite(prior, CHANGE, print, key));

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
    fingerprint: print,
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

import { badUserInput, conflict, isDuplicateKey, notFound, parseWrite, type Actor } from "@tinkuy/kit";
import { ACTIVITY_STATUS } from "../iati.ts";
import { enrollInput, today } from "../inputs.ts";
import type { EnrollmentDoc, Models, ProjectDoc } from "../models.ts";
import { editorProvenance } from "../provenance.ts";
import { statusOf } from "../status.ts";
import { enrollmentId, enrollmentOfWrite } from "./enrollment-write.ts";
import { findReplay } from "./find-replay.ts";

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
  const { key, input, hash } = parseWrite(enrollInput, raw, rawKey);
  const replay = await findReplay(models, ENROLL, { key, input, hash });
  if (replay) return enrollmentOfWrite(models, replay);

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
        fingerprint: hash,
        kind: ENROLL,
      },
    ],
    provenance: editorProvenance(new Date()),
  };
  try {
    await models.Enrollment.create(doc);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const raced = await findReplay(models, ENROLL, { key, input, hash });
    if (raced) return enrollmentOfWrite(models, raced);
    throw conflict("input.ruc", `RUC ${input.ruc} is already enrolled in project ${project.iatiIdentifier}`);
  }
  return doc;
}

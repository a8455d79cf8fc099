import { badUserInput, isDuplicateKey, notFound, parseWrite, replayed, type Actor } from "@tinkuy/kit";
import { Types } from "mongoose";
import { measurementInput } from "../inputs.ts";
import type { MeasurementDoc, Models, ProjectDoc } from "../models.ts";
import { editorProvenance } from "../provenance.ts";

/**
 * Records a monitoring measurement of a project, at a station inside the project's region. The unit is the
 * parameter's own, so a value cannot arrive in the wrong one. A retry with the same key returns the first
 * measurement.
 */
export async function recordMonitoringMeasurement(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<MeasurementDoc> {
  const { key, input, hash } = parseWrite(measurementInput, raw, rawKey);
  const replay = await models.Measurement.findOne({ idempotencyKey: key }).lean<MeasurementDoc>();
  if (replay) return replayed(replay, replay.requestHash, hash, key);
  const project = await models.Project.findOne({ code: input.projectId }, { code: 1, ubigeo: 1 }).lean<
    Pick<ProjectDoc, "code" | "ubigeo">
  >();
  if (!project) throw notFound("input.projectId", `no restoration project ${input.projectId}`);
  if (!input.ubigeo.startsWith(project.ubigeo)) {
    throw badUserInput(
      "input.ubigeo",
      `district ${input.ubigeo} is outside the project's region ${project.ubigeo}`,
    );
  }
  const doc: MeasurementDoc = {
    _id: new Types.ObjectId(),
    projectCode: project.code,
    parameter: input.parameter,
    value: input.value,
    measuredOn: input.measuredOn,
    station: input.station,
    district: input.ubigeo,
    recordedBy: actor.id,
    provenance: editorProvenance(new Date()),
    idempotencyKey: key,
    requestHash: hash,
  };
  try {
    const now = new Date();
    await models.Measurement.collection.insertOne({ ...doc, createdAt: now, updatedAt: now });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const raced = await models.Measurement.findOne({ idempotencyKey: key }).lean<MeasurementDoc>();
    if (raced) return replayed(raced, raced.requestHash, hash, key);
    throw error;
  }
  return doc;
}

import { isDuplicateKey, parseWrite, replayed, type Actor } from "@tinkuy/kit";
import { representativePoint } from "../geometry.ts";
import { registerAreaInput } from "../inputs.ts";
import type { AreaDoc, Models } from "../models.ts";
import { editorProvenance } from "../provenance.ts";
import { applyStatsChange, detectionChange } from "../region-stats.ts";
import { nextCode } from "./next-code.ts";

/**
 * Registers a degraded area: validates everything first, inserts it with its registration key, then counts it
 * in its district's month. A retry with the same key and input returns the first area; the same key with
 * another input is a CONFLICT.
 */
export async function registerDegradedArea(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<AreaDoc> {
  const { key, input, hash } = parseWrite(registerAreaInput, raw, rawKey);
  const replay = await models.Area.findOne({ registrationKey: key }).lean<AreaDoc>();
  if (replay) return replayed(replay, replay.requestHash, hash, key);

  const point =
    input.latitude != null && input.longitude != null
      ? { latitude: input.latitude, longitude: input.longitude }
      : input.geometry
        ? representativePoint(input.geometry)
        : null;
  const doc: AreaDoc = {
    code: await nextCode(models, "DA"),
    name: input.name ?? null,
    department: input.ubigeo.slice(0, 2),
    province: input.ubigeo.slice(0, 4),
    district: input.ubigeo,
    ares: input.hectares,
    restoredAres: 0,
    cause: input.cause,
    source: input.source,
    sourceReference: input.sourceReference ?? null,
    detectedOn: input.detectedOn,
    miningCorridor: input.miningCorridor ?? null,
    geometry: input.geometry ?? null,
    latitude: point?.latitude ?? null,
    longitude: point?.longitude ?? null,
    registeredBy: actor.id,
    provenance: editorProvenance(new Date()),
    registrationKey: key,
    requestHash: hash,
  };
  try {
    const now = new Date();
    await models.Area.collection.insertOne({ ...doc, createdAt: now, updatedAt: now });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    // Another request with the same key won the race: answer as a retry would.
    const raced = await models.Area.findOne({ registrationKey: key }).lean<AreaDoc>();
    if (raced) return replayed(raced, raced.requestHash, hash, key);
    throw error;
  }
  await applyStatsChange(models, detectionChange(doc.district, doc.detectedOn, doc.ares, doc.provenance));
  return doc;
}

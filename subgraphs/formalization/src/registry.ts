import {
  badUserInput,
  conflict,
  isDuplicateKey,
  notFound,
  parseInput,
  replayed,
  requestHash,
} from "@tinkuy/kit";
import { changeStatusInput, idempotencyKey, registerInput, reinstateInput } from "./inputs.ts";
import type { Models, RecordDoc, StatusEntry } from "./models.ts";
import { applyStatsChange, statsChange } from "./region-stats.ts";
import { ESTADO_OF, STATUS_OF, transitionProblem, type ReinfoStatus } from "./status.ts";

/** Who is writing: recorded in the status history. */
export interface Actor {
  id: string;
}

/**
 * Registers a record: validates everything first, writes the record with its first history entry in one
 * insert, then updates the region counters. A retry with the same idempotency key and the same input returns the
 * first result; the same key with any other input is a CONFLICT.
 */
export async function registerRecord(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<RecordDoc> {
  const key = parseInput(idempotencyKey, rawKey, "idempotencyKey");
  const input = parseInput(registerInput, raw, "input");
  const hash = requestHash(input);
  const replay = await models.Record.findOne({ registrationKey: key }).lean<RecordDoc>();
  if (replay) return replayed(replay, replay.registrationHash, hash, key);

  const now = new Date();
  const district = input.ubigeo;
  const doc: RecordDoc = {
    COD_REINFO: input.code,
    M_RUC: input.ruc,
    NOMBRE_MIN: input.minerName,
    NOMBRE_REP: input.legalRepresentative ?? null,
    ID_UNIDAD: input.miningRightCode,
    NOMBRE_DM: input.miningRightName ?? null,
    ID_DEPA: district.slice(0, 2),
    ID_PROV: district.slice(0, 4),
    ID_DIST: district,
    TIPO_ACT: input.activityType ?? null,
    ESTADO: "VIGENTE",
    A_INSCRIPCION: input.registrationYear,
    LATITUD_G84: input.latitude ?? null,
    LONGITUD_G84: input.longitude ?? null,
    FECHA_ACTUALIZACION: now,
    history: [
      {
        status: "VIGENTE",
        date: now,
        reason: "Inscripción en el REINFO",
        legalBasis: input.legalBasis,
        recordedBy: actor.id,
        idempotencyKey: key,
        requestHash: hash,
      },
    ],
    registrationKey: key,
    registrationHash: hash,
  };
  try {
    await models.Record.collection.insertOne({ ...doc, createdAt: now, updatedAt: now });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const raced = await models.Record.findOne({ registrationKey: key }).lean<RecordDoc>();
    if (raced) return replayed(raced, raced.registrationHash, hash, key);
    throw conflict("input.code", `a REINFO record with code ${input.code} already exists`);
  }
  await applyStatsChange(models, statsChange(district, undefined, "VIGENTE"));
  return doc;
}

/** Changes a record's status (allowed transitions only); see {@link writeStatus}. */
export async function changeStatus(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<RecordDoc> {
  const key = parseInput(idempotencyKey, rawKey, "idempotencyKey");
  const input = parseInput(changeStatusInput, raw, "input");
  return writeStatus(models, {
    code: input.code,
    to: input.status as ReinfoStatus,
    reason: input.reason,
    legalBasis: input.legalBasis,
    date: input.effectiveDate ?? new Date(),
    key,
    hash: requestHash({ operation: "changeReinfoStatus", ...input }),
    actor,
    reinstatement: false,
  });
}

/** Brings an EXCLUDED record back to ACTIVE; see {@link writeStatus}. */
export async function reinstate(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<RecordDoc> {
  const key = parseInput(idempotencyKey, rawKey, "idempotencyKey");
  const input = parseInput(reinstateInput, raw, "input");
  return writeStatus(models, {
    code: input.code,
    to: "ACTIVE",
    reason: input.reason,
    legalBasis: input.legalBasis,
    date: input.effectiveDate ?? new Date(),
    key,
    hash: requestHash({ operation: "reinstateReinfoRecord", ...input }),
    actor,
    reinstatement: true,
  });
}

interface StatusWrite {
  code: string;
  to: ReinfoStatus;
  reason: string;
  legalBasis: string;
  date: Date;
  key: string;
  /** The fingerprint of the validated input: a retry under the same key must carry the same. */
  hash: string;
  actor: Actor;
  reinstatement: boolean;
}

/**
 * Writes a status and its history entry in one conditional update of the record (single-document atomic):
 * it applies only if the record still has the status it was checked against and does not already carry
 * this idempotency key. A retry finds its own entry and returns the record unchanged (CONFLICT when the key
 * came with another input).
 */
async function writeStatus(models: Models, change: StatusWrite): Promise<RecordDoc> {
  const record = await models.Record.findOne({ COD_REINFO: change.code }).lean<RecordDoc>();
  if (!record) throw notFound("input.code", `no REINFO record with code ${change.code}`);
  const replay = record.history.find((entry) => entry.idempotencyKey === change.key);
  if (replay) return replayed(record, replay.requestHash, change.hash, change.key);
  const from = STATUS_OF[record.ESTADO];
  if (change.reinstatement) {
    if (from !== "EXCLUDED") {
      throw badUserInput("input.code", `only an EXCLUDED record can be reinstated; this one is ${from}`);
    }
  } else {
    const problem = transitionProblem(from, change.to);
    if (problem) throw badUserInput("input.status", problem);
  }
  const last = record.history[record.history.length - 1];
  if (last && change.date < last.date) {
    throw badUserInput(
      "input.effectiveDate",
      `must not be before the record's last change (${last.date.toISOString()})`,
    );
  }
  const entry: StatusEntry = {
    status: ESTADO_OF[change.to],
    date: change.date,
    reason: change.reason,
    legalBasis: change.legalBasis,
    recordedBy: change.actor.id,
    idempotencyKey: change.key,
    requestHash: change.hash,
  };
  const updated = await models.Record.findOneAndUpdate(
    { COD_REINFO: change.code, ESTADO: record.ESTADO, "history.idempotencyKey": { $ne: change.key } },
    { $set: { ESTADO: entry.status, FECHA_ACTUALIZACION: change.date }, $push: { history: entry } },
    { returnDocument: "after" },
  ).lean<RecordDoc>();
  if (!updated) {
    // Someone else changed the record between our read and our write: tell the client to look again.
    const now = await models.Record.findOne({ COD_REINFO: change.code }).lean<RecordDoc>();
    const mine = now?.history.find((e) => e.idempotencyKey === change.key);
    if (now && mine) return replayed(now, mine.requestHash, change.hash, change.key);
    throw conflict("input.code", `record ${change.code} changed while this request was processed; retry`);
  }
  await applyStatsChange(models, statsChange(record.ID_DIST, record.ESTADO, entry.status));
  return updated;
}

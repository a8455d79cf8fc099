import { conflict, isDuplicateKey, parseWrite, replayed, type Actor } from "@tinkuy/kit";
import { registerInput } from "../inputs.ts";
import type { Models, RecordDoc } from "../models.ts";
import { editorProvenance } from "../provenance.ts";
import { applyStatsChange, statsChange } from "../region-stats.ts";
import { applyLedgerChange, ledgerChange } from "../status-ledger.ts";

/**
 * Registers a record: validates everything first, writes the record with its first history entry in one
 * insert (with ENTERED provenance: the owning agency, and the editor in its note), then updates the region
 * counters and their sources, and the ledger of the day (as-of figures). A retry with the same idempotency key and the same input returns the
 * first result; the same key with any other input is a CONFLICT.
 */
export async function registerReinfoRecord(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<RecordDoc> {
  const { key, input, hash } = parseWrite(registerInput, raw, rawKey);
  const replay = await models.Record.findOne({ registrationKey: key }).lean<RecordDoc>();
  if (replay) return replayed(replay, replay.registrationHash, hash, key);

  const now = new Date();
  const district = input.ubigeo;
  const provenance = editorProvenance(now);
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
        provenance,
        idempotencyKey: key,
        requestHash: hash,
      },
    ],
    provenance,
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
  const registration = { registered: doc.provenance, to: "VIGENTE" } as const;
  await Promise.all([
    applyStatsChange(models, statsChange(district, registration)),
    applyLedgerChange(models, ledgerChange(district, now, registration)),
  ]);
  return doc;
}

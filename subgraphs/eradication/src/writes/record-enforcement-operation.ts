import { parseWrite, type Actor } from "@tinkuy/kit";
import { recordOperationInput, type RecordOperationInput } from "../inputs.ts";
import type { Models, OperationDoc } from "../models.ts";
import { editorProvenance } from "../provenance.ts";
import { applyStatsChange, operationStatsChange } from "../region-stats.ts";
import { insertOnce } from "./insert-once.ts";
import { keyedId } from "./keyed-id.ts";

/**
 * The identifier of an operation recorded through the API: `EO-<year>-` and ten base-32 characters of a hash of
 * the idempotency key, so a retry computes the same identifier (seeded operations are numbered instead).
 */
export function operationId(date: Date, key: string): string {
  return keyedId("EO", "enforcement-operation", date, key);
}

function operationDoc(input: RecordOperationInput, key: string, hash: string, actor: Actor): OperationDoc {
  const results = input.results.map((line) => ({
    item: line.item,
    action: line.action,
    quantity: line.quantity,
    unit: line.unit,
    cents: line.value,
  }));
  const recordedAt = new Date();
  return {
    id: operationId(input.date, key),
    name: input.name ?? null,
    date: input.date,
    department: input.ubigeo.slice(0, 2),
    province: input.ubigeo.slice(0, 4),
    district: input.ubigeo,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    agencies: input.agencies,
    type: input.type,
    legalBasis: input.legalBasis,
    targetRucs: input.targetRucs,
    results,
    totalCents: results.reduce((sum, line) => sum + line.cents, 0),
    arrests: input.arrests,
    source: { kind: input.source.kind, reference: input.source.reference, url: input.source.url ?? null },
    recordedBy: actor.id,
    recordedAt,
    provenance: editorProvenance(recordedAt, input.source.url ?? null),
    idempotencyKey: key,
    requestHash: hash,
  };
}

/**
 * Records an operation: validates everything first, inserts it (the unique idempotency key makes a retry fail
 * the insert and return the first operation), then moves the region counters once, in one bulkWrite.
 */
export async function recordEnforcementOperation(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<OperationDoc> {
  const { key, input, hash } = parseWrite(recordOperationInput, raw, rawKey);
  const { record, inserted } = await insertOnce(
    models.Operation,
    operationDoc(input, key, hash, actor),
    key,
    hash,
  );
  if (inserted) await applyStatsChange(models, operationStatsChange(record));
  return record;
}

import { createHash } from "node:crypto";
import {
  badUserInput,
  conflict,
  isDuplicateKey,
  notFound,
  parseInput,
  replayed,
  requestHash,
} from "@tinkuy/kit";
import {
  idempotencyKey,
  recordOperationInput,
  todayInLima,
  updateCaseloadInput,
  type RecordOperationInput,
} from "./inputs.ts";
import type { CaseloadEntry, Models, OfficeDoc, OperationDoc } from "./models.ts";
import { applyStatsChange, operationStatsChange } from "./region-stats.ts";

/** Who is writing: recorded with every operation and caseload report. */
export interface Actor {
  id: string;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * The identifier of an operation recorded through the API: its year and ten base-32 characters of a hash of
 * the idempotency key, so a retry computes the same identifier (seeded operations are numbered instead).
 */
export function operationId(date: Date, key: string): string {
  const digest = createHash("sha256").update(`enforcement-operation:${key}`).digest();
  let suffix = "";
  for (let i = 0; i < 10; i++) suffix += BASE32[(digest[i] as number) % 32];
  return `EO-${date.getUTCFullYear()}-${suffix}`;
}

function operationDoc(input: RecordOperationInput, key: string, hash: string, actor: Actor): OperationDoc {
  const results = input.results.map((line) => ({
    item: line.item,
    action: line.action,
    quantity: line.quantity,
    unit: line.unit,
    cents: line.value,
  }));
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
    recordedAt: new Date(),
    idempotencyKey: key,
    requestHash: hash,
  };
}

/**
 * Records an operation: validates everything first, inserts it (the unique idempotency key makes a retry fail
 * the insert and return the first operation), then moves the region counters once, in one bulkWrite.
 */
export async function recordOperation(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<OperationDoc> {
  const key = parseInput(idempotencyKey, rawKey, "idempotencyKey");
  const input = parseInput(recordOperationInput, raw, "input");
  const hash = requestHash(input);
  const doc = operationDoc(input, key, hash, actor);
  try {
    // The driver adds `_id` to what it inserts: give it a copy, keep `doc` as the API sees it.
    await models.Operation.collection.insertOne({ ...doc });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const first = await models.Operation.findOne({ idempotencyKey: key }).lean<OperationDoc>();
    if (!first) {
      throw conflict("idempotencyKey", `the idempotency key ${key} gives a taken identifier; choose another`);
    }
    return replayed(first, first.requestHash, hash, key);
  }
  await applyStatsChange(models, operationStatsChange(doc));
  return doc;
}

/**
 * Records an office's staffing and caseload report: the figures and the history entry are one conditional
 * update, applied only if closed cases do not decrease, the report is not older than the last one, and the
 * office does not already carry this idempotency key. A retry finds its own entry and writes nothing.
 */
export async function updateCaseload(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<OfficeDoc> {
  const key = parseInput(idempotencyKey, rawKey, "idempotencyKey");
  const input = parseInput(updateCaseloadInput, raw, "input");
  const hash = requestHash(input);
  const office = await models.Office.findOne({ id: input.officeId }).lean<OfficeDoc>();
  if (!office) throw notFound("input.officeId", `no prosecutors' office with identifier ${input.officeId}`);
  const replay = office.history.find((entry) => entry.idempotencyKey === key);
  if (replay) return replayed(office, replay.requestHash, hash, key);
  if (input.closedCases < office.closedCases) {
    throw badUserInput(
      "input.closedCases",
      `closed cases never decrease: the office last reported ${office.closedCases}`,
    );
  }
  const reportedOn = input.reportedOn ?? todayInLima();
  if (reportedOn < office.reportedOn) {
    throw badUserInput(
      "input.reportedOn",
      `must not be before the office's last report (${office.reportedOn.toISOString().slice(0, 10)})`,
    );
  }
  const entry: CaseloadEntry = {
    reportedOn,
    prosecutors: input.prosecutors,
    openCases: input.openCases,
    closedCases: input.closedCases,
    recordedBy: actor.id,
    idempotencyKey: key,
    requestHash: hash,
  };
  const updated = await models.Office.findOneAndUpdate(
    {
      id: input.officeId,
      closedCases: { $lte: input.closedCases },
      reportedOn: { $lte: reportedOn },
      "history.idempotencyKey": { $ne: key },
    },
    {
      $set: {
        prosecutors: input.prosecutors,
        openCases: input.openCases,
        closedCases: input.closedCases,
        reportedOn,
      },
      $push: { history: entry },
    },
    { returnDocument: "after" },
  ).lean<OfficeDoc>();
  if (!updated) {
    // Another report landed between our read and our write: tell the client to look again.
    const now = await models.Office.findOne({ id: input.officeId }).lean<OfficeDoc>();
    const mine = now?.history.find((e) => e.idempotencyKey === key);
    if (now && mine) return replayed(now, mine.requestHash, hash, key);
    throw conflict(
      "input.officeId",
      `office ${input.officeId} changed while this report was processed; retry`,
    );
  }
  return updated;
}

import { badUserInput, conflict, notFound, replayed, type Actor, type WriteRequest } from "@tinkuy/kit";
import type { Models, RecordDoc, StatusEntry } from "../models.ts";
import { editorProvenance } from "../provenance.ts";
import { applyStatsChange, statsChange } from "../region-stats.ts";
import { applyLedgerChange, ledgerChange } from "../status-ledger.ts";
import { ESTADO_OF, STATUS_OF, transitionProblem, type ReinfoStatus } from "../status.ts";

/** What every status write carries besides the status it goes to. */
export interface StatusInput {
  code: string;
  reason: string;
  legalBasis: string;
  effectiveDate?: Date | null | undefined;
}

/** Where a status write goes: a new status, or back to ACTIVE from EXCLUDED (a reinstatement). */
export interface StatusTarget {
  to: ReinfoStatus;
  reinstatement: boolean;
}

/**
 * Writes a status and its history entry in one conditional update of the record (single-document atomic):
 * it applies only if the record still has the status it was checked against and does not already carry
 * this idempotency key. A retry finds its own entry and returns the record unchanged (CONFLICT when the key
 * came with another input). The region counters and the ledger of the effective day follow.
 */
export async function writeStatus(
  models: Models,
  { key, input, hash }: WriteRequest<StatusInput>,
  target: StatusTarget,
  actor: Actor,
): Promise<RecordDoc> {
  const record = await models.Record.findOne({ COD_REINFO: input.code }).lean<RecordDoc>();
  if (!record) throw notFound("input.code", `no REINFO record with code ${input.code}`);
  const replay = record.history.find((entry) => entry.idempotencyKey === key);
  if (replay) return replayed(record, replay.requestHash, hash, key);
  const from = STATUS_OF[record.ESTADO];
  if (target.reinstatement) {
    if (from !== "EXCLUDED") {
      throw badUserInput("input.code", `only an EXCLUDED record can be reinstated; this one is ${from}`);
    }
  } else {
    const problem = transitionProblem(from, target.to);
    if (problem) throw badUserInput("input.status", problem);
  }
  const date = input.effectiveDate ?? new Date();
  const last = record.history[record.history.length - 1];
  if (last && date < last.date) {
    throw badUserInput(
      "input.effectiveDate",
      `must not be before the record's last change (${last.date.toISOString()})`,
    );
  }
  const entry: StatusEntry = {
    status: ESTADO_OF[target.to],
    date,
    reason: input.reason,
    legalBasis: input.legalBasis,
    recordedBy: actor.id,
    // The change is the editor's, as of the day entered; the record keeps the provenance of its registration.
    provenance: editorProvenance(new Date()),
    idempotencyKey: key,
    requestHash: hash,
  };
  const updated = await models.Record.findOneAndUpdate(
    { COD_REINFO: input.code, ESTADO: record.ESTADO, "history.idempotencyKey": { $ne: key } },
    { $set: { ESTADO: entry.status, FECHA_ACTUALIZACION: date }, $push: { history: entry } },
    { returnDocument: "after" },
  ).lean<RecordDoc>();
  if (!updated) {
    // Someone else changed the record between our read and our write: tell the client to look again.
    const now = await models.Record.findOne({ COD_REINFO: input.code }).lean<RecordDoc>();
    const mine = now?.history.find((e) => e.idempotencyKey === key);
    if (now && mine) return replayed(now, mine.requestHash, hash, key);
    throw conflict("input.code", `record ${input.code} changed while this request was processed; retry`);
  }
  const change = { from: record.ESTADO, to: entry.status, recorded: entry.provenance };
  await Promise.all([
    applyStatsChange(models, statsChange(record.ID_DIST, change)),
    // On the day the change takes effect (a backdated change lands on its own day), not the day it is entered.
    applyLedgerChange(models, ledgerChange(record.ID_DIST, date, change)),
  ]);
  return updated;
}

import { badUserInput, conflict, notFound, parseWrite, replayed, type Actor } from "@tinkuy/kit";
import { todayInLima, updateCaseloadInput } from "../inputs.ts";
import type { CaseloadEntry, Models, OfficeDoc } from "../models.ts";
import { editorProvenance } from "../provenance.ts";

/**
 * Records an office's staffing and caseload report: the figures and the history entry are one conditional
 * update, applied only if closed cases do not decrease, the report is not older than the last one, and the
 * office does not already carry this idempotency key. A retry finds its own entry and writes nothing.
 */
export async function updateProsecutorCaseload(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<OfficeDoc> {
  const { key, input, hash } = parseWrite(updateCaseloadInput, raw, rawKey);
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
    provenance: editorProvenance(new Date()),
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

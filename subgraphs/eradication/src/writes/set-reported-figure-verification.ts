import { badUserInput, conflict, notFound, parseWrite, replayed, type Actor } from "@tinkuy/kit";
import type { Models, ReportedFigureDoc, VerificationEntry } from "../models.ts";
import { setVerificationInput } from "../reported-figure-inputs.ts";
import { todayInLima } from "../inputs.ts";

/**
 * Records a verdict on a claim: one conditional update that applies only if the claim still has the verdict
 * read (so two editors cannot both revise it from the same state) and does not already carry this key. A
 * retry finds its own entry in the claim's history and writes nothing.
 */
export async function setReportedFigureVerification(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<ReportedFigureDoc> {
  const { key, input, hash } = parseWrite(setVerificationInput, raw, rawKey);
  const figure = await models.ReportedFigure.findOne({ id: input.id }).lean<ReportedFigureDoc>();
  if (!figure) throw notFound("input.id", `no reported figure with identifier ${input.id}`);
  const replay = figure.verificationHistory.find((entry) => entry.idempotencyKey === key);
  if (replay) return replayed(figure, replay.requestHash, hash, key);
  if (figure.verification === input.verification) {
    throw badUserInput(
      "input.verification",
      `the claim is already ${figure.verification}; a verdict can only change to the other one`,
    );
  }
  const at = new Date();
  const entry: VerificationEntry = {
    status: input.verification,
    note: input.note,
    by: actor.id,
    at,
    idempotencyKey: key,
    requestHash: hash,
  };
  const updated = await models.ReportedFigure.findOneAndUpdate(
    { id: input.id, verification: figure.verification, "verificationHistory.idempotencyKey": { $ne: key } },
    {
      $set: {
        verification: input.verification,
        verificationNote: input.note,
        verifiedOn: todayInLima(at),
      },
      $push: { verificationHistory: entry },
    },
    { returnDocument: "after" },
  ).lean<ReportedFigureDoc>();
  if (!updated) {
    // Another verdict landed between our read and our write: tell the client to look again.
    const now = await models.ReportedFigure.findOne({ id: input.id }).lean<ReportedFigureDoc>();
    const mine = now?.verificationHistory.find((e) => e.idempotencyKey === key);
    if (now && mine) return replayed(now, mine.requestHash, hash, key);
    throw conflict("input.id", `reported figure ${input.id} changed while this verdict was processed; retry`);
  }
  return updated;
}

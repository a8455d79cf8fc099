import { parseWrite, type Actor } from "@tinkuy/kit";
import type { Models, ReportedFigureDoc } from "../models.ts";
import { reportedProvenance } from "../provenance.ts";
import { recordReportedFigureInput, type RecordReportedFigureInput } from "../reported-figure-inputs.ts";
import { todayInLima } from "../inputs.ts";
import { insertOnce } from "./insert-once.ts";
import { keyedId } from "./keyed-id.ts";

function figureDoc(
  input: RecordReportedFigureInput,
  key: string,
  hash: string,
  actor: Actor,
): ReportedFigureDoc {
  const recordedAt = new Date();
  const region = input.ubigeo;
  return {
    id: keyedId("RF", "reported-figure", input.reportedOn, key),
    claim: input.claim,
    measure: input.measure,
    qualifier: input.qualifier,
    hundredths: input.value,
    from: input.from,
    to: input.to,
    region,
    department: region ? region.slice(0, 2) : null,
    province: region && region.length >= 4 ? region.slice(0, 4) : null,
    reportedBy: input.reportedBy,
    reportedOn: input.reportedOn,
    url: input.url,
    verification: "UNVERIFIED",
    verificationNote: null,
    verifiedOn: todayInLima(recordedAt),
    verificationHistory: [],
    recordedBy: actor.id,
    recordedAt,
    provenance: reportedProvenance({
      reportedBy: input.reportedBy,
      reportedOn: input.reportedOn,
      url: input.url,
      enteredBy: "editor",
      note: input.note,
    }),
    idempotencyKey: key,
    requestHash: hash,
  };
}

/**
 * Records a claim: validates everything first, then inserts it once (the unique idempotency key makes a retry
 * fail the insert and return the first claim). Claims move no counter: they stand beside the itemized figures.
 */
export async function recordReportedFigure(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<ReportedFigureDoc> {
  const { key, input, hash } = parseWrite(recordReportedFigureInput, raw, rawKey);
  const { record } = await insertOnce(models.ReportedFigure, figureDoc(input, key, hash, actor), key, hash);
  return record;
}

import { badUserInput, conflict, notFound, parseWrite, replayed, type Actor } from "@tinkuy/kit";
import { riskInput } from "../inputs.ts";
import type { LiabilityDoc, Models, RiskEntry } from "../models.ts";
import { editorProvenance } from "../provenance.ts";
import { applyStatsChange, riskChange } from "../region-stats.ts";
import { removedReason } from "./removed-liability.ts";

/**
 * Sets a liability's risk level from a study: the level and its history entry are one conditional update
 * (applied only if the level is still the one checked and the key is new), then the region counters move the
 * liability from its old level (or `UNKNOWN`) to the new one. A re-assessment at the same level records the
 * study and moves no counter. A liability removed from the inventory is refused: it is kept as the record of
 * what an annex listed, and the counters no longer count it.
 */
export async function assessLiabilityRisk(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<LiabilityDoc> {
  const { key, input, hash } = parseWrite(riskInput, raw, rawKey);
  const found = await models.Liability.find({
    $or: [{ ID: input.liabilityId }, { "riskHistory.idempotencyKey": key }],
  }).lean<LiabilityDoc[]>();
  const holder = found.find((liability) => liability.riskHistory.some((e) => e.idempotencyKey === key));
  if (holder) {
    const entry = holder.riskHistory.find((e) => e.idempotencyKey === key) as RiskEntry;
    return replayed(holder, holder.ID === input.liabilityId ? entry.requestHash : undefined, hash, key);
  }
  const liability = found.find((l) => l.ID === input.liabilityId);
  if (!liability)
    throw notFound("input.liabilityId", `no mining environmental liability ${input.liabilityId}`);
  if (liability.removedFromInventory) {
    throw badUserInput("input.liabilityId", removedReason(liability, "its risk is no longer assessed"));
  }
  const last = liability.riskHistory[liability.riskHistory.length - 1];
  if (last && input.assessedOn < last.assessedOn) {
    throw badUserInput(
      "input.assessedOn",
      `must not be before the liability's last assessment (${last.assessedOn.toISOString().slice(0, 10)})`,
    );
  }
  const entry: RiskEntry = {
    riskLevel: input.riskLevel,
    study: input.study,
    assessedOn: input.assessedOn,
    recordedBy: actor.id,
    provenance: editorProvenance(new Date()),
    idempotencyKey: key,
    requestHash: hash,
  };
  const updated = await models.Liability.findOneAndUpdate(
    {
      ID: liability.ID,
      riskLevel: liability.riskLevel ?? null,
      // Still listed: an import that removes it meanwhile makes this a conflict, not a write.
      removedFromInventory: null,
      "riskHistory.idempotencyKey": { $ne: key },
    },
    { $set: { riskLevel: input.riskLevel }, $push: { riskHistory: entry } },
    { returnDocument: "after" },
  ).lean<LiabilityDoc>();
  if (!updated) {
    throw conflict(
      "input.liabilityId",
      `liability ${liability.ID} changed while this request was processed; retry`,
    );
  }
  await applyStatsChange(
    models,
    riskChange(liability.ID_DIST, liability.riskLevel ?? "UNKNOWN", input.riskLevel),
  );
  return updated;
}

import { parseWrite, type Actor } from "@tinkuy/kit";
import { reinstateInput } from "../inputs.ts";
import type { Models, RecordDoc } from "../models.ts";
import { writeStatus } from "./write-status.ts";

/** Brings an EXCLUDED record back to ACTIVE; see {@link writeStatus}. */
export async function reinstateReinfoRecord(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<RecordDoc> {
  const request = parseWrite(reinstateInput, raw, rawKey, "reinstateReinfoRecord");
  return writeStatus(models, request, { to: "ACTIVE", reinstatement: true }, actor);
}

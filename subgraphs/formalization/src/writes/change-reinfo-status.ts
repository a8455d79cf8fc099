import { parseWrite, type Actor } from "@tinkuy/kit";
import { changeStatusInput } from "../inputs.ts";
import type { Models, RecordDoc } from "../models.ts";
import type { ReinfoStatus } from "../status.ts";
import { writeStatus } from "./write-status.ts";

/** Changes a record's status (allowed transitions only); see {@link writeStatus}. */
export async function changeReinfoStatus(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<RecordDoc> {
  const request = parseWrite(changeStatusInput, raw, rawKey, "changeReinfoStatus");
  const to = request.input.status as ReinfoStatus;
  return writeStatus(models, request, { to, reinstatement: false }, actor);
}

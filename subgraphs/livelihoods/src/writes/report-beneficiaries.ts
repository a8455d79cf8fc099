import { parseWrite, type Actor } from "@tinkuy/kit";
import { reportBeneficiariesInput, today } from "../inputs.ts";
import type { Models, ProjectDoc } from "../models.ts";
import { findReplay } from "./find-replay.ts";
import { findProject, projectOfWrite, writeEntry, writeProject } from "./project-write.ts";

const REPORT_BENEFICIARIES = "reportBeneficiaries";

/** Replaces a project's beneficiary figures (women and former miners within the total). */
export async function reportBeneficiaries(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<ProjectDoc> {
  const { key, input, hash } = parseWrite(reportBeneficiariesInput, raw, rawKey);
  const replay = await findReplay(models, REPORT_BENEFICIARIES, { key, input, hash });
  if (replay) return projectOfWrite(models, replay.iatiIdentifier);
  const project = await findProject(models, input.iatiIdentifier, "input.iatiIdentifier");
  const { project: updated } = await writeProject(
    models,
    project,
    { set: { beneficiaries: { ...input.beneficiaries, reportedOn: input.reportedOn ?? today() } } },
    writeEntry(key, REPORT_BENEFICIARIES, hash, actor),
  );
  return updated;
}

import { badUserInput, parseWrite, type Actor } from "@tinkuy/kit";
import { ACTIVITY_STATUS } from "../iati.ts";
import { changeStatusInput, today } from "../inputs.ts";
import type { Models, ProjectDoc, StatusEntry } from "../models.ts";
import { statusOf, transitionProblem } from "../status.ts";
import { findReplay } from "./find-replay.ts";
import { findProject, projectOfWrite, writeEntry, writeProject } from "./project-write.ts";

const CHANGE_STATUS = "changeProjectStatus";

/**
 * Changes a project's status (allowed transitions only), with its history entry and the activity dates the
 * change implies, in one conditional write.
 */
export async function changeProjectStatus(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<ProjectDoc> {
  const { key, input, hash } = parseWrite(changeStatusInput, raw, rawKey);
  const replay = await findReplay(models, CHANGE_STATUS, { key, input, hash });
  if (replay) return projectOfWrite(models, replay.iatiIdentifier);

  const project = await findProject(models, input.iatiIdentifier, "input.iatiIdentifier");
  const from = statusOf(project.activityStatus);
  const problem = transitionProblem(from, input.status);
  if (problem) throw badUserInput("input.status", problem);
  const date = input.effectiveDate ?? today();
  const last = project.statusHistory[project.statusHistory.length - 1];
  if (last && date < last.date) {
    throw badUserInput(
      "input.effectiveDate",
      `must not be before the project's last status change (${last.date.toISOString().slice(0, 10)})`,
    );
  }
  const set: Record<string, unknown> = { activityStatus: ACTIVITY_STATUS[input.status] };
  const started = project.activityDates.actualStart != null;
  if (input.status === "IMPLEMENTATION" && !started) set["activityDates.actualStart"] = date;
  if (input.status === "FINALISATION" || (input.status === "CANCELLED" && started)) {
    set["activityDates.actualEnd"] = date;
  }
  const entry: StatusEntry = {
    status: ACTIVITY_STATUS[input.status],
    date,
    reason: input.reason,
    recordedBy: actor.id,
  };
  const { project: updated } = await writeProject(
    models,
    project,
    { set, push: { statusHistory: entry } },
    writeEntry(key, CHANGE_STATUS, hash, actor),
  );
  return updated;
}

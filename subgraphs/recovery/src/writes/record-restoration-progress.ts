import {
  badUserInput,
  centsToDecimal,
  conflict,
  notFound,
  parseWrite,
  replayed,
  type Actor,
} from "@tinkuy/kit";
import { progressInput, type ProgressInput } from "../inputs.ts";
import type { AreaDoc, AreaIncrement, Models, ProgressEntry, ProjectDoc } from "../models.ts";
import { editorProvenance } from "../provenance.ts";
import { activeProjectChange, applyStatsChange, restorationChange } from "../region-stats.ts";
import { canRestore, transitionProblem } from "../status.ts";
import { aresToHectares } from "../units.ts";

/**
 * Records a progress report. Everything is checked before anything is written: the status change, that the
 * project may restore, that each area is the project's and has hectares left, that the total stays within the
 * plan, that execution only grows and stays within the budget, that the date follows the last report. The
 * project's new state and the report are then one conditional update of the project (single-document atomic:
 * applied only if the project is still as checked and does not carry this key); then the areas' restored
 * totals and the region counters follow, one bulkWrite each.
 */
export async function recordRestorationProgress(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<ProjectDoc> {
  const { key, input, hash } = parseWrite(progressInput, raw, rawKey);
  // The project, and whichever project already holds this key (one command for both).
  const found = await models.Project.find({
    $or: [{ code: input.projectId }, { "progress.idempotencyKey": key }],
  }).lean<ProjectDoc[]>();
  const holder = found.find((project) => project.progress.some((entry) => entry.idempotencyKey === key));
  if (holder) {
    const entry = holder.progress.find((e) => e.idempotencyKey === key) as ProgressEntry;
    const same = holder.code === input.projectId ? entry.requestHash : undefined;
    return replayed(holder, same, hash, key);
  }
  const project = found.find((p) => p.code === input.projectId);
  if (!project) throw notFound("input.projectId", `no restoration project ${input.projectId}`);

  const to = input.status ?? project.status;
  if (input.status != null) {
    const problem = transitionProblem(project.status, input.status);
    if (problem) throw badUserInput("input.status", problem);
  }
  const increments = await checkAreas(models, project, input, to);
  const added = increments.reduce((sum, increment) => sum + increment.ares, 0);
  const executedCents = input.executed ?? project.executedCents;
  if (executedCents < project.executedCents) {
    throw badUserInput(
      "input.executed",
      `execution only grows: it is already S/ ${centsToDecimal(project.executedCents)}`,
    );
  }
  if (executedCents > project.budgetCents) {
    throw badUserInput(
      "input.executed",
      `must not exceed the budget of S/ ${centsToDecimal(project.budgetCents)}`,
    );
  }
  if (increments.length === 0 && input.status == null && executedCents === project.executedCents) {
    throw badUserInput(
      "input.executed",
      `the execution is already S/ ${centsToDecimal(executedCents)}: a report must change something`,
    );
  }
  const last = project.progress[project.progress.length - 1];
  if (input.date < project.startDate) {
    throw badUserInput("input.date", `must not be before the project's start (${day(project.startDate)})`);
  }
  if (last && input.date < last.date) {
    throw badUserInput("input.date", `must not be before the project's last report (${day(last.date)})`);
  }

  const entry: ProgressEntry = {
    date: input.date,
    areas: increments,
    status: to,
    executedCents,
    note: input.note ?? null,
    recordedBy: actor.id,
    provenance: editorProvenance(new Date()),
    idempotencyKey: key,
    requestHash: hash,
  };
  const updated = await models.Project.findOneAndUpdate(
    {
      code: project.code,
      status: project.status,
      restoredAres: project.restoredAres,
      executedCents: project.executedCents,
      "progress.idempotencyKey": { $ne: key },
    },
    {
      $set: { status: to, restoredAres: project.restoredAres + added, executedCents },
      $push: { progress: entry },
    },
    { returnDocument: "after" },
  ).lean<ProjectDoc>();
  if (!updated) {
    // Someone else changed the project between our read and our write: tell the client to look again.
    throw conflict(
      "input.projectId",
      `project ${project.code} changed while this report was processed; retry`,
    );
  }
  if (increments.length > 0) {
    await models.Area.bulkWrite(
      increments.map((increment) => ({
        updateOne: { filter: { code: increment.code }, update: { $inc: { restoredAres: increment.ares } } },
      })),
      { ordered: false },
    );
  }
  const ops = restorationChange(increments, input.date, entry.provenance);
  if (project.status !== "IN_PROGRESS" && to === "IN_PROGRESS")
    ops.push(...activeProjectChange(project.ubigeo, 1, project.provenance));
  if (project.status === "IN_PROGRESS" && to !== "IN_PROGRESS")
    ops.push(...activeProjectChange(project.ubigeo, -1, project.provenance));
  await applyStatsChange(models, ops);
  return updated;
}

/** The report's increments, checked against the project and its areas (one find for the areas). */
async function checkAreas(
  models: Models,
  project: ProjectDoc,
  input: ProgressInput,
  to: ProjectDoc["status"],
): Promise<AreaIncrement[]> {
  const reported = input.areas ?? [];
  if (reported.length === 0) return [];
  if (!canRestore(project.status, to)) {
    throw badUserInput(
      "input.areas",
      project.status === "PLANNED"
        ? "the project has not started: report status IN_PROGRESS with its first restored hectares"
        : `a ${project.status} project restores nothing; hectares are reported while IN_PROGRESS`,
    );
  }
  const own = new Set(project.areaCodes);
  reported.forEach((area, i) => {
    if (!own.has(area.degradedAreaId)) {
      throw badUserInput(
        `input.areas.${i}.degradedAreaId`,
        `${area.degradedAreaId} is not one of project ${project.code}'s areas`,
      );
    }
  });
  const added = reported.reduce((sum, area) => sum + area.hectares, 0);
  if (project.restoredAres + added > project.plannedAres) {
    throw badUserInput(
      "input.areas",
      `would bring the restored hectares to ${aresToHectares(project.restoredAres + added)}, beyond the ` +
        `${aresToHectares(project.plannedAres)} planned`,
    );
  }
  const areas = await models.Area.find(
    { code: { $in: reported.map((area) => area.degradedAreaId) } },
    { _id: 0, code: 1, district: 1, ares: 1, restoredAres: 1 },
  ).lean<AreaDoc[]>();
  const byCode = new Map(areas.map((area) => [area.code, area]));
  return reported.map((area, i) => {
    const stored = byCode.get(area.degradedAreaId);
    if (!stored) throw notFound(`input.areas.${i}.degradedAreaId`, `no degraded area ${area.degradedAreaId}`);
    const left = stored.ares - stored.restoredAres;
    if (area.hectares > left) {
      throw badUserInput(
        `input.areas.${i}.hectares`,
        `${stored.code} has ${aresToHectares(left)} hectares left to restore`,
      );
    }
    return { code: stored.code, district: stored.district, ares: area.hectares };
  });
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

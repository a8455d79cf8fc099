import { badUserInput, invariant, parseWrite, type Actor } from "@tinkuy/kit";
import { ACTIVITY_STATUS, INDICATOR_MEASURE_OF } from "../iati.ts";
import { reportActualInput, today, valueProblem } from "../inputs.ts";
import type { IndicatorDoc, Models, ProjectDoc, ResultDoc } from "../models.ts";
import { statusOf } from "../status.ts";
import { findReplay } from "./find-replay.ts";
import { findProject, projectOfWrite, writeEntry, writeProject } from "./project-write.ts";

const REPORT = "reportIndicatorActual";
/** Statuses in which a project reports results: while it runs, while suspended, and while it closes its M&E. */
const REPORTING = new Set<string>([
  ACTIVITY_STATUS.IMPLEMENTATION,
  ACTIVITY_STATUS.SUSPENDED,
  ACTIVITY_STATUS.FINALISATION,
]);

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The indicator with this code in the project; undefined when there is none. */
export function findIndicator(results: readonly ResultDoc[], code: string): IndicatorDoc | undefined {
  for (const result of results) {
    const indicator = result.indicators.find((i) => i.code === code);
    if (indicator) return indicator;
  }
  return undefined;
}

function indicatorOf(project: ProjectDoc, code: string): IndicatorDoc {
  const indicator = findIndicator(project.results, code);
  invariant(indicator, `project ${project.iatiIdentifier} lost indicator ${code}`);
  return indicator;
}

/**
 * Reports an indicator's actual for one of its periods (a correction replaces the earlier report): the period
 * must exist and have ended (an actual is the result at its end); the value must fit the measure (none for qualitative indicators, which take a
 * comment). The results framework and its write-log entry are written together.
 */
export async function reportIndicatorActual(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<IndicatorDoc> {
  const { key, input, hash } = parseWrite(reportActualInput, raw, rawKey);
  const replay = await findReplay(models, REPORT, { key, input, hash });
  if (replay) return indicatorOf(await projectOfWrite(models, replay.iatiIdentifier), input.indicator);

  const project = await findProject(models, input.iatiIdentifier, "input.iatiIdentifier");
  if (!REPORTING.has(project.activityStatus)) {
    throw badUserInput(
      "input.iatiIdentifier",
      `results are reported while a project is in IMPLEMENTATION, SUSPENDED or FINALISATION; this one is ${statusOf(project.activityStatus)}`,
    );
  }
  const results = structuredClone(project.results);
  const indicator = findIndicator(results, input.indicator);
  if (!indicator) {
    const codes = results.flatMap((r) => r.indicators.map((i) => i.code));
    throw badUserInput(
      "input.indicator",
      `project ${project.iatiIdentifier} has no indicator ${input.indicator} (it has ${codes.join(", ") || "none"})`,
    );
  }
  const period = indicator.periods.find(
    (p) =>
      p.periodStart.getTime() === input.periodStart.getTime() &&
      p.periodEnd.getTime() === input.periodEnd.getTime(),
  );
  if (!period) {
    const periods = indicator.periods.map((p) => `${day(p.periodStart)}..${day(p.periodEnd)}`);
    throw badUserInput(
      "input.periodStart",
      `indicator ${indicator.code} has no period ${day(input.periodStart)}..${day(input.periodEnd)} (it has ${periods.join(", ") || "none"})`,
    );
  }
  if (period.periodEnd >= today()) {
    throw badUserInput(
      "input.periodEnd",
      `an actual is the result at the end of its period (IATI): this one ends on ${day(period.periodEnd)}; report it from the next day`,
    );
  }
  const measure = INDICATOR_MEASURE_OF[indicator.measure];
  if (measure === "QUALITATIVE") {
    if (input.value != null) {
      throw badUserInput(
        "input.value",
        "a QUALITATIVE indicator's actual has no value: describe it in comment",
      );
    }
    if (input.comment == null) throw badUserInput("input.comment", "required for a QUALITATIVE indicator");
  } else {
    if (input.value == null) throw badUserInput("input.value", `required for a ${measure} indicator`);
    const problem = valueProblem(measure, input.value);
    if (problem) throw badUserInput("input.value", problem);
  }
  period.actual = { value: input.value ?? null, comment: input.comment ?? null, reportedAt: new Date() };
  const { project: updated } = await writeProject(
    models,
    project,
    { set: { results } },
    writeEntry(key, REPORT, hash, actor),
  );
  return indicatorOf(updated, input.indicator);
}

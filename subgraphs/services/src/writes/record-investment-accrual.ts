import { badUserInput, centsToDecimal, notFound, parseWrite, type Actor } from "@tinkuy/kit";
import { applyProjectChange } from "../counters.ts";
import { accruedTotalCents, type AccrualEntry, type Models, type ProjectDoc } from "../models.ts";
import { editorProvenance } from "../provenance.ts";
import { accrualInput, type AccrualInput } from "./inputs.ts";
import { addressed, executingDuring, isoDay, keyHolders, writeIfUnchanged } from "./project-state.ts";

const OPERATION = "recordInvestmentAccrual";

/**
 * How far an investment's accrued total may go: twice the larger of its viable and updated costs. Overruns
 * happen (the updated cost follows them, and often lags), but a total beyond twice the cost is far likelier a
 * typing error (an amount in céntimos, a digit too many) than an overrun, and it would distort every figure of
 * the region; an editor updates the cost first (`changeInvestmentStatus` takes `updatedCost`).
 */
export function accrualCeiling(project: Pick<ProjectDoc, "viableCostCents" | "updatedCostCents">): number {
  return 2 * Math.max(project.viableCostCents, project.updatedCostCents ?? 0);
}

/**
 * Sets (replaces) the amount accrued in one month, or in a whole year, of an investment in execution (or closed)
 * in that period. Everything is checked first: the investment's status and execution period, a year given either
 * by months or whole, the ceiling on its total. The investment's new execution is then one conditional update
 * (applied only if it is still as read and does not hold this key), and the counters move by the difference, in
 * one command.
 */
export async function recordInvestmentAccrual(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<ProjectDoc> {
  const { key, input, hash } = parseWrite(accrualInput, raw, rawKey, OPERATION);
  const found = await models.Project.find({ $or: [...keyHolders(key), { cui: input.cui }] }).lean<
    ProjectDoc[]
  >();
  const { replay, project } = addressed(found, input.cui, key, hash);
  if (replay) return replay;
  if (!project) throw notFound("input.cui", `no investment ${input.cui}`);
  check(project, input);

  const month = input.month ?? null;
  const accruals = project.execution;
  const old = accruals.find((entry) => entry.year === input.year && (entry.month ?? null) === month);
  const entry: AccrualEntry = {
    year: input.year,
    month,
    accruedCents: input.accrued,
    provenance: editorProvenance(new Date()),
    recordedBy: actor.id,
    idempotencyKey: key,
    requestHash: hash,
  };
  if (old) {
    const replaced = [...(old.replaced ?? [])];
    if (old.idempotencyKey != null) {
      replaced.push({ idempotencyKey: old.idempotencyKey, requestHash: old.requestHash ?? "" });
    }
    if (replaced.length > 0) entry.replaced = replaced;
  }
  const execution = [...accruals.filter((e) => e !== old), entry].sort(
    (a, b) => a.year - b.year || (a.month ?? 0) - (b.month ?? 0),
  );
  const accruedCents = accruedTotalCents({ execution, accruedBeforeYear: project.accruedBeforeYear ?? null });
  const { after, written } = await writeIfUnchanged(
    models,
    project,
    { key, hash },
    { execution, accruedCents },
  );
  if (written) await applyProjectChange(models, project, after);
  return after;
}

/** The checks against the stored investment, each naming the field the client would change. */
function check(project: ProjectDoc, input: AccrualInput): void {
  if (project.status !== "EXECUTION" && project.status !== "CLOSED") {
    throw badUserInput(
      "input.cui",
      `investment ${project.cui} is ${project.status}: execution is accrued by investments in EXECUTION or CLOSED`,
    );
  }
  const month = input.month ?? null;
  const from = new Date(Date.UTC(input.year, month == null ? 0 : month - 1, 1));
  const until = new Date(Date.UTC(input.year, month == null ? 12 : month, 1));
  if (!executingDuring(project, from, until)) {
    const closed = project.closedOn ? ` to ${isoDay(project.closedOn)}` : "";
    throw badUserInput(
      month == null ? "input.year" : "input.month",
      `investment ${project.cui} was not in execution then: it executed from ` +
        `${isoDay(project.executionStartedOn as Date)}${closed}`,
    );
  }
  const before = project.accruedBeforeYear;
  if (before && input.year <= before.throughYear) {
    // That amount already holds whatever was accrued in this year: recording it again would count it twice.
    throw badUserInput(
      "input.year",
      `investment ${project.cui} has S/ ${centsToDecimal(before.accruedCents)} accrued up to the end of ` +
        `${String(before.throughYear)} that the source does not split by year: record years after it`,
    );
  }
  const sameYear = project.execution.filter((entry) => entry.year === input.year);
  if (month != null && sameYear.some((entry) => entry.month == null)) {
    throw badUserInput(
      "input.month",
      `${input.year} is recorded as a whole year: give the year's amount, without a month`,
    );
  }
  if (month == null && sameYear.some((entry) => entry.month != null)) {
    throw badUserInput("input.month", `${input.year} is recorded by month: give the month`);
  }
  const old = sameYear.find((entry) => (entry.month ?? null) === month)?.accruedCents ?? 0;
  const total = project.accruedCents - old + input.accrued;
  const ceiling = accrualCeiling(project);
  if (total > ceiling) {
    throw badUserInput(
      "input.accrued",
      `would bring the investment's accrued total to S/ ${centsToDecimal(total)}, beyond twice its cost ` +
        `(S/ ${centsToDecimal(ceiling)}): update its cost first if that is right`,
    );
  }
}

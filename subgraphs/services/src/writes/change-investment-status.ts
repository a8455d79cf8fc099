import { badUserInput, centsToDecimal, notFound, parseWrite, type Actor } from "@tinkuy/kit";
import { applyProjectChange } from "../counters.ts";
import type { Models, ProjectDoc, StatusChange } from "../models.ts";
import { editorProvenance } from "../provenance.ts";
import type { InvestmentStatus } from "../vocabulary.ts";
import { statusInput, type StatusInput } from "./inputs.ts";
import { accrualCeiling } from "./record-investment-accrual.ts";
import {
  addressed,
  isoDay,
  keyHolders,
  lastChange,
  latestAccrualStart,
  writeIfUnchanged,
} from "./project-state.ts";

const OPERATION = "changeInvestmentStatus";

/** The changes the investment cycle allows from each status (`DEACTIVATED` reopens to the status before it). */
const NEXT: Readonly<Record<Exclude<InvestmentStatus, "DEACTIVATED">, readonly InvestmentStatus[]>> = {
  FORMULATION: ["VIABLE", "DEACTIVATED"],
  VIABLE: ["EXECUTION", "DEACTIVATED"],
  EXECUTION: ["CLOSED", "DEACTIVATED"],
  CLOSED: [],
};

/**
 * The status a deactivated investment was in before: the last status of its history that is not `DEACTIVATED`
 * (or, for a record whose history is empty, what its dates say).
 */
export function statusBeforeDeactivation(project: ProjectDoc): InvestmentStatus {
  const previous = project.statusHistory.findLast((change) => change.status !== "DEACTIVATED")?.status;
  if (previous) return previous;
  if (project.executionStartedOn) return "EXECUTION";
  return project.viableOn ? "VIABLE" : "FORMULATION";
}

/** The statuses `project` may change to. */
export function allowedChanges(project: ProjectDoc): readonly InvestmentStatus[] {
  return project.status === "DEACTIVATED" ? [statusBeforeDeactivation(project)] : NEXT[project.status];
}

/**
 * Changes an investment's status, and the day the change sets: `viableOn`, `executionStartedOn`, `closedOn`, or
 * (reopening a deactivated investment) `closedOn` cleared. Everything is checked first (the change allowed, its
 * day after the last change and, for a closing, not before the latest period anything was accrued in; a new
 * updated cost still covering half the accrued total); then the new state and its history entry are one
 * conditional update, and the counters move (an execution's start or end) in one command.
 */
export async function changeInvestmentStatus(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<ProjectDoc> {
  const { key, input, hash } = parseWrite(statusInput, raw, rawKey, OPERATION);
  const found = await models.Project.find({ $or: [...keyHolders(key), { cui: input.cui }] }).lean<
    ProjectDoc[]
  >();
  const { replay, project } = addressed(found, input.cui, key, hash);
  if (replay) return replay;
  if (!project) throw notFound("input.cui", `no investment ${input.cui}`);
  const set = changes(project, input);
  const entry: StatusChange = {
    status: input.status,
    on: input.on,
    recordedBy: actor.id,
    provenance: editorProvenance(new Date()),
    idempotencyKey: key,
    requestHash: hash,
  };
  const { after, written } = await writeIfUnchanged(models, project, { key, hash }, set, entry);
  if (written) await applyProjectChange(models, project, after);
  return after;
}

/** What the change sets on the investment, once every check against it has passed. */
function changes(project: ProjectDoc, input: StatusInput): Partial<ProjectDoc> {
  const allowed = allowedChanges(project);
  if (!allowed.includes(input.status)) {
    throw badUserInput(
      "input.status",
      allowed.length === 0
        ? `investment ${project.cui} is ${project.status}: its status changes no more`
        : `investment ${project.cui} is ${project.status}: it may change to ${allowed.join(" or ")}, not ${input.status}`,
    );
  }
  const last = lastChange(project);
  if (input.on < last) {
    throw badUserInput("input.on", `must not be before the investment's last change (${isoDay(last)})`);
  }
  const ending =
    input.status === "CLOSED" || (input.status === "DEACTIVATED" && project.status === "EXECUTION");
  const accrued = latestAccrualStart(project);
  if (ending && accrued && input.on < accrued) {
    throw badUserInput(
      "input.on",
      `must not be before ${isoDay(accrued)}: execution is accrued in the period that starts then`,
    );
  }
  const set: Partial<ProjectDoc> = { status: input.status };
  if (input.updatedCost != null) {
    const ceiling = accrualCeiling({ ...project, updatedCostCents: input.updatedCost });
    if (project.accruedCents > ceiling) {
      throw badUserInput(
        "input.updatedCost",
        `the investment has accrued S/ ${centsToDecimal(project.accruedCents)}: its cost must be at least half of that`,
      );
    }
    set.updatedCostCents = input.updatedCost;
  }
  if (project.status === "DEACTIVATED") set.closedOn = null;
  else if (input.status === "VIABLE") set.viableOn = input.on;
  else if (input.status === "EXECUTION") set.executionStartedOn = input.on;
  else set.closedOn = input.on;
  return set;
}

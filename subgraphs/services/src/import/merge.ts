import type { ProvenanceDoc } from "@tinkuy/kit";
import {
  accruedTotalCents,
  projectRegions,
  type AccrualEntry,
  type AccruedBeforeYear,
  type ProjectDoc,
  type StatusChange,
} from "../models.ts";
import type { InvestmentStatus } from "../vocabulary.ts";
import { centsText, isoDay, type InvestmentRow, type RowProblem } from "./investment-row.ts";

/** What a row becomes once merged with what the hub holds. */
export interface Merged {
  /** The investment as it is to be stored. */
  doc: ProjectDoc;
  /**
   * Accrued before the row's detailed years and attributable to no single year: kept out of `execution`, as the
   * investment's `accruedBeforeYear`.
   */
  unattributedCents: number;
}

/** The fields of an investment a file states: equal on both sides, the row changes nothing. */
const CONTENT = [
  "name",
  "functionCode",
  "programme",
  "subprogramme",
  "executingUnit",
  "governmentLevel",
  "districts",
  "status",
  "viableCostCents",
  "updatedCostCents",
  "registeredOn",
  "viableOn",
  "executionStartedOn",
  "closedOn",
  "execution",
  "accruedBeforeYear",
] as const;

/**
 * Merges a row into the stored investment (null: a new one). The row replaces what it states; what it does not
 * state is kept: accruals of other years (from earlier files or editors), a closed or deactivated investment's
 * start of execution, the day a deactivation was first seen. An accrual whose amount is unchanged keeps the
 * provenance it had (the earlier file says the same). Earlier years published as one sum are attributed to a
 * year only when one year can hold what the hub does not already know of them (see README.md, _Accruals_).
 */
export function mergeInvestment(
  stored: ProjectDoc | null,
  row: InvestmentRow,
  context: { provenance: ProvenanceDoc; asOf: Date; recordedBy: string },
): Merged | RowProblem[] {
  const entry = (year: number, month: number | null, cents: number): AccrualEntry => {
    const same = stored?.execution.find(
      (e) => e.year === year && e.month === month && e.accruedCents === cents,
    );
    return same ?? { year, month, accruedCents: cents, provenance: context.provenance };
  };

  // The years the row details replace what the hub holds of them; the rest is kept.
  let execution: AccrualEntry[] = (stored?.execution ?? []).filter(
    (e) => row.yearAccruals === null || e.year !== row.processYear,
  );
  for (const a of row.yearAccruals ?? []) execution.push(entry(row.processYear, a.month, a.cents));

  let unattributedCents = 0;
  // What the row does not state (no accumulated figure) is kept; a figure it gives is computed anew.
  let accruedBeforeYear: AccruedBeforeYear | null = stored?.accruedBeforeYear ?? null;
  const accumulated = row.accumulated;
  if (accumulated) {
    const inSpan = (year: number) =>
      year <= accumulated.lastYear && (accumulated.firstYear === null || year >= accumulated.firstYear);
    const known = execution.filter((e) => inSpan(e.year));
    const knownCents = known.reduce((sum, e) => sum + e.accruedCents, 0);
    const rest = accumulated.cents - knownCents;
    if (rest < 0) {
      return [
        {
          field: accumulated.column,
          reason:
            `${centsText(accumulated.cents)} is less than the ${centsText(knownCents)} the hub holds for ` +
            `${[...new Set(known.map((e) => e.year))].join(", ")}`,
        },
      ];
    }
    const knownYears = new Set(known.map((e) => e.year));
    const open: number[] = [];
    if (accumulated.firstYear !== null) {
      for (let year = accumulated.firstYear; year <= accumulated.lastYear; year++) {
        if (!knownYears.has(year)) open.push(year);
      }
    }
    accruedBeforeYear = null;
    if (rest > 0 && open.length === 1) execution.push(entry(open[0] as number, null, rest));
    else if (rest > 0) {
      unattributedCents = rest;
      accruedBeforeYear = { accruedCents: rest, throughYear: accumulated.lastYear };
    }
  }
  execution = execution
    .filter((e) => e.accruedCents !== 0)
    .sort((a, b) => a.year - b.year || (a.month ?? 0) - (b.month ?? 0));

  const executionStartedOn =
    row.status === "EXECUTION"
      ? row.executionStartedOn
      : row.status === "CLOSED" || row.status === "DEACTIVATED"
        ? (row.executionStartedOn ?? stored?.executionStartedOn ?? null)
        : null;
  const closedOn =
    row.status === "CLOSED"
      ? row.closedOn
      : row.status === "DEACTIVATED"
        ? stored?.status === "DEACTIVATED" && stored.closedOn
          ? stored.closedOn
          : context.asOf
        : null;
  if (closedOn && executionStartedOn && closedOn < executionStartedOn) {
    return [
      {
        field: "FEC_CIERRE",
        reason: `${isoDay(closedOn)} is before execution started, ${isoDay(executionStartedOn)}`,
      },
    ];
  }

  const dates = { registeredOn: row.registeredOn, viableOn: row.viableOn, executionStartedOn, closedOn };
  const note =
    unattributedCents > 0
      ? `${noteBase(context)}; ${centsText(unattributedCents)} of ${accumulated?.column ?? ""} accrued before ` +
        `${String((accumulated?.lastYear ?? 0) + 1)} is not attributable to one year: accruedBeforeYear, not execution`
      : noteBase(context);
  const doc: ProjectDoc = {
    cui: row.cui,
    name: row.name,
    functionCode: row.functionCode,
    programme: row.programme,
    subprogramme: row.subprogramme,
    executingUnit: row.executingUnit,
    governmentLevel: row.governmentLevel,
    districts: row.districts,
    regions: projectRegions(row.districts),
    status: row.status,
    viableCostCents: row.viableCostCents,
    updatedCostCents: row.updatedCostCents,
    execution,
    accruedBeforeYear,
    accruedCents: accruedTotalCents({ execution, accruedBeforeYear }),
    registeredOn: row.registeredOn,
    viableOn: row.viableOn,
    executionStartedOn,
    closedOn,
    statusHistory: history(stored, row.status, dates, context),
    provenance: { ...context.provenance, note },
    registeredBy: stored?.registeredBy ?? context.recordedBy,
  };
  return { doc, unattributedCents };
}

function noteBase(context: { provenance: ProvenanceDoc }): string {
  return context.provenance.note ?? "";
}

/** Whether a merged investment states exactly what the stored one does (its provenance aside). */
export function sameInvestment(stored: ProjectDoc, merged: ProjectDoc): boolean {
  const pick = (doc: ProjectDoc) =>
    JSON.stringify(
      CONTENT.map((field) => {
        if (field === "execution") {
          return doc.execution.map((e) => [e.year, e.month ?? null, e.accruedCents, e.provenance.dataset]);
        }
        const value = doc[field] as unknown;
        return value instanceof Date ? value.toISOString() : (value ?? null);
      }),
    );
  return pick(stored) === pick(merged);
}

/**
 * The status history: a new investment's path through the cycle from its dates (formulation from its
 * registration, then viability, execution, closure or deactivation); a stored one's history with the new status
 * appended when it changed, dated by the day the row gives for it (or the file's as-of day), never before the
 * last change.
 */
function history(
  stored: ProjectDoc | null,
  status: InvestmentStatus,
  dates: {
    registeredOn: Date;
    viableOn: Date | null;
    executionStartedOn: Date | null;
    closedOn: Date | null;
  },
  context: { provenance: ProvenanceDoc; asOf: Date; recordedBy: string },
): StatusChange[] {
  const change = (s: InvestmentStatus, on: Date): StatusChange => ({
    status: s,
    on,
    recordedBy: context.recordedBy,
    provenance: context.provenance,
  });
  const dayOf: Record<InvestmentStatus, Date | null> = {
    FORMULATION: dates.registeredOn,
    VIABLE: dates.viableOn,
    EXECUTION: dates.executionStartedOn,
    CLOSED: dates.closedOn,
    DEACTIVATED: dates.closedOn,
  };
  const later = (on: Date | null, last: Date): Date => (on && on > last ? on : last);
  if (stored) {
    if (stored.status === status) return stored.statusHistory;
    const last = stored.statusHistory.at(-1)?.on ?? stored.registeredOn;
    return [...stored.statusHistory, change(status, later(dayOf[status] ?? context.asOf, last))];
  }
  const path: StatusChange[] = [change("FORMULATION", dates.registeredOn)];
  const step = (s: InvestmentStatus, on: Date | null) => {
    const last = (path.at(-1) as StatusChange).on;
    path.push(change(s, later(on, last)));
  };
  if (status !== "FORMULATION" && (dates.viableOn || status === "VIABLE")) step("VIABLE", dates.viableOn);
  if (dates.executionStartedOn && status !== "FORMULATION" && status !== "VIABLE") {
    step("EXECUTION", dates.executionStartedOn);
  }
  if (status === "CLOSED" || status === "DEACTIVATED") step(status, dates.closedOn);
  return path;
}

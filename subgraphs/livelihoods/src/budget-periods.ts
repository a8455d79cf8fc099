import type { BUDGET_TYPE } from "./iati.ts";

/** True when `end` is less than a year after `start` (IATI: budget periods last at most a year). */
export function withinAYear(start: Date, end: Date): boolean {
  const limit = new Date(Date.UTC(start.getUTCFullYear() + 1, start.getUTCMonth(), start.getUTCDate()));
  return end < limit;
}

/** A budget as {@link budgetPeriodIssues} reads it. */
interface BudgetPeriod {
  type?: keyof typeof BUDGET_TYPE | null | undefined;
  periodStart: Date;
  periodEnd: Date;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** One budget that breaks a rule of {@link budgetPeriodIssues}, and the field that puts it wrong. */
export interface BudgetIssue {
  index: number;
  field: "periodStart" | "periodEnd";
  message: string;
}

/**
 * What IATI's guidance asks of an activity's budgets beyond each one's own period (see the schema's
 * `registerLivelihoodProject`): each lies inside the activity's dates (`window`: its start and end, the actual
 * ones once known), and no two of the same type (original, revised) share a day, so that the budgets of one type
 * add up to the activity's budget. One issue per offending budget and rule.
 */
export function budgetPeriodIssues(
  budgets: readonly BudgetPeriod[],
  window: { start: Date; end: Date },
): BudgetIssue[] {
  const issues: BudgetIssue[] = [];
  // A budget whose own period is wrong (backwards, longer than a year) is refused for that alone.
  const valid = (b: BudgetPeriod) => b.periodStart <= b.periodEnd && withinAYear(b.periodStart, b.periodEnd);
  budgets.forEach((b, i) => {
    if (!valid(b)) return;
    if (b.periodStart < window.start) {
      issues.push({
        index: i,
        field: "periodStart",
        message: `a budget lies within the activity's dates: this one starts before its start, ${isoDay(window.start)}`,
      });
    } else if (b.periodEnd > window.end) {
      issues.push({
        index: i,
        field: "periodEnd",
        message: `a budget lies within the activity's dates: this one ends after its end, ${isoDay(window.end)}`,
      });
    }
    const type = b.type ?? "ORIGINAL";
    const other = budgets.findIndex(
      (o, j) =>
        j < i &&
        valid(o) &&
        (o.type ?? "ORIGINAL") === type &&
        o.periodStart <= b.periodEnd &&
        b.periodStart <= o.periodEnd,
    );
    if (other >= 0) {
      issues.push({
        index: i,
        field: "periodStart",
        message: `overlaps budget ${other + 1} of the same type (${type}): budgets of one type cover each day at most once (IATI); a change of amount is a REVISED budget`,
      });
    }
  });
  return issues;
}

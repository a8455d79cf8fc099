import { create } from "xmlbuilder2";

/**
 * The IATI 2.03 rules beyond the XSD that apply to what the hub exports (budgets, results, organisations,
 * activity dates), implemented here from their conditions so that a test can run them over a whole export.
 *
 * Rules with a number are the Standard Ruleset's (IATI/IATI-Rulesets, branch `version-2.03`,
 * `rulesets/standard.json`; the same ids and XPath tests in IATI/js-validator-api `docs/data-quality-rules.csv`,
 * which IATI's Validator runs). Three conditions are IATI Standard guidance that the ruleset cannot express
 * (they compare elements with each other or with time), named here by the guidance they come from:
 * - `budget-overlap`: "An activity's budget periods should not overlap", at most one original and one revised
 *   budget per period (guidance *Activity budgets*; standard reference, `iati-activity/budget`): two budgets of
 *   the same `@type` must not share a day.
 * - `budget-within-activity`: a budget is for the activity's lifetime (`iati-activity/budget` "for each financial
 *   year over the lifetime of the activity"): its period lies between the activity's start and end, each the
 *   actual date when there is one, the planned one otherwise.
 * - `actual-after-period`: an actual is "the actual result achieved by the end of the period"
 *   (`result/indicator/period/actual`): no actual for a period that has not ended by the day of reference.
 * - `participating-org-ref`: `participating-org/@ref` "should be given where known" (Organisation identifiers
 *   guidance): an organisation the same file identifies elsewhere (same name with a `@ref`) is identified
 *   everywhere.
 */
export interface RuleProblem {
  /** The rule's id (see above). */
  rule: string;
  /** The activity's `iati-identifier`. */
  activity: string;
  /** Which element, readably (e.g. `budget[2]`). */
  where: string;
}

/** Every rule the checker applies, with its condition in words (for the test's names and failure messages). */
export const RULES = {
  "6.10.1": "participating-org has @ref or narrative",
  "1.8.1": "participating-org/@ref has no leading or trailing spaces",
  "1.8.13": "participating-org/@ref contains none of / & | ?",
  "participating-org-ref": "participating-org/@ref given where the file knows the organisation's identifier",
  "6.11.1": "activity-date of type 1 or 2 present",
  "11.1.2": "planned start (1) on or before planned end (3)",
  "11.1.3": "actual start (2) on or before actual end (4)",
  "11.1.4": "actual start (2) not after the day of reference",
  "11.1.5": "actual end (4) not after the day of reference",
  "11.2.1": "transaction-date not after the day of reference",
  "7.5.2": "budget/value has @value-date",
  "7.5.3": "budget period at most one year (start + P1Y ≥ end)",
  "8.6.3": "budget period-start on or before period-end",
  "budget-overlap": "no two budgets of the same @type share a day",
  "budget-within-activity": "budget period inside the activity's start and end (actual, else planned)",
  "8.6.1": "indicator period-start on or before period-end",
  "8.8.1": "baseline/@value present for a non-qualitative measure",
  "8.8.3": "baseline/@value omitted for a qualitative measure",
  "8.9.1": "target/@value present for a non-qualitative measure",
  "8.9.3": "target/@value omitted for a qualitative measure",
  "8.10.1": "actual/@value present for a non-qualitative measure",
  "8.10.3": "actual/@value omitted for a qualitative measure",
  "actual-after-period": "no actual for a period not ended by the day of reference",
} as const;

export type RuleId = keyof typeof RULES;

/** The little of the DOM the checker reads (xmlbuilder2 parses into a standard DOM). */
interface Node {
  tagName?: string;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<Node>;
  childNodes: ArrayLike<Node>;
  textContent: string | null;
}

const all = (node: Node, tag: string) => Array.from(node.getElementsByTagName(tag));
/** Direct children with a tag (getElementsByTagName would reach a transaction's or result's nested ones). */
const kids = (node: Node, tag: string) =>
  Array.from(node.childNodes).filter((child) => child.tagName === tag);
const kid = (node: Node, tag: string) => kids(node, tag)[0];
const isoOf = (node: Node | undefined, tag: string) => {
  const element = node && kid(node, tag);
  return element?.getAttribute("iso-date") ?? null;
};
const dateOf = (iso: string | null) => (iso ? new Date(`${iso.slice(0, 10)}T00:00:00.000Z`) : null);
const DAY = 86_400_000;
/** `date + 1 year` as XPath's `xs:date + xs:yearMonthDuration('P1Y')` does it (29 February → 28 February). */
function plusYear(date: Date): Date {
  const next = new Date(Date.UTC(date.getUTCFullYear() + 1, date.getUTCMonth(), date.getUTCDate()));
  return next.getUTCMonth() === date.getUTCMonth()
    ? next
    : new Date(next.getTime() - next.getUTCDate() * DAY);
}

/** Measures with a value (unit, percentage, nominal, ordinal); `5` is qualitative. */
const QUANTITATIVE = new Set(["1", "2", "3", "4"]);

/** Checks every `iati-activity` of an export against {@link RULES} as of `asOf` (the day of reference). */
export function iatiRuleProblems(xml: string, asOf: Date): RuleProblem[] {
  const doc = create(xml).node as unknown as Node;
  const problems: RuleProblem[] = [];
  const known = knownOrganisations(doc);
  for (const activity of all(doc, "iati-activity")) {
    const id = kid(activity, "iati-identifier")?.textContent?.trim() ?? "?";
    const fail = (rule: RuleId, where: string) => problems.push({ rule, activity: id, where });
    organisations(activity, known, fail);
    const window = activityDates(activity, asOf, fail);
    budgets(activity, window, fail);
    results(activity, asOf, fail);
  }
  return problems;
}

type Fail = (rule: RuleId, where: string) => void;

/** Each organisation name the file gives with an identifier somewhere (any org element). */
function knownOrganisations(doc: Node): Map<string, string> {
  const known = new Map<string, string>();
  for (const tag of ["reporting-org", "participating-org", "provider-org", "receiver-org"]) {
    for (const org of all(doc, tag)) {
      const ref = org.getAttribute("ref");
      const name = all(org, "narrative")[0]?.textContent?.trim();
      if (ref && name) known.set(name, ref);
    }
  }
  return known;
}

function organisations(activity: Node, known: Map<string, string>, fail: Fail): void {
  kids(activity, "participating-org").forEach((org, i) => {
    const where = `participating-org[${i + 1}] role ${org.getAttribute("role") ?? "?"}`;
    const ref = org.getAttribute("ref");
    const name = all(org, "narrative")[0]?.textContent?.trim() ?? "";
    if (!ref && !name) fail("6.10.1", where);
    if (ref !== null && ref !== ref.trim()) fail("1.8.1", where);
    if (ref !== null && /[/&|?]/.test(ref)) fail("1.8.13", where);
    if (!ref && known.has(name)) fail("participating-org-ref", where);
  });
}

/** Checks the activity dates; answers the activity's start and end (actual, else planned) for its budgets. */
function activityDates(activity: Node, asOf: Date, fail: Fail): { start: Date | null; end: Date | null } {
  const dates = new Map<string, Date>();
  for (const date of kids(activity, "activity-date")) {
    const value = dateOf(date.getAttribute("iso-date"));
    if (value) dates.set(date.getAttribute("type") ?? "", value);
  }
  const [planStart, actualStart, planEnd, actualEnd] = ["1", "2", "3", "4"].map((type) => dates.get(type));
  if (!planStart && !actualStart) fail("6.11.1", "activity-date");
  if (planStart && planEnd && planStart > planEnd) fail("11.1.2", "activity-date[@type=1]");
  if (actualStart && actualEnd && actualStart > actualEnd) fail("11.1.3", "activity-date[@type=2]");
  if (actualStart && actualStart > asOf) fail("11.1.4", "activity-date[@type=2]");
  if (actualEnd && actualEnd > asOf) fail("11.1.5", "activity-date[@type=4]");
  kids(activity, "transaction").forEach((transaction, i) => {
    const date = dateOf(isoOf(transaction, "transaction-date"));
    if (date && date > asOf) fail("11.2.1", `transaction[${i + 1}]`);
  });
  return { start: actualStart ?? planStart ?? null, end: actualEnd ?? planEnd ?? null };
}

function budgets(activity: Node, window: { start: Date | null; end: Date | null }, fail: Fail): void {
  const seen: { type: string; start: Date; end: Date; index: number }[] = [];
  kids(activity, "budget").forEach((budget, i) => {
    const where = `budget[${i + 1}]`;
    const start = dateOf(isoOf(budget, "period-start"));
    const end = dateOf(isoOf(budget, "period-end"));
    if (!kid(budget, "value")?.getAttribute("value-date")) fail("7.5.2", where);
    if (!start || !end) return;
    if (start > end) fail("8.6.3", where);
    if (plusYear(start) < end) fail("7.5.3", where);
    if ((window.start && start < window.start) || (window.end && end > window.end))
      fail("budget-within-activity", where);
    const type = budget.getAttribute("type") ?? "1";
    const other = seen.find((b) => b.type === type && b.start <= end && start <= b.end);
    if (other) fail("budget-overlap", `${where} and budget[${other.index + 1}]`);
    seen.push({ type, start, end, index: i });
  });
}

function results(activity: Node, asOf: Date, fail: Fail): void {
  kids(activity, "result").forEach((result, r) => {
    kids(result, "indicator").forEach((indicator, n) => {
      const where = `result[${r + 1}]/indicator[${n + 1}]`;
      const quantitative = QUANTITATIVE.has(indicator.getAttribute("measure") ?? "1");
      const value = (node: Node, present: RuleId, absent: RuleId, at: string) => {
        const has = node.getAttribute("value") !== null;
        if (quantitative && !has) fail(present, at);
        if (!quantitative && has) fail(absent, at);
      };
      for (const baseline of kids(indicator, "baseline"))
        value(baseline, "8.8.1", "8.8.3", `${where}/baseline`);
      kids(indicator, "period").forEach((period, p) => {
        const at = `${where}/period[${p + 1}]`;
        const start = dateOf(isoOf(period, "period-start"));
        const end = dateOf(isoOf(period, "period-end"));
        if (start && end && start > end) fail("8.6.1", at);
        for (const target of kids(period, "target")) value(target, "8.9.1", "8.9.3", `${at}/target`);
        for (const actual of kids(period, "actual")) {
          value(actual, "8.10.1", "8.10.3", `${at}/actual`);
          // The period ends at the end of its last day: on that day it has not ended yet.
          if (end && end >= asOf) fail("actual-after-period", `${at}/actual`);
        }
      });
    });
  });
}

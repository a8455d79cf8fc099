import { ACTIVITY_STATUS, ACTIVITY_STATUS_OF, type ActivityStatus } from "./iati.ts";
import type { StatusEntry } from "./models.ts";

/**
 * The transitions `changeProjectStatus` allows. IATI's ActivityStatus codelist names the states but no
 * transitions; these follow its definitions: a pipeline activity starts or is cancelled; an activity in
 * implementation is finalised (physically complete, pending sign-off), suspended or cancelled; a suspended one
 * resumes or is cancelled; finalisation ends in closure. `CLOSED` and `CANCELLED` are final.
 */
const ALLOWED: Record<ActivityStatus, readonly ActivityStatus[]> = {
  PIPELINE: ["IMPLEMENTATION", "CANCELLED"],
  IMPLEMENTATION: ["FINALISATION", "SUSPENDED", "CANCELLED"],
  SUSPENDED: ["IMPLEMENTATION", "CANCELLED"],
  FINALISATION: ["CLOSED"],
  CLOSED: [],
  CANCELLED: [],
};

/** Why `from → to` is not allowed, or undefined when it is. */
export function transitionProblem(from: ActivityStatus, to: ActivityStatus): string | undefined {
  if (from === to) return `the project is already ${to}`;
  if (ALLOWED[from].includes(to)) return undefined;
  if (ALLOWED[from].length === 0) return `a ${from} project is final: its status cannot change`;
  return `${from} cannot change to ${to} (allowed: ${ALLOWED[from].join(", ")})`;
}

/** A stretch of time a project spent in `IMPLEMENTATION`: from its start, until the next change (or open). */
export interface Span {
  from: Date;
  until: Date | null;
}

const IMPLEMENTING = ACTIVITY_STATUS.IMPLEMENTATION;

/** The stretches a project spent in `IMPLEMENTATION`, from its status history (oldest first). */
export function implementationSpans(history: readonly StatusEntry[]): Span[] {
  const spans: Span[] = [];
  history.forEach((entry, i) => {
    if (entry.status !== IMPLEMENTING) return;
    spans.push({ from: entry.date, until: history[i + 1]?.date ?? null });
  });
  return spans;
}

/** Whether the project was in `IMPLEMENTATION` at some time in `[from, until)` (empty stretches never count). */
export function wasImplementing(history: readonly StatusEntry[], from: Date, until: Date): boolean {
  return implementationSpans(history).some((span) => {
    const end = span.until ?? until;
    return span.from < end && span.from < until && end > from;
  });
}

/** The API name of a stored status code. */
export function statusOf(code: StatusEntry["status"]): ActivityStatus {
  return ACTIVITY_STATUS_OF[code];
}

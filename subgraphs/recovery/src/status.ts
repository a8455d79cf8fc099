import type { ProjectStatus } from "./vocabulary.ts";

/**
 * The status changes a progress report may make: a project starts, may be suspended and resumed, and
 * finishes from `IN_PROGRESS`. Nothing leaves `COMPLETED`.
 */
const ALLOWED: Record<ProjectStatus, readonly ProjectStatus[]> = {
  PLANNED: ["IN_PROGRESS"],
  IN_PROGRESS: ["COMPLETED", "SUSPENDED"],
  SUSPENDED: ["IN_PROGRESS"],
  COMPLETED: [],
};

/** Why `from → to` is not allowed, or undefined when it is. */
export function transitionProblem(from: ProjectStatus, to: ProjectStatus): string | undefined {
  if (from === to) return `the project is already ${to}`;
  if (ALLOWED[from].includes(to)) return undefined;
  if (from === "COMPLETED") return "a COMPLETED project is finished: its status cannot change";
  return `${from} cannot change to ${to} (allowed: ${ALLOWED[from].join(", ")})`;
}

/** Whether work can be reported: the project is restoring, or starts restoring with this very report. */
export function canRestore(from: ProjectStatus, to: ProjectStatus): boolean {
  return from === "IN_PROGRESS" || to === "IN_PROGRESS";
}

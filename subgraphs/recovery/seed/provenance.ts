import type { ProvenanceDoc } from "@tinkuy/kit";
import { DEMO_AS_OF, demoProvenance, type DemoKind } from "../src/provenance.ts";
import type { ProjectPlan } from "./vocabulary.ts";

export { DEMO_RESOLUTION as SYNTHETIC_RESOLUTION } from "../src/provenance.ts";

/**
 * The last day each kind of seeded record may be dated: never after the published figure it is modelled on
 * (the reasons are written beside `DEMO_AS_OF`, which the start-up migration reads too).
 */
export const MODELLED_UNTIL = DEMO_AS_OF;

/** A seeded record's provenance: SYNTHETIC, the generator's dataset, as of the last day its kind may be dated. */
export function seeded(kind: DemoKind): ProvenanceDoc {
  return demoProvenance(kind);
}

/** What a seeded project imitates: legacy-mining projects AMSAC's work, the others the Amazon restoration plans. */
export function projectKind(plan: Pick<ProjectPlan, "liabilities">): "liabilityProject" | "amazonProject" {
  return plan.liabilities ? "liabilityProject" : "amazonProject";
}

/** The last day a seeded project's reports and measurements may be dated. */
export function projectUntil(plan: Pick<ProjectPlan, "liabilities">): Date {
  return MODELLED_UNTIL[projectKind(plan)];
}

/** A seeded project's (and its reports') provenance. */
export function seededProject(plan: Pick<ProjectPlan, "liabilities">): ProvenanceDoc {
  return seeded(projectKind(plan));
}

import type { ProvenanceDoc } from "@tinkuy/kit";
import { demoProvenance, type DemoKind } from "../src/provenance.ts";
import { SEED_NOW } from "./support.ts";
import type { ProjectPlan } from "./vocabulary.ts";

export { DEMO_RESOLUTION as SYNTHETIC_RESOLUTION } from "../src/provenance.ts";

/** A seeded record's provenance: SYNTHETIC, the generator's dataset, as of the seed's date. */
export function seeded(kind: DemoKind): ProvenanceDoc {
  return demoProvenance(kind, SEED_NOW);
}

/** A seeded project's (and its reports') provenance: legacy-mining projects imitate AMSAC's work. */
export function seededProject(plan: Pick<ProjectPlan, "liabilities">): ProvenanceDoc {
  return seeded(plan.liabilities ? "liabilityProject" : "amazonProject");
}

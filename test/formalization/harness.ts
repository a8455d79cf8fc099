import type { FormalizationContext } from "../../subgraphs/formalization/src/context.ts";
import type { Models } from "../../subgraphs/formalization/src/models.ts";
import { formalization } from "../../subgraphs/formalization/pillar.ts";
import { useSubgraph, type SubgraphHarness } from "../support/subgraph.ts";

export type { AuditEntry } from "../support/database.ts";
export type { Result } from "../support/subgraph.ts";

/** The formalization subgraph on the embedded server, executed through its real schema. */
export type Harness = SubgraphHarness<Models, FormalizationContext>;

/** Starts an embedded server and the formalization subgraph on a database of its own for one test file. */
export function useFormalization(): Harness {
  return useSubgraph(formalization, (models) => models.Record.init());
}

/** The RUC check digit, for making valid RUCs in tests. */
export { rucCheckDigit } from "../../packages/kit/src/index.ts";

import type { EradicationContext } from "../../subgraphs/eradication/src/context.ts";
import { initModels } from "../../subgraphs/eradication/src/models.ts";
import type { Models } from "../../subgraphs/eradication/src/models.ts";
import { eradication } from "../../subgraphs/eradication/pillar.ts";
import { useSubgraph, type SubgraphHarness } from "../support/subgraph.ts";

export type { AuditEntry } from "../support/database.ts";
export type { Result } from "../support/subgraph.ts";

/** The eradication subgraph on the embedded server, executed through its real schema. */
export type Harness = SubgraphHarness<Models, EradicationContext>;

/** Starts an embedded server and the eradication subgraph on a database of its own for one test file. */
export function useEradication(): Harness {
  return useSubgraph(eradication, initModels);
}

/** The RUC check digit, for making valid RUCs in tests. */
export { rucCheckDigit } from "../../packages/kit/src/index.ts";

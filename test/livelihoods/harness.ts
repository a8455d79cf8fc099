import type { LivelihoodsContext } from "../../subgraphs/livelihoods/src/context.ts";
import { initModels } from "../../subgraphs/livelihoods/src/models.ts";
import type { Models } from "../../subgraphs/livelihoods/src/models.ts";
import { livelihoods } from "../../subgraphs/livelihoods/pillar.ts";
import { useSubgraph, type SubgraphHarness } from "../support/subgraph.ts";

export type { AuditEntry } from "../support/database.ts";
export type { Result } from "../support/subgraph.ts";

/** The livelihoods subgraph on the embedded server, executed through its real schema. */
export type Harness = SubgraphHarness<Models, LivelihoodsContext>;

/** Starts an embedded server and the livelihoods subgraph on a database of its own for one test file. */
export function useLivelihoods(): Harness {
  return useSubgraph(livelihoods, initModels);
}

/** The RUC check digit, for making valid RUCs in tests. */
export { rucCheckDigit } from "../../packages/kit/src/index.ts";

import type { RecoveryContext } from "../../subgraphs/recovery/src/context.ts";
import { initModels } from "../../subgraphs/recovery/src/models.ts";
import type { Models } from "../../subgraphs/recovery/src/models.ts";
import { recovery } from "../../subgraphs/recovery/pillar.ts";
import { useSubgraph, type SubgraphHarness } from "../support/subgraph.ts";

export type { AuditEntry } from "../support/database.ts";
export type { Result } from "../support/subgraph.ts";

/** The recovery subgraph on the embedded server, executed through its real schema. */
export type Harness = SubgraphHarness<Models, RecoveryContext>;

/** Starts an embedded server and the recovery subgraph on a database of its own for one test file. */
export function useRecovery(): Harness {
  return useSubgraph(recovery, initModels);
}

/** The RUC check digit, for making valid RUCs in tests. */
export { rucCheckDigit } from "../../packages/kit/src/index.ts";

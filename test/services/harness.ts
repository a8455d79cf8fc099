import type { ServicesContext } from "../../subgraphs/services/src/context.ts";
import { initModels, type Models } from "../../subgraphs/services/src/models.ts";
import { services } from "../../subgraphs/services/pillar.ts";
import { useSubgraph, type SubgraphHarness } from "../support/subgraph.ts";

export type { AuditEntry } from "../support/database.ts";
export type { Result } from "../support/subgraph.ts";

/** The services subgraph on the embedded server, executed through its real schema. */
export type Harness = SubgraphHarness<Models, ServicesContext>;

/** Starts an embedded server and the services subgraph on a database of its own for one test file. */
export function useServices(): Harness {
  return useSubgraph(services, initModels);
}

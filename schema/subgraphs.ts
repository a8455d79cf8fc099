import { defaultSubgraphUrl } from "@tinkuy/kit";
import { PILLARS } from "../subgraphs/index.ts";

/**
 * The subgraphs the supergraph is composed of: every pillar of the list, with the URL the committed supergraph
 * records (its development default; deployments override each with `SUBGRAPH_<NAME>_URL`) and its SDL file.
 */
export const SUBGRAPHS = PILLARS.map((pillar) => ({
  name: pillar.name,
  url: defaultSubgraphUrl(pillar),
  schema: pillar.schema,
}));

/** The committed supergraph the gateway boots from. */
export const SUPERGRAPH_FILE = new URL("./supergraph.graphql", import.meta.url);

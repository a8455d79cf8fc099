/**
 * The subgraphs the supergraph is composed of: name, the URL the committed supergraph records (development
 * defaults; deployments override each with `SUBGRAPH_<NAME>_URL`), and the SDL file.
 */
export const SUBGRAPHS = [
  {
    name: "formalization",
    url: "http://localhost:4001/graphql",
    schema: new URL("../subgraphs/formalization/schema.graphql", import.meta.url),
  },
  {
    name: "eradication",
    url: "http://localhost:4002/graphql",
    schema: new URL("../subgraphs/eradication/schema.graphql", import.meta.url),
  },
  {
    name: "recovery",
    url: "http://localhost:4003/graphql",
    schema: new URL("../subgraphs/recovery/schema.graphql", import.meta.url),
  },
  {
    name: "livelihoods",
    url: "http://localhost:4004/graphql",
    schema: new URL("../subgraphs/livelihoods/schema.graphql", import.meta.url),
  },
] as const;

/** The committed supergraph the gateway boots from. */
export const SUPERGRAPH_FILE = new URL("./supergraph.graphql", import.meta.url);

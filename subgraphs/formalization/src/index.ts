import { runSubgraph } from "@tinkuy/kit";
import { ensureRegionStats } from "./region-stats.ts";
import { createServer, SUBGRAPH_NAME } from "./subgraph.ts";

await runSubgraph({
  name: SUBGRAPH_NAME,
  port: 4001,
  databaseVariable: "FORMALIZATION_DB",
  create: createServer,
  prepare: async (server) => {
    await server.models.Record.init();
    await ensureRegionStats(server.models);
  },
});

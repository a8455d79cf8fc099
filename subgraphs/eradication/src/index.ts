import { runSubgraph } from "@tinkuy/kit";
import { initModels } from "./models.ts";
import { ensureRegionStats } from "./region-stats.ts";
import { createServer, SUBGRAPH_NAME } from "./subgraph.ts";

await runSubgraph({
  name: SUBGRAPH_NAME,
  port: 4002,
  databaseVariable: "ERADICATION_DB",
  create: createServer,
  prepare: async (server) => {
    await initModels(server.models);
    await ensureRegionStats(server.models);
  },
});

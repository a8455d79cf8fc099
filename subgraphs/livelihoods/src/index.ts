import { runSubgraph } from "@tinkuy/kit";
import { iatiRoutes } from "./iati-xml/route.ts";
import { initModels } from "./models.ts";
import { ensureRegionMoney } from "./region-stats.ts";
import { createServer, SUBGRAPH_NAME } from "./subgraph.ts";

await runSubgraph({
  name: SUBGRAPH_NAME,
  port: 4004,
  databaseVariable: "LIVELIHOODS_DB",
  create: createServer,
  prepare: async (server) => {
    await initModels(server.models);
    await ensureRegionMoney(server.models);
  },
  routes: (server) => iatiRoutes(server),
});

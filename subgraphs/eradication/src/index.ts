import { baseEnv, connectDatabase, createLogger, parseEnv, portVar, startSubgraph } from "@tinkuy/kit";
import { z } from "zod";
import { initModels } from "./models.ts";
import { ensureRegionStats } from "./region-stats.ts";
import { createServer, SUBGRAPH_NAME } from "./subgraph.ts";

const env = parseEnv(
  baseEnv.extend({
    PORT: portVar(4002),
    ERADICATION_DB: z.string().default("eradication"),
  }),
);
const logger = createLogger(SUBGRAPH_NAME, env.LOG_LEVEL);
const connection = await connectDatabase({ uri: env.MONGODB_URI, dbName: env.ERADICATION_DB, logger });
const server = createServer(connection, logger);
await initModels(server.models);
await ensureRegionStats(server.models);
const listener = await startSubgraph({
  apollo: server.apollo,
  context: server.context,
  port: env.PORT,
  logger,
});
logger.info({ url: listener.url }, "eradication subgraph ready");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    logger.info({ signal }, "stopping");
    void listener
      .stop()
      .then(() => connection.close())
      .then(() => process.exit(0));
  });
}

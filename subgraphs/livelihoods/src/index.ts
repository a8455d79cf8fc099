import { baseEnv, connectDatabase, createLogger, parseEnv, portVar, startSubgraph } from "@tinkuy/kit";
import { z } from "zod";
import { initModels } from "./models.ts";
import { ensureRegionMoney } from "./region-stats.ts";
import { createServer, SUBGRAPH_NAME } from "./subgraph.ts";

const env = parseEnv(
  baseEnv.extend({
    PORT: portVar(4004),
    LIVELIHOODS_DB: z.string().default("livelihoods"),
  }),
);
const logger = createLogger(SUBGRAPH_NAME, env.LOG_LEVEL);
const connection = await connectDatabase({ uri: env.MONGODB_URI, dbName: env.LIVELIHOODS_DB, logger });
const server = createServer(connection, logger);
await initModels(server.models);
await ensureRegionMoney(server.models);
const listener = await startSubgraph({
  apollo: server.apollo,
  context: server.context,
  port: env.PORT,
  logger,
});
logger.info({ url: listener.url }, "livelihoods subgraph ready");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    logger.info({ signal }, "stopping");
    void listener
      .stop()
      .then(() => connection.close())
      .then(() => process.exit(0));
  });
}

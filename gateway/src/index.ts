import { createLogger, hubKeys, listen } from "@tinkuy/kit";
import { gatewayEnv } from "./env.ts";
import { createGateway } from "./gateway.ts";
import { readSupergraph } from "./supergraph.ts";

const env = gatewayEnv();
const logger = createLogger("gateway", env.LOG_LEVEL);
const { apollo, handler } = createGateway({
  supergraphSdl: readSupergraph(),
  subgraphUrls: env.subgraphUrls,
  logger,
  keys: hubKeys(env.hubSecret),
  auth: env.auth,
  production: env.production,
  subgraphTimeoutMs: env.SUBGRAPH_TIMEOUT_MS,
  responseCache: env.responseCache,
  persistedOperations: env.persistedOperations,
});
await apollo.start();
const listener = await listen(handler, env.PORT);
logger.info({ url: listener.url }, "gateway ready");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    logger.info({ signal }, "stopping");
    void listener
      .stop()
      .then(() => apollo.stop())
      .then(() => process.exit(0));
  });
}

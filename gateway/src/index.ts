import { createLogger, graphqlRequestHandler, listen } from "@tinkuy/kit";
import { gatewayEnv } from "./env.ts";
import { createGateway } from "./gateway.ts";
import { readSupergraph } from "./supergraph.ts";

const env = gatewayEnv();
const logger = createLogger("gateway", env.LOG_LEVEL);
const apollo = createGateway({
  supergraphSdl: readSupergraph(),
  subgraphUrls: env.subgraphUrls,
  logger,
});
await apollo.start();
const listener = await listen(
  graphqlRequestHandler(apollo, () => Promise.resolve({}), logger),
  env.PORT,
);
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

import { baseEnv, parseEnv, portVar } from "@tinkuy/kit";
import { z } from "zod";

/** The subgraphs the gateway routes to, by their name in the supergraph. */
export const SUBGRAPH_NAMES = ["formalization", "eradication", "recovery", "livelihoods"] as const;

const url = z.url().optional();

/** The gateway's configuration, parsed once at boot. */
export function gatewayEnv(env: Record<string, string | undefined> = process.env) {
  const parsed = parseEnv(
    baseEnv.extend({
      PORT: portVar(4000),
      SUBGRAPH_FORMALIZATION_URL: url,
      SUBGRAPH_ERADICATION_URL: url,
      SUBGRAPH_RECOVERY_URL: url,
      SUBGRAPH_LIVELIHOODS_URL: url,
    }),
    env,
  );
  return {
    ...parsed,
    /** `SUBGRAPH_<NAME>_URL` overrides of the URLs recorded in the supergraph, by subgraph name. */
    subgraphUrls: {
      formalization: parsed.SUBGRAPH_FORMALIZATION_URL,
      eradication: parsed.SUBGRAPH_ERADICATION_URL,
      recovery: parsed.SUBGRAPH_RECOVERY_URL,
      livelihoods: parsed.SUBGRAPH_LIVELIHOODS_URL,
    } satisfies Record<(typeof SUBGRAPH_NAMES)[number], string | undefined>,
  };
}

import { baseEnv, parseEnv, portVar } from "@tinkuy/kit";
import { z } from "zod";

/** The gateway's configuration, parsed once at boot. */
export function gatewayEnv(env: Record<string, string | undefined> = process.env) {
  return parseEnv(
    baseEnv.extend({
      PORT: portVar(4000),
      SUBGRAPH_FORMALIZATION_URL: z.url().optional(),
    }),
    env,
  );
}

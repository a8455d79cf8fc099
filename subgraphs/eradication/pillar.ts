import type { PillarDefinition } from "@tinkuy/kit";
import { codegen } from "./codegen.ts";
import type { EradicationContext } from "./src/context.ts";
import type { Models } from "./src/models.ts";

/** Enforcement against illegal mining: operations, items destroyed and seized, security outposts, prosecutors. */
export const eradication: PillarDefinition<Models, EradicationContext> = {
  name: "eradication",
  port: 4002,
  schema: new URL("./schema.graphql", import.meta.url),
  codegen,
  serving: () => import("./src/subgraph.ts"),
  seed: () => import("./seed/index.ts"),
};

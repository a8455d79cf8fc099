import type { PillarDefinition } from "@tinkuy/kit";
import { codegen } from "./codegen.ts";
import type { RecoveryContext } from "./src/context.ts";
import type { Models } from "./src/models.ts";

/** Environmental recovery: degraded areas, mining environmental liabilities (PAM) and restoration projects. */
export const recovery: PillarDefinition<Models, RecoveryContext> = {
  name: "recovery",
  port: 4003,
  schema: new URL("./schema.graphql", import.meta.url),
  codegen,
  serving: () => import("./src/subgraph.ts"),
  seed: () => import("./seed/index.ts"),
};

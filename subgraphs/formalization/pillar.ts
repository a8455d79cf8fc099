import type { PillarDefinition } from "@tinkuy/kit";
import { codegen } from "./codegen.ts";
import type { FormalizationContext } from "./src/context.ts";
import type { Models } from "./src/models.ts";

/** The REINFO registry of small-scale and artisanal miners (MINEM): records, statuses and their history. */
export const formalization: PillarDefinition<Models, FormalizationContext> = {
  name: "formalization",
  port: 4001,
  schema: new URL("./schema.graphql", import.meta.url),
  codegen,
  serving: () => import("./src/subgraph.ts"),
  seed: () => import("./seed/index.ts"),
};

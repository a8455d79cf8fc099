import type { PillarDefinition } from "@tinkuy/kit";
import { codegen } from "./codegen.ts";
import type { LivelihoodsContext } from "./src/context.ts";
import type { Models } from "./src/models.ts";

/** Alternative-livelihood projects funded by donors, IATI-aligned: budgets, transactions, results, enrolments. */
export const livelihoods: PillarDefinition<Models, LivelihoodsContext> = {
  name: "livelihoods",
  port: 4004,
  schema: new URL("./schema.graphql", import.meta.url),
  codegen,
  serving: () => import("./src/subgraph.ts"),
  seed: () => import("./seed/index.ts"),
};

import type { PillarDefinition } from "@tinkuy/kit";
import { codegen } from "./codegen.ts";
import type { ServicesContext } from "./src/context.ts";
import type { Models } from "./src/models.ts";

/** Local infrastructure and services: public investment by district (MEF's Invierte.pe investment bank). */
export const services: PillarDefinition<Models, ServicesContext> = {
  name: "services",
  port: 4005,
  schema: new URL("./schema.graphql", import.meta.url),
  codegen,
  serving: () => import("./src/subgraph.ts"),
  seed: () => import("./seed/index.ts"),
};

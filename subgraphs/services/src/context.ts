import type { PillarContext } from "@tinkuy/kit";
import type { Loaders } from "./loaders.ts";
import type { Models } from "./models.ts";

/** What every resolver of this subgraph receives: the signed viewer (checked by the access rules) and more. */
export type ServicesContext = PillarContext<Models, Loaders>;

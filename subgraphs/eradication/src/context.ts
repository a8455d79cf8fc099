import type { ViewerContext } from "@tinkuy/kit";
import type { Loaders } from "./loaders.ts";
import type { Models } from "./models.ts";
import type { Actor } from "./registry.ts";

/** What every resolver of this subgraph receives: the signed viewer (checked by the access rules) and more. */
export interface EradicationContext extends ViewerContext {
  models: Models;
  /** Per-request loaders (never shared between requests). */
  loaders: Loaders;
  /** Who is asking, as recorded with every write: the viewer's id. */
  actor: Actor;
}

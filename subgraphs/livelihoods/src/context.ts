import type { RucPseudonyms, ViewerContext } from "@tinkuy/kit";
import type { Actor } from "./idempotency.ts";
import type { Loaders } from "./loaders.ts";
import type { Models } from "./models.ts";

/** What every resolver of this subgraph receives: the signed viewer (checked by the access rules) and more. */
export interface LivelihoodsContext extends ViewerContext {
  models: Models;
  /** Per-request loaders (never shared between requests). */
  loaders: Loaders;
  /** Who is asking; recorded with every write: the viewer's id. */
  actor: Actor;
  /** The hub's RUC pseudonyms, for an enrollment's identity (which holds the miner's RUC). */
  pseudonyms: RucPseudonyms;
}

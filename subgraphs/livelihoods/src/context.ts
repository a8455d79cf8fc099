import type { Actor } from "./idempotency.ts";
import type { Loaders } from "./loaders.ts";
import type { Models } from "./models.ts";

/** What every resolver of this subgraph receives. */
export interface LivelihoodsContext {
  models: Models;
  /** Per-request loaders (never shared between requests). */
  loaders: Loaders;
  /** Who is asking; recorded with every write. */
  actor: Actor;
}

import type { Loaders } from "./loaders.ts";
import type { Models } from "./models.ts";
import type { Actor } from "./registry.ts";

/** What every resolver of this subgraph receives. */
export interface EradicationContext {
  models: Models;
  /** Per-request loaders (never shared between requests). */
  loaders: Loaders;
  /** Who is asking; recorded with every write. */
  actor: Actor;
}

import type { ViewerContext } from "@tinkuy/kit";
import type { Actor } from "./idempotency.ts";
import type { Loaders } from "./loaders.ts";
import type { Models } from "./models.ts";

/** What every resolver of this subgraph receives: the signed viewer (checked by the access rules) and more. */
export interface RecoveryContext extends ViewerContext {
  models: Models;
  /** Per-request loaders (never shared between requests). */
  loaders: Loaders;
  /** Who is asking, as recorded with registrations, progress reports and risk assessments: the viewer's id. */
  actor: Actor;
}

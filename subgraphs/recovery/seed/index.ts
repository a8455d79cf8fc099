import type { PillarSeed } from "@tinkuy/kit";
import type { Models } from "../src/models.ts";
import { seedRecovery } from "../src/seed.ts";

/** MINEM's liability inventory, degraded areas and restoration projects at the published scale. */
export const seed: PillarSeed<Models>["seed"] = async (models, { scale, seed, links, onProgress }) => {
  const s = await seedRecovery(models, {
    scale,
    ...(seed === undefined ? {} : { seed }),
    knownRucs: links.rucs,
    onProgress,
  });
  return `${s.liabilities.toLocaleString("en")} mining liabilities, ${s.degradedAreas.toLocaleString("en")} degraded areas`;
};

import type { PillarSeed } from "@tinkuy/kit";
import type { Models } from "../src/models.ts";
import { seedLivelihoods } from "../src/seed.ts";

/** The donors' project portfolio, enrolling a share of REINFO's excluded and suspended operators. */
export const seed: PillarSeed<Models>["seed"] = async (models, { scale, seed, links, onProgress }) => {
  const s = await seedLivelihoods(models, {
    scale,
    ...(seed === undefined ? {} : { seed }),
    knownRucs: links.rucs,
    reinfoStatusOf: links.statusOf,
    onProgress,
  });
  return `${s.projects.toLocaleString("en")} livelihood projects`;
};

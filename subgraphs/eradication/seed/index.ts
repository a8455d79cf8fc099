import type { PillarSeed } from "@tinkuy/kit";
import type { Models } from "../src/models.ts";
import { seedEradication } from "../src/seed.ts";

/** Enforcement operations at the published scale, most targets drawn from REINFO's excluded operators. */
export const seed: PillarSeed<Models>["seed"] = async (models, { scale, seed, links, onProgress }) => {
  const s = await seedEradication(models, {
    scale,
    ...(seed === undefined ? {} : { seed }),
    knownRucs: links.withDistrict,
    onProgress,
  });
  return `${s.operations.toLocaleString("en")} enforcement operations`;
};

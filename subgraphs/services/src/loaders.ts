import type DataLoader from "dataloader";
import { uniqueLoader } from "@tinkuy/kit";
import type { Models, ProjectDoc } from "./models.ts";
import { regionFiguresLoader, type Figures, type FiguresKey } from "./region-figures.ts";

/** The per-request loaders: every entity fetch goes through one, so a request costs one command per batch. */
export interface Loaders {
  projectByCui: DataLoader<string, ProjectDoc | null>;
  figures: DataLoader<FiguresKey, Figures, string>;
}

/** A fresh set of loaders for one request (never shared between requests: no cross-viewer caching). */
export function createLoaders(models: Models): Loaders {
  return {
    projectByCui: uniqueLoader(
      (cuis) => models.Project.find({ cui: { $in: cuis } }).lean<ProjectDoc[]>(),
      (project) => project.cui,
    ),
    figures: regionFiguresLoader(models),
  };
}

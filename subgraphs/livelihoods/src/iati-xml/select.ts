import type { ActivityData } from "./activities.ts";

/** The activities an export writes, and how many synthetic ones it left out. */
export interface ActivitySelection {
  activities: ActivityData[];
  syntheticOmitted: number;
}

/**
 * Leaves out the projects whose provenance is `SYNTHETIC` (the hub's demo data) unless `includeSynthetic`: an IATI
 * file is read as published data, so demo projects go into one only when its reader asked for them (and are then
 * marked, see `render.ts`).
 */
export function selectActivities(
  loaded: readonly ActivityData[],
  options: { includeSynthetic: boolean },
): ActivitySelection {
  const activities = options.includeSynthetic
    ? [...loaded]
    : loaded.filter((activity) => activity.provenance.kind !== "SYNTHETIC");
  return { activities, syntheticOmitted: loaded.length - activities.length };
}

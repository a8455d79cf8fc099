import DataLoader from "dataloader";
import { NATIONAL_UBIGEO, type RegionLevel } from "@tinkuy/kit";
import { LARGE_BATCH } from "./large-batch.ts";
import type { Models } from "./models.ts";
import { codesByLevel } from "./region-levels.ts";

/** A degraded area as formalization's exclusion evidence reads it: where it lies and when it was detected. */
export interface Sighting {
  latitude: number;
  longitude: number;
  detectedOn: Date;
}

/** The area's field holding its region's code at each level; none for Peru (`00`), which holds every area. */
const FIELD: Record<RegionLevel, "department" | "province" | "district" | null> = {
  COUNTRY: null,
  DEPARTMENT: "department",
  PROVINCE: "province",
  DISTRICT: "district",
};

type Located = Sighting & Record<NonNullable<(typeof FIELD)[RegionLevel]>, string>;

/**
 * Every located degraded area of each region of a request (`Region.degradedAreaSightings`), oldest detection
 * first: one find per region level asked for, however many regions, reading only the fields it answers; Peru
 * (`00`) has every located area.
 */
export function sightingsLoader(models: Models): DataLoader<string, Sighting[]> {
  return new DataLoader<string, Sighting[]>(
    async (codes) => {
      const byLevel = codesByLevel(codes);
      const sightings = new Map<string, Sighting[]>(codes.map((code) => [code, []]));
      await Promise.all(
        [...byLevel].map(async ([level, inLevel]) => {
          const field = FIELD[level];
          const located: Record<string, unknown> = {
            ...(field ? { [field]: { $in: inLevel } } : {}),
            latitude: { $type: "number" },
            longitude: { $type: "number" },
          };
          const areas = await models.Area.find(located, {
            _id: 0,
            ...(field ? { [field]: 1 } : {}),
            latitude: 1,
            longitude: 1,
            detectedOn: 1,
          })
            .sort({ detectedOn: 1, code: 1 })
            .batchSize(LARGE_BATCH)
            .lean<Located[]>();
          for (const area of areas) {
            const { latitude, longitude, detectedOn } = area;
            sightings.get(field ? area[field] : NATIONAL_UBIGEO)?.push({ latitude, longitude, detectedOn });
          }
        }),
      );
      return codes.map((code) => sightings.get(code) ?? []);
    },
    { maxBatchSize: 1000 },
  );
}

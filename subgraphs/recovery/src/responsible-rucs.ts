import DataLoader from "dataloader";
import { NATIONAL_UBIGEO, type RegionLevel } from "@tinkuy/kit";
import { LARGE_BATCH } from "./large-batch.ts";
import type { Models } from "./models.ts";
import { codesByLevel } from "./region-levels.ts";

/** The liability's field holding its region's code at each level; none for Peru (`00`), which holds every one. */
const FIELD: Record<RegionLevel, "ID_DEPA" | "ID_PROV" | "ID_DIST" | null> = {
  COUNTRY: null,
  DEPARTMENT: "ID_DEPA",
  PROVINCE: "ID_PROV",
  DISTRICT: "ID_DIST",
};

/**
 * The distinct RUCs responsible for liabilities the inventory lists today in each region of a request (sorted):
 * one aggregation per region level asked for, however many regions (for Peru, `00`, every listed liability's).
 * This is what formalization's exclusion evidence requires (`Region.liabilityResponsibleRucs`).
 */
export function responsibleRucsLoader(models: Models): DataLoader<string, string[]> {
  return new DataLoader<string, string[]>(
    async (codes) => {
      const byLevel = codesByLevel(codes);
      const rucs = new Map<string, string[]>(codes.map((code) => [code, []]));
      await Promise.all(
        [...byLevel].map(async ([level, inLevel]) => {
          const field = FIELD[level];
          const pairs = await models.Liability.aggregate<{ _id: { region?: string; ruc: string } }>([
            {
              $match: {
                ...(field ? { [field]: { $in: inLevel } } : {}),
                responsibleRuc: { $type: "string" },
                removedFromInventory: null,
              },
            },
            { $group: { _id: { ...(field ? { region: `$${field}` } : {}), ruc: "$responsibleRuc" } } },
          ])
            .option({ batchSize: LARGE_BATCH })
            .exec();
          for (const { _id } of pairs) rucs.get(_id.region ?? NATIONAL_UBIGEO)?.push(_id.ruc);
        }),
      );
      return codes.map((code) => (rucs.get(code) ?? []).sort());
    },
    { maxBatchSize: 1000 },
  );
}

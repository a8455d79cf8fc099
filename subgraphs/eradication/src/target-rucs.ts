import DataLoader from "dataloader";
import { levelOf, type RegionLevel } from "@tinkuy/kit";
import type { Models } from "./models.ts";
import { LARGE_BATCH } from "./region-figures.ts";

const FIELD: Record<RegionLevel, "department" | "province" | "district"> = {
  DEPARTMENT: "department",
  PROVINCE: "province",
  DISTRICT: "district",
};

/**
 * The distinct RUCs targeted by operations in each region of a request (any date, sorted): one aggregation per
 * region level asked for, however many regions. This is what formalization's exclusion evidence requires
 * (`Region.enforcementTargetRucs`).
 */
export function targetRucsLoader(models: Models): DataLoader<string, string[]> {
  return new DataLoader<string, string[]>(
    async (codes) => {
      const byLevel = new Map<RegionLevel, string[]>();
      for (const code of codes) {
        const level = levelOf(code);
        if (level) byLevel.set(level, [...(byLevel.get(level) ?? []), code]);
      }
      const rucs = new Map<string, string[]>(codes.map((code) => [code, []]));
      await Promise.all(
        [...byLevel].map(async ([level, inLevel]) => {
          const field = FIELD[level];
          const pairs = await models.Operation.aggregate<{ _id: { region: string; ruc: string } }>([
            { $match: { [field]: { $in: inLevel }, "targetRucs.0": { $exists: true } } },
            { $unwind: "$targetRucs" },
            { $group: { _id: { region: `$${field}`, ruc: "$targetRucs" } } },
          ]).option({ batchSize: LARGE_BATCH });
          for (const { _id } of pairs) rucs.get(_id.region)?.push(_id.ruc);
        }),
      );
      return codes.map((code) => (rucs.get(code) ?? []).sort());
    },
    { maxBatchSize: 1000 },
  );
}

import DataLoader from "dataloader";
import type { RegionLevel } from "@tinkuy/kit";
import type { Models } from "./models.ts";
import { codesByLevel } from "./region-levels.ts";

const FIELD: Record<RegionLevel, "ID_DEPA" | "ID_PROV" | "ID_DIST"> = {
  DEPARTMENT: "ID_DEPA",
  PROVINCE: "ID_PROV",
  DISTRICT: "ID_DIST",
};

/**
 * The distinct RUCs responsible for liabilities the inventory lists today in each region of a request (sorted): one aggregation per
 * region level asked for, however many regions. This is what formalization's exclusion evidence requires
 * (`Region.liabilityResponsibleRucs`).
 */
export function responsibleRucsLoader(models: Models): DataLoader<string, string[]> {
  return new DataLoader<string, string[]>(
    async (codes) => {
      const byLevel = codesByLevel(codes);
      const rucs = new Map<string, string[]>(codes.map((code) => [code, []]));
      await Promise.all(
        [...byLevel].map(async ([level, inLevel]) => {
          const field = FIELD[level];
          const pairs = await models.Liability.aggregate<{ _id: { region: string; ruc: string } }>([
            {
              $match: {
                [field]: { $in: inLevel },
                responsibleRuc: { $type: "string" },
                removedFromInventory: null,
              },
            },
            { $group: { _id: { region: `$${field}`, ruc: "$responsibleRuc" } } },
          ]);
          for (const { _id } of pairs) rucs.get(_id.region)?.push(_id.ruc);
        }),
      );
      return codes.map((code) => (rucs.get(code) ?? []).sort());
    },
    { maxBatchSize: 1000 },
  );
}

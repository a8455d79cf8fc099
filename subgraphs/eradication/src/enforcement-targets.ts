import DataLoader from "dataloader";
import { levelOf, NATIONAL_UBIGEO, type RegionLevel } from "@tinkuy/kit";
import type { Models } from "./models.ts";
import { LARGE_BATCH } from "./region-figures.ts";

/** The field that locates an operation in a region of each level; none for Peru, where every operation is. */
const FIELD: Record<RegionLevel, "department" | "province" | "district" | null> = {
  COUNTRY: null,
  DEPARTMENT: "department",
  PROVINCE: "province",
  DISTRICT: "district",
};

/** A RUC that operations in a region targeted, and the day of the latest such operation. */
export interface EnforcementTargetDoc {
  ruc: string;
  lastTargetedOn: Date;
}

/**
 * The distinct RUCs targeted by operations in each region of a request, each with the day of the latest
 * operation there that targeted it, by RUC: one aggregation per region level asked for, however many regions
 * (for Peru, `00`, every RUC any operation targeted).
 * This is what formalization's exclusion evidence requires (`Region.enforcementTargets`), to count the
 * operations after an exclusion.
 */
export function enforcementTargetsLoader(models: Models): DataLoader<string, EnforcementTargetDoc[]> {
  return new DataLoader<string, EnforcementTargetDoc[]>(async (codes) => {
    const byLevel = new Map<RegionLevel, string[]>();
    for (const code of codes) {
      const level = levelOf(code);
      if (level) byLevel.set(level, [...(byLevel.get(level) ?? []), code]);
    }
    const targets = new Map<string, EnforcementTargetDoc[]>(codes.map((code) => [code, []]));
    await Promise.all(
      [...byLevel].map(async ([level, inLevel]) => {
        const field = FIELD[level];
        const pairs = await models.Operation.aggregate<{
          _id: { region: string; ruc: string };
          last: Date;
        }>([
          {
            $match: {
              ...(field && { [field]: { $in: inLevel } }),
              "targetRucs.0": { $exists: true },
            },
          },
          { $unwind: "$targetRucs" },
          {
            $group: {
              _id: { region: field ? `$${field}` : { $literal: NATIONAL_UBIGEO }, ruc: "$targetRucs" },
              last: { $max: "$date" },
            },
          },
        ]).option({ batchSize: LARGE_BATCH });
        for (const { _id, last } of pairs) {
          targets.get(_id.region)?.push({ ruc: _id.ruc, lastTargetedOn: last });
        }
      }),
    );
    return codes.map((code) =>
      (targets.get(code) ?? []).sort((a, b) => (a.ruc < b.ruc ? -1 : a.ruc > b.ruc ? 1 : 0)),
    );
  });
}

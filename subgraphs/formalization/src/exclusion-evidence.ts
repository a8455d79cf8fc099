import DataLoader from "dataloader";
import { levelOf, type RegionLevel } from "@tinkuy/kit";
import type { Models } from "./models.ts";

/** A region and the other pillars' RUC lists for it (brought by the gateway through `@requires`). */
export interface EvidenceKey {
  ubigeo: string;
  targeted: readonly string[];
  liable: readonly string[];
}

/** The figures of `ExclusionEvidence`, except `excludedRecords`, which the region counters give. */
export interface EvidenceCounts {
  excludedOperators: number;
  targetedByEnforcement: number;
  responsibleForLiabilities: number;
  targetedOrResponsible: number;
  targetedAndResponsible: number;
}

const FIELD: Record<RegionLevel, "ID_DEPA" | "ID_PROV" | "ID_DIST"> = {
  DEPARTMENT: "ID_DEPA",
  PROVINCE: "ID_PROV",
  DISTRICT: "ID_DIST",
};

/**
 * Computes the exclusion evidence for every region of a request at once: one aggregation per region level for
 * the distinct excluded operators, and one find for the excluded records of the other pillars' RUCs, however
 * many regions are asked for.
 */
export function exclusionEvidenceLoader(models: Models): DataLoader<EvidenceKey, EvidenceCounts, string> {
  return new DataLoader<EvidenceKey, EvidenceCounts, string>(
    async (keys) => {
      const byLevel = new Map<RegionLevel, string[]>();
      for (const key of keys) {
        const level = levelOf(key.ubigeo);
        if (level) byLevel.set(level, [...(byLevel.get(level) ?? []), key.ubigeo]);
      }
      const operators = new Map<string, number>();
      for (const [level, codes] of byLevel) {
        const field = FIELD[level];
        const groups = await models.Record.aggregate<{ _id: string; n: number }>([
          { $match: { ESTADO: "EXCLUIDO", [field]: { $in: codes } } },
          { $group: { _id: { region: `$${field}`, ruc: "$M_RUC" } } },
          { $group: { _id: "$_id.region", n: { $sum: 1 } } },
        ]);
        for (const group of groups) operators.set(group._id, group.n);
      }
      const candidates = [...new Set(keys.flatMap((key) => [...key.targeted, ...key.liable]))];
      const excluded =
        candidates.length === 0
          ? []
          : await models.Record.find(
              { ESTADO: "EXCLUIDO", M_RUC: { $in: candidates } },
              { _id: 0, M_RUC: 1, ID_DIST: 1 },
            ).lean<{ M_RUC: string; ID_DIST: string }[]>();
      return keys.map((key) => {
        const here = new Set(excluded.filter((r) => r.ID_DIST.startsWith(key.ubigeo)).map((r) => r.M_RUC));
        const targeted = new Set(key.targeted.filter((ruc) => here.has(ruc)));
        const liable = new Set(key.liable.filter((ruc) => here.has(ruc)));
        const either = new Set([...targeted, ...liable]);
        return {
          excludedOperators: operators.get(key.ubigeo) ?? 0,
          targetedByEnforcement: targeted.size,
          responsibleForLiabilities: liable.size,
          targetedOrResponsible: either.size,
          targetedAndResponsible: [...targeted].filter((ruc) => liable.has(ruc)).length,
        };
      });
    },
    { cacheKeyFn: (key) => key.ubigeo },
  );
}

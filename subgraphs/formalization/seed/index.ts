import type { PillarSeed, SeedLinks } from "@tinkuy/kit";
import type { Models } from "../src/models.ts";
import { seedFormalization } from "../src/seed.ts";

/** REINFO's demo registry; seeded first, because the other pillars' demo data links to its operators. */
export const seed: PillarSeed<Models>["seed"] = async (models, { scale, seed, onProgress }) => {
  const s = await seedFormalization(models, { scale, ...(seed === undefined ? {} : { seed }), onProgress });
  return `${s.records.toLocaleString("en")} REINFO records from ${s.distinctRucs.toLocaleString("en")} RUCs`;
};

/** REINFO's excluded and suspended operators, each with a district of theirs: what the other seeds link to. */
export async function links(models: Models): Promise<SeedLinks> {
  const records = await models.Record.collection
    .find(
      { ESTADO: { $in: ["EXCLUIDO", "SUSPENDIDO"] } },
      { projection: { _id: 0, M_RUC: 1, ID_DIST: 1, ESTADO: 1 } },
    )
    .toArray();
  const statusOf = new Map<string, string>();
  const withDistrict: { ruc: string; ubigeo: string }[] = [];
  for (const record of records) {
    const ruc = String(record.M_RUC);
    if (statusOf.has(ruc)) continue;
    statusOf.set(ruc, String(record.ESTADO));
    withDistrict.push({ ruc, ubigeo: String(record.ID_DIST) });
  }
  return { rucs: [...statusOf.keys()], withDistrict, statusOf };
}

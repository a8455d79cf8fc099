import { regionCatalog } from "@tinkuy/kit";
import type { Models, OutpostDoc } from "../src/models.ts";
import { demoProvenance } from "../src/provenance.ts";
import { day, round } from "./support.ts";
import { OUTPOSTS } from "./vocabulary.ts";

/** The three CUPAZ security outposts of the Pataz emergency, as announced (DS 060-2025-PCM). */
export async function seedOutposts(models: Models): Promise<number> {
  const docs: OutpostDoc[] = OUTPOSTS.map((outpost) => {
    const district = regionCatalog().require(outpost.district, "outpost");
    return {
      id: outpost.id,
      name: outpost.name,
      department: outpost.district.slice(0, 2),
      province: outpost.district.slice(0, 4),
      district: outpost.district,
      latitude: round(district.latitude + outpost.offset[0], 6),
      longitude: round(district.longitude + outpost.offset[1], 6),
      openedOn: day(outpost.openedOn),
      status: "OPERATIONAL",
      staffing: outpost.staffing,
      agencies: ["ARMED_FORCES_CUPAZ", "PNP_DIRECTORATE_ENVIRONMENT"],
      legalBasis: "DS 060-2025-PCM",
      provenance: demoProvenance("outpost"),
    };
  });
  await models.Outpost.collection.insertMany(docs);
  return docs.length;
}

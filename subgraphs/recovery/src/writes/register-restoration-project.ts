import {
  badUserInput,
  conflict,
  isDuplicateKey,
  notFound,
  parseWrite,
  replayed,
  type Actor,
} from "@tinkuy/kit";
import { registerProjectInput } from "../inputs.ts";
import { removedReason } from "./removed-liability.ts";
import type { AreaDoc, LiabilityDoc, Models, ProjectDoc } from "../models.ts";
import { editorProvenance } from "../provenance.ts";
import { aresToHectares } from "../units.ts";
import { nextCode } from "./next-code.ts";

/**
 * Registers a restoration project (`PLANNED`): its areas must exist, lie in its region and have enough
 * hectares left to restore for the plan; its liabilities must exist and lie in its region.
 */
export async function registerRestorationProject(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<ProjectDoc> {
  const { key, input, hash } = parseWrite(registerProjectInput, raw, rawKey);
  const replay = await models.Project.findOne({ registrationKey: key }).lean<ProjectDoc>();
  if (replay) return replayed(replay, replay.requestHash, hash, key);

  const liabilityIds = input.liabilityIds ?? [];
  const [areas, liabilities] = await Promise.all([
    models.Area.find({ code: { $in: input.degradedAreaIds } }).lean<AreaDoc[]>(),
    liabilityIds.length > 0
      ? models.Liability.find(
          { ID: { $in: liabilityIds } },
          { ID: 1, ID_DIST: 1, removedFromInventory: 1 },
        ).lean<LiabilityDoc[]>()
      : Promise.resolve([]),
  ]);
  const areaByCode = new Map(areas.map((area) => [area.code, area]));
  let available = 0;
  input.degradedAreaIds.forEach((code, i) => {
    const area = areaByCode.get(code);
    if (!area) throw notFound(`input.degradedAreaIds.${i}`, `no degraded area ${code}`);
    if (!area.district.startsWith(input.ubigeo)) {
      throw badUserInput(
        `input.degradedAreaIds.${i}`,
        `${code} lies in district ${area.district}, outside the project's region ${input.ubigeo}`,
      );
    }
    available += area.ares - area.restoredAres;
  });
  const liabilityById = new Map(liabilities.map((liability) => [liability.ID, liability]));
  liabilityIds.forEach((id, i) => {
    const liability = liabilityById.get(id);
    if (!liability) throw notFound(`input.liabilityIds.${i}`, `no mining environmental liability ${id}`);
    if (liability.removedFromInventory) {
      throw badUserInput(
        `input.liabilityIds.${i}`,
        removedReason(liability, "a project cannot remediate it"),
      );
    }
    if (!liability.ID_DIST.startsWith(input.ubigeo)) {
      throw badUserInput(
        `input.liabilityIds.${i}`,
        `liability ${id} lies in district ${liability.ID_DIST}, outside the project's region ${input.ubigeo}`,
      );
    }
  });
  if (input.hectaresPlanned > available) {
    throw badUserInput(
      "input.hectaresPlanned",
      `the project's areas have ${aresToHectares(available)} hectares left to restore; plan at most that`,
    );
  }

  const doc: ProjectDoc = {
    code: await nextCode(models, "RP"),
    name: input.name,
    ubigeo: input.ubigeo,
    areaCodes: input.degradedAreaIds,
    liabilityIds,
    plannedAres: input.hectaresPlanned,
    restoredAres: 0,
    status: "PLANNED",
    budgetCents: input.budget,
    executedCents: 0,
    currency: "PEN",
    implementingAgency: input.implementingAgency,
    fundedBy: input.fundedBy ?? null,
    startDate: input.startDate,
    plannedEndDate: input.plannedEndDate ?? null,
    progress: [],
    registeredBy: actor.id,
    provenance: editorProvenance(new Date()),
    registrationKey: key,
    requestHash: hash,
  };
  try {
    const now = new Date();
    await models.Project.collection.insertOne({ ...doc, createdAt: now, updatedAt: now });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const raced = await models.Project.findOne({ registrationKey: key }).lean<ProjectDoc>();
    if (raced) return replayed(raced, raced.requestHash, hash, key);
    throw conflict("input", "the project could not be registered; retry");
  }
  return doc;
}

import { conflict, isDuplicateKey, parseWrite, replayed, type Actor } from "@tinkuy/kit";
import { applyProjectChange } from "../counters.ts";
import { projectRegions, type Models, type ProjectDoc } from "../models.ts";
import { editorProvenance } from "../provenance.ts";
import { registerProjectInput } from "./inputs.ts";
import { addressed, keyHolders } from "./project-state.ts";

const OPERATION = "registerInvestmentProject";

/**
 * Registers an investment as the bank lists it, `FORMULATION` or `VIABLE`, with nothing accrued and its
 * registration as the first entry of its status history. One read finds both a retry (the key) and a CUI already
 * registered (CONFLICT naming `input.cui`); the insert is the one write, and the unique CUI and key settle a
 * concurrent twin. Not in execution, it moves no figure yet, but it goes through the counters like every write.
 */
export async function registerInvestmentProject(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<ProjectDoc> {
  const { key, input, hash } = parseWrite(registerProjectInput, raw, rawKey, OPERATION);
  const found = await models.Project.find({ $or: [...keyHolders(key), { cui: input.cui }] }).lean<
    ProjectDoc[]
  >();
  const { replay, project } = addressed(found, input.cui, key, hash);
  if (replay) return replay;
  if (project) throw taken(input.cui);

  const now = new Date();
  const provenance = editorProvenance(now);
  const doc: ProjectDoc = {
    cui: input.cui,
    name: input.name,
    functionCode: input.function,
    programme: input.programme ?? null,
    subprogramme: input.subprogramme ?? null,
    executingUnit: input.executingUnit,
    governmentLevel: input.governmentLevel,
    districts: input.districts,
    regions: projectRegions(input.districts),
    status: input.status,
    viableCostCents: input.viableCost,
    updatedCostCents: input.updatedCost ?? null,
    execution: [],
    accruedCents: 0,
    registeredOn: input.registeredOn,
    viableOn: input.viableOn ?? null,
    executionStartedOn: null,
    closedOn: null,
    statusHistory: [
      {
        status: input.status,
        on: input.viableOn ?? input.registeredOn,
        recordedBy: actor.id,
        provenance,
      },
    ],
    provenance,
    registeredBy: actor.id,
    registrationKey: key,
    requestHash: hash,
  };
  try {
    // The driver adds `_id` to what it inserts: give it a copy, keep `doc` as the API sees it.
    await models.Project.collection.insertOne({ ...doc, createdAt: now, updatedAt: now });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const raced = await models.Project.findOne({ registrationKey: key }).lean<ProjectDoc>();
    if (raced) return replayed(raced, raced.requestHash, hash, key);
    throw taken(input.cui);
  }
  await applyProjectChange(models, null, doc);
  return doc;
}

function taken(cui: string) {
  return conflict("input.cui", `investment ${cui} is already registered`);
}

import {
  badUserInput,
  conflict,
  isDuplicateKey,
  notFound,
  parseInput,
  replayed,
  requestHash,
} from "@tinkuy/kit";
import { representativePoint } from "./geometry.ts";
import type { Actor } from "./idempotency.ts";
import { idempotencyKey, registerAreaInput, registerProjectInput } from "./inputs.ts";
import type { AreaDoc, LiabilityDoc, Models, ProjectDoc } from "./models.ts";
import { applyStatsChange, detectionChange } from "./region-stats.ts";
import { aresToHectares } from "./units.ts";

/** Identifier prefixes and their zero-padded widths. */
const CODE_WIDTH = { DA: 7, RP: 4 } as const;

/** The next identifier of a sequence (`DA-0000124`): one atomic increment. */
export async function nextCode(models: Models, prefix: keyof typeof CODE_WIDTH): Promise<string> {
  const sequence = await models.Sequence.findOneAndUpdate(
    { _id: prefix },
    { $inc: { value: 1 } },
    { upsert: true, returnDocument: "after" },
  ).lean();
  return `${prefix}-${String(sequence?.value ?? 1).padStart(CODE_WIDTH[prefix], "0")}`;
}

/**
 * Registers a degraded area: validates everything first, inserts it with its registration key, then counts it
 * in its district's month. A retry with the same key and input returns the first area; the same key with
 * another input is a CONFLICT.
 */
export async function registerDegradedArea(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<AreaDoc> {
  const key = parseInput(idempotencyKey, rawKey, "idempotencyKey");
  const input = parseInput(registerAreaInput, raw, "input");
  const hash = requestHash(input);
  const replay = await models.Area.findOne({ registrationKey: key }).lean<AreaDoc>();
  if (replay) return replayed(replay, replay.requestHash, hash, key);

  const point =
    input.latitude != null && input.longitude != null
      ? { latitude: input.latitude, longitude: input.longitude }
      : input.geometry
        ? representativePoint(input.geometry)
        : null;
  const doc: AreaDoc = {
    code: await nextCode(models, "DA"),
    name: input.name ?? null,
    department: input.ubigeo.slice(0, 2),
    province: input.ubigeo.slice(0, 4),
    district: input.ubigeo,
    ares: input.hectares,
    restoredAres: 0,
    cause: input.cause,
    source: input.source,
    sourceReference: input.sourceReference ?? null,
    detectedOn: input.detectedOn,
    miningCorridor: input.miningCorridor ?? null,
    geometry: input.geometry ?? null,
    latitude: point?.latitude ?? null,
    longitude: point?.longitude ?? null,
    registeredBy: actor.id,
    registrationKey: key,
    requestHash: hash,
  };
  try {
    const now = new Date();
    await models.Area.collection.insertOne({ ...doc, createdAt: now, updatedAt: now });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    // Another request with the same key won the race: answer as a retry would.
    const raced = await models.Area.findOne({ registrationKey: key }).lean<AreaDoc>();
    if (raced) return replayed(raced, raced.requestHash, hash, key);
    throw error;
  }
  await applyStatsChange(models, detectionChange(doc.district, doc.detectedOn, doc.ares));
  return doc;
}

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
  const key = parseInput(idempotencyKey, rawKey, "idempotencyKey");
  const input = parseInput(registerProjectInput, raw, "input");
  const hash = requestHash(input);
  const replay = await models.Project.findOne({ registrationKey: key }).lean<ProjectDoc>();
  if (replay) return replayed(replay, replay.requestHash, hash, key);

  const liabilityIds = input.liabilityIds ?? [];
  const [areas, liabilities] = await Promise.all([
    models.Area.find({ code: { $in: input.degradedAreaIds } }).lean<AreaDoc[]>(),
    liabilityIds.length > 0
      ? models.Liability.find({ ID: { $in: liabilityIds } }, { ID: 1, ID_DIST: 1 }).lean<LiabilityDoc[]>()
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

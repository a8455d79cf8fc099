import { conflict, isDuplicateKey, parseWrite, type Actor } from "@tinkuy/kit";
import type { z } from "zod";
import {
  ACTIVITY_STATUS,
  BUDGET_STATUS,
  BUDGET_TYPE,
  DAC_SECTOR,
  DAC_VOCABULARY,
  INDICATOR_MEASURE,
  ORG_ROLE,
  ORG_TYPE,
  RESULT_TYPE,
} from "../iati.ts";
import { registerInput, today } from "../inputs.ts";
import type { Models, ProjectDoc, ResultDoc } from "../models.ts";
import { editorProvenance } from "../provenance.ts";
import { regionCodesOf } from "../region-stats.ts";
import { findReplay } from "./find-replay.ts";
import { projectOfWrite, writeEntry } from "./project-write.ts";

/** The results framework of a registration: indicator codes `<result>.<indicator>`, periods sorted, no actuals. */
export function resultsOf(input: z.infer<typeof registerInput>): ResultDoc[] {
  return input.results.map((result, r) => ({
    type: RESULT_TYPE[result.type],
    title: result.title,
    description: result.description ?? null,
    indicators: result.indicators.map((indicator, i) => ({
      code: `${r + 1}.${i + 1}`,
      measure: INDICATOR_MEASURE[indicator.measure],
      ascending: indicator.ascending ?? true,
      title: indicator.title,
      description: indicator.description ?? null,
      baseline: indicator.baseline
        ? {
            year: indicator.baseline.year,
            isoDate: indicator.baseline.isoDate ?? null,
            value: indicator.baseline.value ?? null,
            comment: indicator.baseline.comment ?? null,
          }
        : null,
      periods: [...indicator.periods]
        .sort((a, b) => a.periodStart.getTime() - b.periodStart.getTime())
        .map((period) => ({
          periodStart: period.periodStart,
          periodEnd: period.periodEnd,
          target: { value: period.target ?? null, comment: period.targetComment ?? null },
          actual: null,
        })),
    })),
  }));
}

const REGISTER = "registerLivelihoodProject";

/**
 * Registers a project in `PIPELINE`: validates everything first (IATI's rules included), inserts the whole
 * activity in one write (its region membership with it), then records its funders in the donor registry.
 */
export async function registerLivelihoodProject(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<ProjectDoc> {
  const { key, input, hash } = parseWrite(registerInput, raw, rawKey);
  const replay = await findReplay(models, REGISTER, { key, input, hash });
  if (replay) return projectOfWrite(models, replay.iatiIdentifier);

  const id = `${input.reportingOrg.ref}-${input.localId}`;
  const now = new Date();
  const registered = input.identifiedOn ?? today();
  const locations = [...input.locations].sort();
  const doc: ProjectDoc = {
    iatiIdentifier: id,
    reportingOrg: {
      ref: input.reportingOrg.ref,
      narrative: input.reportingOrg.name,
      type: ORG_TYPE[input.reportingOrg.type],
    },
    title: input.title,
    description: input.description,
    activityStatus: ACTIVITY_STATUS.PIPELINE,
    activityDates: {
      plannedStart: input.plannedStart,
      actualStart: null,
      plannedEnd: input.plannedEnd,
      actualEnd: null,
    },
    participatingOrgs: input.participatingOrgs.map((org) => ({
      role: ORG_ROLE[org.role],
      ref: org.ref ?? null,
      narrative: org.name,
      type: ORG_TYPE[org.type],
    })),
    sectors: input.sectors.map((s) => ({
      vocabulary: DAC_VOCABULARY,
      code: DAC_SECTOR[s.sector],
      percentage: s.percentage,
    })),
    locations,
    regionCodes: regionCodesOf(locations),
    defaultCurrency: input.defaultCurrency,
    budgets: input.budgets.map((b) => ({
      type: BUDGET_TYPE[b.type ?? "ORIGINAL"],
      status: BUDGET_STATUS[b.status ?? "COMMITTED"],
      periodStart: b.periodStart,
      periodEnd: b.periodEnd,
      value: { currency: b.currency ?? input.defaultCurrency, cents: b.value, valueDate: b.periodStart },
    })),
    transactions: [],
    results: resultsOf(input),
    beneficiaries: input.beneficiaries
      ? { ...input.beneficiaries, reportedOn: today() }
      : { total: 0, women: 0, formerMiners: 0, reportedOn: null },
    statusHistory: [
      {
        status: ACTIVITY_STATUS.PIPELINE,
        date: registered,
        reason: "Registro del proyecto",
        recordedBy: actor.id,
      },
    ],
    writes: [writeEntry(key, REGISTER, hash, actor)],
    revision: 0,
    provenance: editorProvenance(now),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await models.Project.collection.insertOne({ ...doc });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const raced = await findReplay(models, REGISTER, { key, input, hash });
    if (raced) return projectOfWrite(models, raced.iatiIdentifier);
    throw conflict("input.localId", `a project with IATI identifier ${id} already exists`);
  }
  await recordDonors(models, doc);
  return doc;
}

/** Adds the project's funding organisations to the donor registry (an upsert each; existing ones stay). */
async function recordDonors(models: Models, project: ProjectDoc): Promise<void> {
  const ops = project.participatingOrgs
    .filter((org) => org.role === ORG_ROLE.FUNDING && org.ref)
    .map((org) => ({
      updateOne: {
        filter: { _id: org.ref as string },
        // A donor first named by this project is recorded on the editor's word, as the project is.
        update: { $setOnInsert: { name: org.narrative, type: org.type, provenance: project.provenance } },
        upsert: true,
      },
    }));
  if (ops.length > 0) await models.Donor.bulkWrite(ops, { ordered: false });
}

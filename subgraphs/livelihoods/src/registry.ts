import { badUserInput, conflict, invariant, notFound, parseInput } from "@tinkuy/kit";
import { mongo } from "mongoose";
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
} from "./iati.ts";
import { findPriorWrite, fingerprint, sameWrite, type Actor } from "./idempotency.ts";
import {
  changeStatusInput,
  idempotencyKey,
  registerInput,
  reportBeneficiariesInput,
  today,
} from "./inputs.ts";
import type { Models, ProjectDoc, ResultDoc, StatusEntry, WriteEntry } from "./models.ts";
import { regionCodesOf } from "./region-stats.ts";
import { statusOf, transitionProblem } from "./status.ts";

export function isDuplicateKey(error: unknown): error is mongo.MongoServerError {
  return error instanceof mongo.MongoServerError && error.code === 11000;
}

/** The project, or NOT_FOUND naming `field`. */
export async function findProject(models: Models, id: string, field: string): Promise<ProjectDoc> {
  const project = await models.Project.findOne({ iatiIdentifier: id }).lean<ProjectDoc>();
  if (!project) throw notFound(field, `no livelihood project with IATI identifier ${id}`);
  return project;
}

/** A project a stored write points at: it must exist. */
export async function projectOfWrite(models: Models, id: string): Promise<ProjectDoc> {
  const project = await models.Project.findOne({ iatiIdentifier: id }).lean<ProjectDoc>();
  invariant(project, `a write was recorded on project ${id}, which no longer exists`);
  return project;
}

/** The first steps of every project mutation: validate the key and the input, and recognise a retry. */
export async function prepareWrite<S extends z.ZodType>(
  models: Models,
  kind: string,
  schema: S,
  raw: unknown,
  rawKey: unknown,
): Promise<{ key: string; input: z.infer<S>; print: string; replayOf: string | null }> {
  const key = parseInput(idempotencyKey, rawKey, "idempotencyKey");
  const input = parseInput(schema, raw, "input");
  const print = fingerprint(kind, input);
  const prior = await findPriorWrite(models, key);
  return { key, input, print, replayOf: prior ? sameWrite(prior, kind, print, key).iatiIdentifier : null };
}

/** What one project write changes. */
export interface ProjectUpdate {
  set?: Record<string, unknown>;
  push?: Record<string, unknown>;
}

/**
 * Applies a validated change to a project in one conditional update (single-document atomic): only if the
 * project is still at the revision the change was validated against and does not already carry the key. The
 * change and its write-log entry land together or not at all. `applied` is false when a concurrent retry with the
 * same key got there first.
 */
export async function writeProject(
  models: Models,
  project: ProjectDoc,
  update: ProjectUpdate,
  entry: WriteEntry,
): Promise<{ project: ProjectDoc; applied: boolean }> {
  const updated = await models.Project.findOneAndUpdate(
    { iatiIdentifier: project.iatiIdentifier, revision: project.revision, "writes.key": { $ne: entry.key } },
    { $set: update.set ?? {}, $push: { ...update.push, writes: entry }, $inc: { revision: 1 } },
    { returnDocument: "after" },
  ).lean<ProjectDoc>();
  if (updated) return { project: updated, applied: true };
  const now = await models.Project.findOne({ iatiIdentifier: project.iatiIdentifier }).lean<ProjectDoc>();
  if (now?.writes.some((write) => write.key === entry.key)) return { project: now, applied: false };
  throw conflict(
    "input.iatiIdentifier",
    `project ${project.iatiIdentifier} changed while this request was processed; retry`,
  );
}

/** The write-log entry of one mutation. */
export function writeEntry(key: string, kind: string, print: string, actor: Actor): WriteEntry {
  return { key, kind, fingerprint: print, at: new Date(), by: actor.id };
}

function resultsOf(input: z.infer<typeof registerInput>): ResultDoc[] {
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
export async function registerProject(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<ProjectDoc> {
  const { key, input, print, replayOf } = await prepareWrite(models, REGISTER, registerInput, raw, rawKey);
  if (replayOf) return projectOfWrite(models, replayOf);

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
    writes: [writeEntry(key, REGISTER, print, actor)],
    revision: 0,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await models.Project.collection.insertOne({ ...doc });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const raced = await findPriorWrite(models, key);
    if (raced) return projectOfWrite(models, sameWrite(raced, REGISTER, print, key).iatiIdentifier);
    throw conflict("input.localId", `a project with IATI identifier ${id} already exists`);
  }
  await recordDonors(models, doc);
  return doc;
}

/** Adds the project's funding organisations to the donor registry (an upsert each; existing ones stay). */
export async function recordDonors(models: Models, project: ProjectDoc): Promise<void> {
  const ops = project.participatingOrgs
    .filter((org) => org.role === ORG_ROLE.FUNDING && org.ref)
    .map((org) => ({
      updateOne: {
        filter: { _id: org.ref as string },
        update: { $setOnInsert: { name: org.narrative, type: org.type } },
        upsert: true,
      },
    }));
  if (ops.length > 0) await models.Donor.bulkWrite(ops, { ordered: false });
}

const CHANGE_STATUS = "changeProjectStatus";

/**
 * Changes a project's status (allowed transitions only), with its history entry and the activity dates the
 * change implies, in one conditional write.
 */
export async function changeProjectStatus(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<ProjectDoc> {
  const { key, input, print, replayOf } = await prepareWrite(
    models,
    CHANGE_STATUS,
    changeStatusInput,
    raw,
    rawKey,
  );
  if (replayOf) return projectOfWrite(models, replayOf);

  const project = await findProject(models, input.iatiIdentifier, "input.iatiIdentifier");
  const from = statusOf(project.activityStatus);
  const problem = transitionProblem(from, input.status);
  if (problem) throw badUserInput("input.status", problem);
  const date = input.effectiveDate ?? today();
  const last = project.statusHistory[project.statusHistory.length - 1];
  if (last && date < last.date) {
    throw badUserInput(
      "input.effectiveDate",
      `must not be before the project's last status change (${last.date.toISOString().slice(0, 10)})`,
    );
  }
  const set: Record<string, unknown> = { activityStatus: ACTIVITY_STATUS[input.status] };
  const started = project.activityDates.actualStart != null;
  if (input.status === "IMPLEMENTATION" && !started) set["activityDates.actualStart"] = date;
  if (input.status === "FINALISATION" || (input.status === "CANCELLED" && started)) {
    set["activityDates.actualEnd"] = date;
  }
  const entry: StatusEntry = {
    status: ACTIVITY_STATUS[input.status],
    date,
    reason: input.reason,
    recordedBy: actor.id,
  };
  const { project: updated } = await writeProject(
    models,
    project,
    { set, push: { statusHistory: entry } },
    writeEntry(key, CHANGE_STATUS, print, actor),
  );
  return updated;
}

const REPORT_BENEFICIARIES = "reportBeneficiaries";

/** Replaces a project's beneficiary figures (women and former miners within the total). */
export async function reportBeneficiaries(
  models: Models,
  raw: unknown,
  rawKey: unknown,
  actor: Actor,
): Promise<ProjectDoc> {
  const { key, input, print, replayOf } = await prepareWrite(
    models,
    REPORT_BENEFICIARIES,
    reportBeneficiariesInput,
    raw,
    rawKey,
  );
  if (replayOf) return projectOfWrite(models, replayOf);
  const project = await findProject(models, input.iatiIdentifier, "input.iatiIdentifier");
  const { project: updated } = await writeProject(
    models,
    project,
    { set: { beneficiaries: { ...input.beneficiaries, reportedOn: input.reportedOn ?? today() } } },
    writeEntry(key, REPORT_BENEFICIARIES, print, actor),
  );
  return updated;
}

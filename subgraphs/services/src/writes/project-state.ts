import { conflict, replayed } from "@tinkuy/kit";
import type { mongo } from "mongoose";
import type { Idempotent, Models, ProjectDoc, StatusChange } from "../models.ts";

const DAY = 86_400_000;

/**
 * Where an idempotency key may be held, as the branches of one `$or` (each an indexed equality): a registration,
 * an accrual, an accrual a later write replaced, a status change. A key is one request whichever mutation sent it
 * and whichever investment it addressed, so every write looks in all four.
 */
export function keyHolders(key: string): Record<string, string>[] {
  return [
    { registrationKey: key },
    { "execution.idempotencyKey": key },
    { "execution.replaced.idempotencyKey": key },
    { "statusHistory.idempotencyKey": key },
  ];
}

/** The keyed writes an investment holds, with their fingerprints. */
export function keyedWrites(project: ProjectDoc): Idempotent[] {
  const registration: Idempotent = {};
  if (project.registrationKey) registration.idempotencyKey = project.registrationKey;
  if (project.requestHash) registration.requestHash = project.requestHash;
  return [
    registration,
    ...project.execution.flatMap((entry) => [entry, ...(entry.replaced ?? [])]),
    ...project.statusHistory,
  ].filter((write) => write.idempotencyKey != null);
}

/**
 * The addressed investment among what the first read found (by CUI, or holding the key), after the retry check:
 * a key already used answers the investment as it is now if it came with the same input for the same investment,
 * CONFLICT otherwise. Undefined when no investment has the CUI.
 */
export function addressed(
  found: ProjectDoc[],
  cui: string,
  key: string,
  hash: string,
): { replay: ProjectDoc; project?: undefined } | { replay?: undefined; project: ProjectDoc | undefined } {
  for (const project of found) {
    const write = keyedWrites(project).find((w) => w.idempotencyKey === key);
    if (!write) continue;
    // The hashes carry the operation (parseWrite's `operation`): another mutation's key never matches.
    return { replay: replayed(project, project.cui === cui ? write.requestHash : undefined, hash, key) };
  }
  return { project: found.find((project) => project.cui === cui) };
}

/** The filter of the one conditional update: the investment exactly as it was read, and not holding the key. */
export function unchangedSince(project: ProjectDoc & { updatedAt?: Date }, key: string) {
  return {
    cui: project.cui,
    status: project.status,
    accruedCents: project.accruedCents,
    execution: { $size: project.execution.length },
    statusHistory: { $size: project.statusHistory.length },
    ...(project.updatedAt ? { updatedAt: project.updatedAt } : {}),
    "execution.idempotencyKey": { $ne: key },
    "execution.replaced.idempotencyKey": { $ne: key },
    "statusHistory.idempotencyKey": { $ne: key },
  };
}

/**
 * Writes the investment's new state if it is still as read. When another write came between: if that write holds
 * this key (the same request, retried concurrently), its result is this request's answer, with nothing written
 * (`written` false: the counters were moved by that write); otherwise CONFLICT, retry.
 */
export async function writeIfUnchanged(
  models: Models,
  before: ProjectDoc,
  write: { key: string; hash: string },
  set: Partial<ProjectDoc>,
  history?: StatusChange,
): Promise<{ after: ProjectDoc; written: boolean }> {
  const update = {
    $set: { ...set, updatedAt: new Date() },
    ...(history ? { $push: { statusHistory: history } } : {}),
  } as unknown as mongo.UpdateFilter<mongo.Document>;
  const updated = (await models.Project.collection.findOneAndUpdate(
    unchangedSince(before, write.key),
    update,
    { returnDocument: "after", projection: { _id: 0 } },
  )) as unknown as ProjectDoc | null;
  if (updated) return { after: updated, written: true };
  const now = await models.Project.findOne({ cui: before.cui }).lean<ProjectDoc>();
  const { replay } = now ? addressed([now], before.cui, write.key, write.hash) : {};
  if (replay) return { after: replay, written: false };
  throw conflict("input.cui", `investment ${before.cui} changed while this request was processed; retry`);
}

/**
 * The last day a status changed: the latest of the history's last entry and the days the record carries (an
 * imported investment may come with its days and no history).
 */
export function lastChange(project: ProjectDoc): Date {
  const days = [
    project.statusHistory.at(-1)?.on,
    project.registeredOn,
    project.viableOn,
    project.executionStartedOn,
    project.closedOn,
  ].filter((day): day is Date => day instanceof Date);
  return new Date(Math.max(...days.map((day) => day.getTime())));
}

/** The first day of the latest period anything was accrued in (a month, or January 1 of a whole year). */
export function latestAccrualStart(project: ProjectDoc): Date | null {
  let latest: Date | null = null;
  for (const entry of project.execution) {
    if (entry.accruedCents === 0) continue;
    const start = new Date(Date.UTC(entry.year, (entry.month ?? 1) - 1, 1));
    if (!latest || start > latest) latest = start;
  }
  return latest;
}

/** Whether the investment was in execution on some day of `[from, until)`. */
export function executingDuring(project: ProjectDoc, from: Date, until: Date): boolean {
  const started = project.executionStartedOn;
  if (!started || started.getTime() >= until.getTime()) return false;
  return project.closedOn == null || project.closedOn.getTime() >= from.getTime();
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export { DAY };

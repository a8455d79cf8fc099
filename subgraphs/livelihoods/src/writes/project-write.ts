import { conflict, invariant, notFound, type Actor } from "@tinkuy/kit";
import type { Models, ProjectDoc, WriteEntry } from "../models.ts";

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

/** The write-log entry of one mutation: its key, its kind and the fingerprint of its input. */
export function writeEntry(key: string, kind: string, hash: string, actor: Actor): WriteEntry {
  return { key, kind, fingerprint: hash, at: new Date(), by: actor.id };
}

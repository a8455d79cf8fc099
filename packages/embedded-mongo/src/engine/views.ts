import type { Document } from "bson";
import { clone } from "./clone.ts";
import type { Engine } from "./engine.ts";
import { MongoCommandError } from "./errors.ts";
import type { Collation } from "./collation.ts";
import type { FindSpec } from "./find.ts";
import { Aggregator, mingoOptions } from "./mingo.ts";
import { isPlainObject } from "./paths.ts";

/** A read-only view resolved to the collection it reads and the whole pipeline (views on views flattened). */
export interface ResolvedView {
  source: string;
  pipeline: Document[];
}

/** MongoDB's limit on views defined on views. */
const MAX_VIEW_DEPTH = 20;

/** Whether a collection's options (`create` with `viewOn`) make it a view. */
export function isViewOptions(options: Document): boolean {
  return typeof options.viewOn === "string";
}

/** Checks `create`'s view options: `viewOn` a collection name and `pipeline` an array of stages. */
export function checkViewOptions(options: Document): void {
  if (options.viewOn === undefined) {
    if (options.pipeline !== undefined) {
      throw new MongoCommandError("BadValue", "'pipeline' requires 'viewOn' to also be specified");
    }
    return;
  }
  if (typeof options.viewOn !== "string" || options.viewOn.length === 0) {
    throw new MongoCommandError("BadValue", "'viewOn' must be a non-empty string");
  }
  const pipeline = options.pipeline as unknown;
  if (pipeline !== undefined && (!Array.isArray(pipeline) || !pipeline.every(isPlainObject))) {
    throw new MongoCommandError("TypeMismatch", "'pipeline' must be an array of pipeline stages");
  }
}

/** The view this namespace is, resolved; undefined for a collection or a missing namespace. */
export function resolveView(engine: Engine, db: string, name: string): ResolvedView | undefined {
  let options = engine.collection(db, name)?.options;
  if (!options || !isViewOptions(options)) return undefined;
  const pipeline: Document[] = [];
  for (let depth = 0; depth < MAX_VIEW_DEPTH; depth++) {
    pipeline.unshift(...((options.pipeline as Document[] | undefined) ?? []));
    const source = options.viewOn as string;
    options = engine.collection(db, source)?.options;
    if (!options || !isViewOptions(options)) return { source, pipeline };
  }
  throw new MongoCommandError(
    "ViewDepthLimitExceeded",
    `View depth too deep or view cycle detected at ${db}.${name}`,
  );
}

/** Refuses a write (or an index) on a view, as MongoDB does: views are read-only. */
export function refuseView(engine: Engine, db: string, name: string): void {
  if (resolveView(engine, db, name)) {
    throw new MongoCommandError(
      "CommandNotSupportedOnView",
      `Namespace ${db}.${name} is a view, not a collection`,
    );
  }
}

/**
 * The documents a view holds, read as MongoDB reads a view: the view's pipeline over copies of its source
 * collection, followed by `extra` stages (a find's filter, sort, skip and limit become stages), compared under
 * `collation` when one applies.
 */
export function viewDocuments(
  engine: Engine,
  db: string,
  view: ResolvedView,
  extra: Document[],
  variables?: Document,
  collation?: Collation,
): Document[] {
  const collection = engine.collection(db, view.source);
  const input = collection ? [...collection.all()].map(clone) : [];
  collection?.examined(input.length);
  try {
    const aggregator = new Aggregator(
      [...view.pipeline, ...extra],
      mingoOptions({
        variables,
        collation,
        collectionResolver: (other) => [...(engine.collection(db, other)?.all() ?? [])].map(clone),
      }),
    );
    return aggregator.run(input) as Document[];
  } catch (error) {
    if (error instanceof MongoCommandError) throw error;
    throw new MongoCommandError("BadValue", error instanceof Error ? error.message : String(error));
  }
}

/** A find (or count, or distinct) on a view as the stages that follow the view's pipeline. */
export function findStages(spec: FindSpec): Document[] {
  const stages: Document[] = [];
  if (spec.filter && Object.keys(spec.filter).length > 0) stages.push({ $match: spec.filter });
  if (spec.sort && Object.keys(spec.sort).length > 0) stages.push({ $sort: spec.sort });
  if (spec.skip) stages.push({ $skip: spec.skip });
  if (spec.limit) stages.push({ $limit: Math.abs(spec.limit) });
  return stages;
}

import type { Document } from "bson";
import type { Collation } from "./collation.ts";
import type { DocumentSource } from "./document-source.ts";
import { MongoCommandError } from "./errors.ts";
import { compileFilter, mingoOptions, orderLikeProjection, Query } from "./mingo.ts";
import { isPlainObject } from "./paths.ts";
import { sortDocuments, sortKeys } from "./sort.ts";

/** What a read needs: the `find` command's options, also used by count, distinct and findAndModify. */
export interface FindSpec {
  filter?: Document | undefined;
  sort?: Document | undefined;
  skip?: number | undefined;
  limit?: number | undefined;
  variables?: Document | undefined;
  /** The collation string comparisons run under (filter, sort, index choice); undefined for binary. */
  collation?: Collation | undefined;
}

/**
 * The stored documents matching a read, sorted, skipped and limited. Uses an index for equality and `$in`
 * when one fits; counts every document it tests. The documents returned are decoded copies of the stored
 * ones (see Collection).
 */
export function findDocuments(collection: DocumentSource | undefined, spec: FindSpec): Document[] {
  if (!collection) return [];
  const filter = spec.filter ?? {};
  const predicate = compileFilter(filter, spec.variables, spec.collation);
  const sort = spec.sort ? sortKeys(spec.sort) : undefined;
  const skip = nonNegative("skip", spec.skip);
  const limit = Math.abs(spec.limit ?? 0);
  // The pre-test on the fields the filter reads runs the same collated predicate.
  const scan = collection.scan(filter, predicate, spec.collation);
  const matched: Document[] = [];
  // Without a sort the scan can stop once skip + limit documents matched.
  const stopAt = !sort && limit > 0 ? skip + limit : Infinity;
  for (const doc of scan.matches) {
    matched.push(doc);
    if (matched.length >= stopAt) break;
  }
  collection.examined(scan.examined());
  const end = limit > 0 ? skip + limit : undefined;
  const ordered = sort ? sortDocuments(matched, sort, end ?? 0, spec.collation) : matched;
  return skip > 0 || end !== undefined ? ordered.slice(skip, end) : ordered;
}

function nonNegative(name: string, value: number | undefined): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || value < 0 || !Number.isInteger(value)) {
    throw new MongoCommandError("BadValue", `${name} must be a non-negative integer`);
  }
  return value;
}

/**
 * A function applying a find projection to a batch of matched documents (with the filter, for the
 * positional `$` operator); undefined when there is nothing to project. Fields come out in MongoDB's order
 * (`_id` first), and a projection of nothing but top-level `$slice`s keeps every other field, as MongoDB does since 4.4.
 */
export function compileProjection(
  projection: Document | undefined,
  filter: Document | undefined,
  variables: Document | undefined,
  collation?: Collation,
): ((docs: Document[]) => Document[]) | undefined {
  if (projection === undefined || Object.keys(projection).length === 0) return undefined;
  if (!isPlainObject(projection)) throw new MongoCommandError("TypeMismatch", "projection must be an object");
  // mingo's find re-tests the filter, which only the positional `$` needs: findAndModify projects the
  // updated document, which may no longer match.
  const positional = Object.keys(projection).some((path) => path.endsWith(".$"));
  const query = new Query(positional ? (filter ?? {}) : {}, mingoOptions({ variables, collation }));
  const slices = Object.entries(projection).filter(([path]) => path !== "_id");
  const sliceOnly =
    slices.length > 0 &&
    slices.every(
      ([path, value]) =>
        !path.includes(".") && isPlainObject(value) && Object.keys(value).join() === "$slice",
    );
  const project = (docs: Document[]): Document[] => {
    let out: Document[];
    try {
      out = query.find<Document>(docs, projection).all();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const mixed = message.includes("exclusion and inclusion");
      throw new MongoCommandError(mixed ? "Location31254" : "BadValue", message);
    }
    if (out.length !== docs.length) return out.map((doc) => orderLikeProjection(doc, doc, projection));
    return out.map((doc, i) => {
      const input = docs[i] as Document;
      if (!sliceOnly) return orderLikeProjection(doc, input, projection);
      const whole: Document = { ...input };
      for (const [path] of slices) if (path in doc) whole[path] = doc[path];
      if (projection._id === 0 || projection._id === false) delete whole._id;
      return whole;
    });
  };
  return project;
}

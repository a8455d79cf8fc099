import type { Document } from "bson";
import { parseCollation, type Collation } from "../engine/collation.ts";
import type { DocumentSource } from "../engine/document-source.ts";
import { MongoCommandError } from "../engine/errors.ts";

/**
 * The collation an operation runs under: its own `collation` field when it has one (`{locale: "simple"}`
 * meaning binary), else the collection's default collation (`create` with `collation`), else binary
 * (undefined). An invalid collation document is refused with MongoDB's error.
 */
export function effectiveCollation(
  operation: Document | undefined,
  collection: DocumentSource | undefined,
): Collation | undefined {
  const own = operation?.collation as unknown;
  if (own !== undefined && own !== null) return parseCollation(own);
  const fallback = collection?.options.collation as unknown;
  return fallback === undefined ? undefined : parseCollation(fallback);
}

/**
 * The collation a read of a view runs under: the view's own default (binary when it was created without
 * one; a view does not take its source's). An operation may name that collation again but not another:
 * MongoDB refuses it with OptionNotSupportedOnView.
 */
export function viewCollation(operation: Document, view: DocumentSource | undefined): Collation | undefined {
  const fallback = effectiveCollation(undefined, view);
  const own = operation.collation as unknown;
  if (own !== undefined && own !== null && parseCollation(own)?.id !== fallback?.id) {
    throw new MongoCommandError("OptionNotSupportedOnView", "Cannot override a view's default collation");
  }
  return fallback;
}

import type { Document } from "bson";
import { parseCollation, type Collation } from "../engine/collation.ts";
import type { DocumentSource } from "../engine/document-source.ts";

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

import type { Document } from "bson";

/**
 * What applying update operators needs besides the document: the statement's filter (the positional `$`
 * refers to its match), the array filters (for `$[identifier]`), the command's `let` variables, and whether
 * the update builds a document being upserted.
 */
export interface OperatorContext {
  /** The statement's filter: needed by the positional `$` operator. */
  query: Document;
  arrayFilters?: Document[] | undefined;
  variables?: Document | undefined;
  /** True when the update builds a document being upserted: `$setOnInsert` applies. */
  inserting: boolean;
}

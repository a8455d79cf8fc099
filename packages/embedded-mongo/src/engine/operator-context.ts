import type { Document } from "bson";
import type { Collation } from "./collation.ts";

/**
 * What applying update operators needs besides the document: the statement's filter (the positional `$`
 * refers to its match), the array filters (for `$[identifier]`), the command's `let` variables, whether
 * the update builds a document being upserted, and the collation.
 */
export interface OperatorContext {
  /** The statement's filter: needed by the positional `$` operator. */
  query: Document;
  arrayFilters?: Document[] | undefined;
  variables?: Document | undefined;
  /** True when the update builds a document being upserted: `$setOnInsert` applies. */
  inserting: boolean;
  /** The statement's collation: `$pull`, the positional `$` and array filters compare strings by it. */
  collation?: Collation | undefined;
}

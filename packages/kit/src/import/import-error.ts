/**
 * A problem with the whole import (an unreadable file, a missing column, a separator that cannot be told):
 * nothing more can be read, and the message says what to fix. A problem with one row is a rejection instead,
 * written to the report while the other rows load.
 */
export class ImportError extends Error {
  /** The column or option at fault, when there is one. */
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(message);
    this.name = "ImportError";
    this.field = field;
  }
}

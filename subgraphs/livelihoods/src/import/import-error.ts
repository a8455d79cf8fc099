import { ImportError } from "@tinkuy/kit";

/**
 * A donor's file the IATI 2.03 schema refuses: nothing is imported, and `details` holds the validator's
 * messages (each with its line) for the operator to fix the file.
 */
export class InvalidIatiFile extends ImportError {
  readonly details: readonly string[];

  constructor(message: string, details: readonly string[]) {
    super(message, "file");
    this.name = "InvalidIatiFile";
    this.details = details;
  }
}

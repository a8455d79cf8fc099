/**
 * Tests that assert what the Node driver builds rather than what the server answers, where the Node driver
 * knowingly differs from the specification (its own runner skips them too): by the test's description, why.
 */
export const DRIVER_DEVIATIONS: ReadonlyMap<string, string> = new Map([
  ...[
    "inserting _id with type null via insertOne",
    "inserting _id with type null via insertMany",
    "inserting _id with type null via bulkWrite",
  ].map((description): [string, string] => [
    description,
    "the Node driver replaces a null _id with a new ObjectId before sending (the server keeps a null _id: conformance cases)",
  ]),
  ...[
    "Aggregate with $out passes bypassDocumentValidation: false",
    "BulkWrite passes bypassDocumentValidation: false",
    "FindOneAndReplace passes bypassDocumentValidation: false",
    "FindOneAndUpdate passes bypassDocumentValidation: false",
    "InsertMany passes bypassDocumentValidation: false",
  ].map((description): [string, string] => [
    description,
    "the Node driver leaves out bypassDocumentValidation: false (a command it builds, not a server answer)",
  ]),
]);

// The kit's (every importer names its file the same way).
export { fileSha256 } from "@tinkuy/kit";

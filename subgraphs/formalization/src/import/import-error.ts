// The kit's: one class for every importer, so the kit's row source and this import throw the same error.
export { ImportError } from "@tinkuy/kit";

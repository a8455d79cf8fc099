// The kit's tabular reader reads REINFO extracts now; this re-export keeps the import CLI's `Separator` import
// working until it takes the type from import-reinfo.ts.
export type { Separator } from "@tinkuy/kit";

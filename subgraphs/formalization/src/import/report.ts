import { RejectionReport as KitRejectionReport, type Rejection as KitRejection } from "@tinkuy/kit";
import type { Separator } from "@tinkuy/kit";

/** One rejected row, or one of its problems: its first line and COD_REINFO as written (empty when none). */
export type Rejection = KitRejection & { line: number; code: string };

/**
 * The kit's rejection report with REINFO's columns (`line`, `COD_REINFO`, `field`, `reason`), in the source
 * file's separator.
 */
export const RejectionReport = {
  open: (path: string, separator: Separator): Promise<KitRejectionReport> =>
    KitRejectionReport.open(path, { separator, locator: "line", codeColumn: "COD_REINFO" }),
};
export type RejectionReport = KitRejectionReport;

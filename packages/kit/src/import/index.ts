export {
  importViewer,
  onlyFile,
  pastDayOption,
  runImport,
  separatorOption,
  type ImportCommand,
  type ImportRun,
  type ImportSummaryBase,
} from "./command.ts";
export { datasetName, fileDataset, fileSha256 } from "./digest.ts";
export { ImportError } from "./import-error.ts";
export { PlaceMatcher, type PlaceColumns, type PlaceMatch } from "./places.ts";
export { progressDisplay, type ImportProgress, type ProgressDisplay } from "./progress.ts";
export { defaultReportPath, RejectionReport, type Rejection, type ReportOptions } from "./report.ts";
export {
  EXIT_ALL_IN,
  EXIT_FAILED,
  EXIT_SOME_REFUSED,
  formatImportSummary,
  importAuditOutcome,
  importFailureText,
  importExitCode,
  type ImportOutcome,
} from "./summary.ts";
export {
  columnKey,
  openTabular,
  type MalformedRow,
  type Separator,
  type TabularOptions,
  type TabularRow,
  type TabularSource,
} from "./tabular.ts";

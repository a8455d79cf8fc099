/**
 * The operations the gateway runs itself, with the shape of each answer. Plain modules of GraphQL texts that
 * the dashboard's browser code (`gateway/web/`) and the server (`gateway/src/`) both import, so nothing here may
 * import either of them, nor anything of Node's (`gateway/web/tsconfig.json` checks this folder without Node).
 */
export { dashboardOperations } from "./dashboard-operations.ts";
export { gatewayOperations } from "./gateway-operations.ts";
export {
  EXPORT_OPERATIONS,
  EXPORT_PERIOD_QUERY,
  EXPORT_SERIES_QUERY,
  type ExportRegion,
} from "./export-query.ts";
export { REGION_QUERY, type RegionDetail } from "./region-query.ts";
export { REGIONS_QUERY, type RegionRow } from "./regions-query.ts";
export {
  isSynthetic,
  sourceDatasetId,
  type FullySourced,
  type SourceShare,
  type Sourced,
} from "./sources.ts";
export { DATASETS_QUERY, type CatalogueDataset } from "./datasets-query.ts";
export {
  DONOR_QUERY,
  DONORS_QUERY,
  type DonorName,
  type DonorProject,
  type DonorProjects,
  type ProjectIndicator,
  type ProjectTransaction,
} from "./donor-query.ts";
export {
  GRANULARITIES,
  TRENDS_QUERY,
  type Bucket,
  type Granularity,
  type RegionTrends,
} from "./trends-query.ts";
export { registryAsOf } from "./registry-as-of.ts";
export {
  latestYearWithData,
  YEARS_PROBED,
  YEARS_QUERY,
  yearsVariables,
  type YearFigures,
} from "./years-query.ts";

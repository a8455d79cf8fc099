export { applyAccessRules } from "./access/apply.ts";
export {
  ACCESS_LEVELS,
  decide,
  type AccessLevel,
  type AccessRule,
  type Decision,
  type MaskKind,
} from "./access/decide.ts";
export { ACCESS_DIRECTIVES_SDL } from "./access/directives.ts";
export type { AccessOptions } from "./access/options.ts";
export { viewerArchetypes } from "./access/viewer-archetypes.ts";
export {
  CLIENT_ERROR_CODES,
  errorReportingPlugin,
  formatClientError,
  type RequestScope,
} from "./apollo-errors.ts";
export { AUDIT_COLLECTION, AuditLog, type AuditRecord } from "./audit.ts";
export { parseCli, runCli, USAGE_EXIT_CODE, type CliSpec, type ParsedCli } from "./cli.ts";
export { baseEnv, DEVELOPMENT_HUB_SECRET, hubSecret, parseEnv, portVar } from "./env.ts";
export { hubKeys, type HubKeys } from "./hub-keys.ts";
export { maskValue, nameInitials } from "./mask.ts";
export { RucPseudonyms } from "./pseudonym.ts";
export { InvalidViewerHeader, VIEWER_HEADER, ViewerSigner } from "./viewer-header.ts";
export {
  GRANTS,
  mayWrite,
  PUBLIC_VIEWER,
  ROLES,
  viewerSchema,
  type Grant,
  type Pillar,
  type Role,
  type Viewer,
  type ViewerContext,
} from "./viewer.ts";
export { badUserInput, conflict, forbidden, invariant, notFound, type ErrorCode } from "./errors.ts";
export {
  DRAIN_TIMEOUT_MS,
  graphqlRequestHandler,
  listen,
  MAX_BODY_BYTES,
  Unauthenticated,
  type HttpListener,
  type Identity,
  type Readiness,
  type RouteHandler,
  type ServeOptions,
} from "./http.ts";
export {
  canonicalJson,
  isDuplicateKey,
  parseWrite,
  replayed,
  requestHash,
  type KeyOrder,
  type WriteRequest,
} from "./idempotency.ts";
export { indicatorsId, parseIndicatorsId, type IndicatorsKey } from "./indicators-id.ts";
export { groupLoader, uniqueLoader } from "./loaders.ts";
export {
  ascendingOrder,
  findPage,
  newestFirstOrder,
  pageSize,
  type Page,
  type PageInfo,
  type PageOrder,
  type PageRequest,
} from "./page.ts";
export { createLogger, type Logger } from "./logger.ts";
export { centsToDecimal, decimalToCents, DecimalScalar, type Cents } from "./money.ts";
export { connectDatabase } from "./mongo.ts";
export {
  descendantPrefix,
  levelOf,
  NATIONAL_UBIGEO,
  normalizeName,
  placeKey,
  regionCatalog,
  RegionCatalog,
  type DistrictMatch,
  type RegionEntry,
  type RegionLevel,
} from "./region-catalog.ts";
export { regionResolvers } from "./region-resolvers.ts";
export { isValidRuc, parseRuc, rucCheckDigit, rucKind, rucProblem, type RucKind } from "./ruc.ts";
export {
  MAX_BUCKETS,
  monthOf,
  parsePeriod,
  seriesBuckets,
  splitPeriod,
  todayInLima,
  yearOf,
  type Bucket,
  type Granularity,
  type Period,
  type PeriodInput,
  type PeriodSplit,
} from "./period.ts";
export { DateScalar, DateTime } from "./scalars.ts";
export { openPillar, type OpenPillar } from "./open-pillar.ts";
export {
  addSource,
  datasetGroup,
  enteredNote,
  enteredProvenance,
  groupedDataset,
  PROVENANCE_KINDS,
  PROVENANCE_SDL,
  provenance,
  provenanceSchema,
  sourceCounterUpdate,
  sourceKey,
  sumSources,
  SYNTHETIC_SOURCE,
  syntheticProvenance,
  type ProvenanceDoc,
  type ProvenanceKind,
  type SourceCounter,
  type SourceDataset,
  type SourceShareDoc,
} from "./provenance/provenance.ts";
export { EDITOR_NOTE, rewriteStoredNotes, type NoteRewrite } from "./provenance/entered-notes.ts";
export {
  countedDataset,
  datasetId,
  ENTRIES_NOTE,
  mergeDatasets,
  pillarDatasets,
  type CatalogueSource,
  type DatasetCount,
  type DatasetDoc,
  type DatasetRecordsDoc,
} from "./provenance/catalogue.ts";
export { runSubgraph } from "./run-subgraph.ts";
export { readSchema, subgraphSdl, withAccessDirectives } from "./schema.ts";
export {
  createSubgraphApollo,
  startSubgraph,
  subgraphAuthenticator,
  type SubgraphApollo,
  type SubgraphDefinition,
} from "./subgraph-server.ts";
export { parseInput } from "./validation.ts";
export {
  databaseVariable,
  defaultSubgraphUrl,
  subgraphUrlVariable,
  type Actor,
  type AnyPillar,
  type PillarCodegen,
  type PillarContext,
  type PillarDefinition,
  type PillarRuntime,
  type PillarSeed,
  type PillarServer,
  type PillarServing,
  type SeedLinks,
  type SeedOptions,
} from "./pillar.ts";
export { pillarServer, type PillarServerParts } from "./pillar-server.ts";
export {
  columnKey,
  datasetName,
  defaultReportPath,
  EXIT_ALL_IN,
  EXIT_FAILED,
  EXIT_SOME_REFUSED,
  fileDataset,
  fileSha256,
  formatImportSummary,
  importAuditOutcome,
  importFailureText,
  importExitCode,
  ImportError,
  importViewer,
  onlyFile,
  openTabular,
  pastDayOption,
  PlaceMatcher,
  progressDisplay,
  RejectionReport,
  runImport,
  separatorOption,
  type ImportCommand,
  type ImportOutcome,
  type ImportProgress,
  type ImportRun,
  type ImportSummaryBase,
  type MalformedRow,
  type PlaceColumns,
  type PlaceMatch,
  type ProgressDisplay,
  type Rejection,
  type ReportOptions,
  type Separator,
  type TabularOptions,
  type TabularRow,
  type TabularSource,
} from "./import/index.ts";
export {
  BORDER_TOLERANCE_METRES,
  BoundaryIndex,
  DistrictLocator,
  districtLocator,
  locateDistrict,
  type Boundary,
  type BoundaryFeature,
  type DistrictLocation,
} from "./geo/index.ts";

/**
 * The operations the indicators exports run (`/exports/indicators.csv` and `.xlsx`): the region view of
 * docs/analysts.md ("A region across the pillars") for every region at a level under a parent, either for the
 * whole period or split into calendar buckets (`series`). The gateway runs them like any client's query, so
 * limits and field rules apply. Plain GraphQL texts, without imports, so they can be registered beside the
 * dashboard's operations (`PERSISTED_OPERATIONS=enforce` runs registered texts only).
 */

const SOURCES = "sources { kind dataset }";
const FORMALIZATION = `total active suspended excluded formalized ${SOURCES}`;
const ERADICATION = `operations value arrests outposts { id } ${SOURCES}`;
const RECOVERY = `hectaresDegraded hectaresRestored restorationRatio ${SOURCES}`;
const LIVELIHOODS = `activeProjects beneficiaries { total women formerMiners } ${SOURCES}`;
const SERVICES = `activeProjects executed yearlyAccrualsOutsidePeriodMonths population executedPerInhabitant ${SOURCES}`;
const INDICATORS = `activeRecords excludedRecords formalizationRate operationsPerThousandActiveRecords
      valueSeizedPerActiveRecord restoredPerDegradedHectare degradedHectaresPerActiveRecord
      formerMinerBeneficiariesPerExcludedRecord investmentExecutedPerActiveRecord
      operationsPerMillionSolesInvested ${SOURCES}`;

/** One row per region: the figures for the whole period; REINFO's as of `asOf` (the period's last day). */
export const EXPORT_PERIOD_QUERY = /* GraphQL */ `
  query IndicatorsExport($level: RegionLevel!, $parent: ID, $period: PeriodInput!, $asOf: Date) {
    regions(level: $level, parent: $parent) {
      ubigeo
      name
      formalization(asOf: $asOf) { ${FORMALIZATION} }
      eradication(period: $period) { ${ERADICATION} }
      recovery(period: $period) { ${RECOVERY} }
      livelihoods(period: $period) { ${LIVELIHOODS} }
      services(period: $period) { ${SERVICES} }
      indicators(period: $period) { ${INDICATORS} }
    }
  }
`;

/**
 * One row per region and calendar bucket: each pillar's `series` and the indicators' over the period (REINFO's
 * points are the registry as it stood at the end of each bucket).
 */
export const EXPORT_SERIES_QUERY = /* GraphQL */ `
  query IndicatorsExportSeries(
    $level: RegionLevel!
    $parent: ID
    $period: PeriodInput!
    $granularity: Granularity!
  ) {
    regions(level: $level, parent: $parent) {
      ubigeo
      name
      formalization {
        series(granularity: $granularity, period: $period) { from to partial ${FORMALIZATION} }
      }
      eradication(period: $period) {
        series(granularity: $granularity) { from to partial ${ERADICATION} }
      }
      recovery(period: $period) {
        series(granularity: $granularity) { from to partial ${RECOVERY} }
      }
      livelihoods(period: $period) {
        series(granularity: $granularity) { from to partial ${LIVELIHOODS} }
      }
      services(period: $period) {
        series(granularity: $granularity) { from to partial ${SERVICES} }
      }
      indicators(period: $period) {
        series(granularity: $granularity) { from to partial ${INDICATORS} }
      }
    }
  }
`;

/** Every text the exports run, for the gateway's registered operations. */
export const EXPORT_OPERATIONS: readonly string[] = [EXPORT_PERIOD_QUERY, EXPORT_SERIES_QUERY];

/** A dataset behind a part's figures, as each figure type's `sources` lists it. */
export interface FigureSource {
  kind: string;
  dataset: string | null;
}

/**
 * One part of a region's answer (a pillar's figures or the indicators), or one point of its series; null when the
 * viewer may not see it or its pillar did not answer (the errors say which).
 */
export interface Figures {
  [field: string]: unknown;
  sources?: FigureSource[];
  series?: Figures[] | null;
  from?: string;
  to?: string;
  partial?: boolean;
}

/** The parts of a region's answer, each named as the region's field, in the order their sources are listed. */
export const PARTS = [
  "indicators",
  "formalization",
  "eradication",
  "recovery",
  "livelihoods",
  "services",
] as const;

/** One part of a region's answer. */
export type Part = (typeof PARTS)[number];

/** One region as either query returns it. */
export type ExportRegion = { ubigeo: string; name: string } & Record<Part, Figures | null>;

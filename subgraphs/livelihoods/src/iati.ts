/**
 * IATI 2.03 code lists as this subgraph uses them: the API speaks enum names (`IMPLEMENTATION`), MongoDB stores
 * the codes an `iati-activity` writes (`activity-status/@code="2"`), so an XML export copies values as they are.
 * Sources: IATI-Codelists / IATI-Codelists-NonEmbedded (ActivityStatus, OrganisationRole, OrganisationType,
 * BudgetType, BudgetStatus, TransactionType, ResultType, IndicatorMeasure) and OECD DAC CRS purpose codes.
 */

function inverse<K extends string, V extends string>(map: Record<K, V>): Record<V, K> {
  return Object.fromEntries(Object.entries(map).map(([name, code]) => [code, name])) as Record<V, K>;
}

export const ACTIVITY_STATUS = {
  PIPELINE: "1",
  IMPLEMENTATION: "2",
  FINALISATION: "3",
  CLOSED: "4",
  CANCELLED: "5",
  SUSPENDED: "6",
} as const;
export type ActivityStatus = keyof typeof ACTIVITY_STATUS;
export type ActivityStatusCode = (typeof ACTIVITY_STATUS)[ActivityStatus];
export const ACTIVITY_STATUS_OF = inverse(ACTIVITY_STATUS);

export const ORG_ROLE = { FUNDING: "1", ACCOUNTABLE: "2", EXTENDING: "3", IMPLEMENTING: "4" } as const;
export type OrganisationRole = keyof typeof ORG_ROLE;
export type OrganisationRoleCode = (typeof ORG_ROLE)[OrganisationRole];
export const ORG_ROLE_OF = inverse(ORG_ROLE);

export const ORG_TYPE = {
  GOVERNMENT: "10",
  LOCAL_GOVERNMENT: "11",
  OTHER_PUBLIC_SECTOR: "15",
  INTERNATIONAL_NGO: "21",
  NATIONAL_NGO: "22",
  REGIONAL_NGO: "23",
  PARTNER_COUNTRY_BASED_NGO: "24",
  PUBLIC_PRIVATE_PARTNERSHIP: "30",
  MULTILATERAL: "40",
  FOUNDATION: "60",
  PRIVATE_SECTOR: "70",
  PRIVATE_SECTOR_IN_PROVIDER_COUNTRY: "71",
  PRIVATE_SECTOR_IN_AID_RECIPIENT_COUNTRY: "72",
  PRIVATE_SECTOR_IN_THIRD_COUNTRY: "73",
  ACADEMIC: "80",
  OTHER: "90",
} as const;
export type OrganisationType = keyof typeof ORG_TYPE;
export type OrganisationTypeCode = (typeof ORG_TYPE)[OrganisationType];
export const ORG_TYPE_OF = inverse(ORG_TYPE);

/** OECD DAC CRS 5-digit purpose codes (IATI sector vocabulary 1). */
export const DAC_SECTOR = {
  EMPLOYMENT_CREATION: "16020",
  BUSINESS_DEVELOPMENT_SERVICES: "25030",
  FOOD_CROP_PRODUCTION: "31161",
  INDUSTRIAL_CROPS: "31162",
  AGRICULTURAL_ALTERNATIVE_DEVELOPMENT: "31165",
  AGRICULTURAL_COOPERATIVES: "31194",
  FORESTRY_DEVELOPMENT: "31220",
  FISHERY_DEVELOPMENT: "31320",
  MINING_POLICY: "32210",
  PRECIOUS_METALS: "32265",
  TOURISM: "33210",
  ENVIRONMENTAL_POLICY: "41010",
  BIOSPHERE_PROTECTION: "41020",
  BIODIVERSITY: "41030",
  RURAL_DEVELOPMENT: "43040",
  NON_AGRICULTURAL_ALTERNATIVE_DEVELOPMENT: "43050",
} as const;
export type DacSector = keyof typeof DAC_SECTOR;
export type DacSectorCode = (typeof DAC_SECTOR)[DacSector];
export const DAC_SECTOR_OF = inverse(DAC_SECTOR);
/** IATI's SectorVocabulary code for OECD DAC CRS purpose codes. */
export const DAC_VOCABULARY = "1";

export const BUDGET_TYPE = { ORIGINAL: "1", REVISED: "2" } as const;
export type BudgetType = keyof typeof BUDGET_TYPE;
export type BudgetTypeCode = (typeof BUDGET_TYPE)[BudgetType];
export const BUDGET_TYPE_OF = inverse(BUDGET_TYPE);

export const BUDGET_STATUS = { INDICATIVE: "1", COMMITTED: "2" } as const;
export type BudgetStatus = keyof typeof BUDGET_STATUS;
export type BudgetStatusCode = (typeof BUDGET_STATUS)[BudgetStatus];
export const BUDGET_STATUS_OF = inverse(BUDGET_STATUS);

export const TRANSACTION_TYPE = {
  INCOMING_FUNDS: "1",
  OUTGOING_COMMITMENT: "2",
  DISBURSEMENT: "3",
  EXPENDITURE: "4",
  INCOMING_COMMITMENT: "11",
} as const;
export type TransactionType = keyof typeof TRANSACTION_TYPE;
export type TransactionTypeCode = (typeof TRANSACTION_TYPE)[TransactionType];
export const TRANSACTION_TYPE_OF = inverse(TRANSACTION_TYPE);

export const RESULT_TYPE = { OUTPUT: "1", OUTCOME: "2", IMPACT: "3", OTHER: "9" } as const;
export type ResultType = keyof typeof RESULT_TYPE;
export type ResultTypeCode = (typeof RESULT_TYPE)[ResultType];
export const RESULT_TYPE_OF = inverse(RESULT_TYPE);

export const INDICATOR_MEASURE = {
  UNIT: "1",
  PERCENTAGE: "2",
  NOMINAL: "3",
  ORDINAL: "4",
  QUALITATIVE: "5",
} as const;
export type IndicatorMeasure = keyof typeof INDICATOR_MEASURE;
export type IndicatorMeasureCode = (typeof INDICATOR_MEASURE)[IndicatorMeasure];
export const INDICATOR_MEASURE_OF = inverse(INDICATOR_MEASURE);

/** ISO 4217 currencies the hub records, in the order figures list them. */
export const CURRENCIES = ["PEN", "USD"] as const;
export type Currency = (typeof CURRENCIES)[number];

/** The names of a code list, for zod enums. */
export function namesOf<K extends string>(map: Record<K, string>): [K, ...K[]] {
  return Object.keys(map) as [K, ...K[]];
}

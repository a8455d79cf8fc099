/**
 * The closed vocabularies of this subgraph, as stored and as the API names them (our own fields, so one
 * spelling serves both). MINEM's inventory columns keep their own names and open values (see models.ts).
 */

export const CAUSES = ["ILLEGAL_MINING", "INFORMAL_MINING", "OTHER"] as const;
export type DegradationCause = (typeof CAUSES)[number];

export const SOURCES = [
  "MAAP",
  "OEFA_PIFA",
  "GEOBOSQUES",
  "GORE",
  "FEMA",
  "AMAZON_MINING_WATCH",
  "SERNANP",
  "MINEM",
  "OTHER",
] as const;
export type DetectionSource = (typeof SOURCES)[number];

export const RISK_LEVELS = ["VERY_HIGH", "HIGH", "MEDIUM", "LOW"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** A liability's risk as the region counters count it: a level, or `UNKNOWN` when not assessed. */
export type RiskKey = RiskLevel | "UNKNOWN";
export const RISK_KEYS: readonly RiskKey[] = [...RISK_LEVELS, "UNKNOWN"];

export const PROJECT_STATUSES = ["PLANNED", "IN_PROGRESS", "COMPLETED", "SUSPENDED"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** What a project monitors, with its one unit and the physically possible range of a value. */
export const PARAMETERS = {
  MERCURY_IN_WATER: { unit: "mg/L", min: 0, max: 10 },
  MERCURY_IN_SEDIMENT: { unit: "mg/kg", min: 0, max: 10_000 },
  FOREST_COVER: { unit: "%", min: 0, max: 100 },
  TURBIDITY: { unit: "NTU", min: 0, max: 100_000 },
  SOIL_PH: { unit: "pH", min: 0, max: 14 },
  TOTAL_SUSPENDED_SOLIDS: { unit: "mg/L", min: 0, max: 1_000_000 },
  DISSOLVED_OXYGEN: { unit: "mg/L", min: 0, max: 20 },
} as const;
export type MonitoringParameter = keyof typeof PARAMETERS;
export const PARAMETER_NAMES = Object.keys(PARAMETERS) as MonitoringParameter[];

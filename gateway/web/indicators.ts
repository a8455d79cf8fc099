import type { Kind } from "./format.ts";
import type { Key } from "./i18n.ts";
import type { RegionRow } from "../operations/regions-query.ts";
import { isSynthetic } from "../operations/sources.ts";

/** The part of a department's answer a figure comes from (null there: the viewer or the pillar could not). */
export type Part = "formalization" | "eradication" | "recovery" | "livelihoods" | "indicators";

/** A figure of the table and the map: where it is in a department's answer and how it is shown. */
export interface Indicator {
  id: string;
  label: Key;
  kind: Kind;
  part: Part;
  /** The API's value as it came (a Decimal stays a string); null when the API says there is none. */
  read(row: RegionRow): number | string | null | undefined;
}

/** Every figure of a department, in table order; each can also colour the map. */
export const INDICATORS: readonly Indicator[] = [
  {
    id: "activeRecords",
    label: "activeRecords",
    kind: "count",
    part: "formalization",
    read: (r) => r.formalization?.active,
  },
  {
    id: "formalizationRate",
    label: "formalizationRate",
    kind: "percent",
    part: "indicators",
    read: (r) => r.indicators?.formalizationRate,
  },
  {
    id: "operations",
    label: "operations",
    kind: "count",
    part: "eradication",
    read: (r) => r.eradication?.operations,
  },
  { id: "value", label: "value", kind: "money", part: "eradication", read: (r) => r.eradication?.value },
  {
    id: "operationsPerThousand",
    label: "operationsPerThousand",
    kind: "ratio",
    part: "indicators",
    read: (r) => r.indicators?.operationsPerThousandActiveRecords,
  },
  {
    id: "valuePerActive",
    label: "valuePerActive",
    kind: "money",
    part: "indicators",
    read: (r) => r.indicators?.valueSeizedPerActiveRecord,
  },
  {
    id: "hectaresDegraded",
    label: "hectaresDegraded",
    kind: "hectares",
    part: "recovery",
    read: (r) => r.recovery?.hectaresDegraded,
  },
  {
    id: "hectaresRestored",
    label: "hectaresRestored",
    kind: "hectares",
    part: "recovery",
    read: (r) => r.recovery?.hectaresRestored,
  },
  {
    id: "restoredPerDegraded",
    label: "restoredPerDegraded",
    kind: "ratio",
    part: "indicators",
    read: (r) => r.indicators?.restoredPerDegradedHectare,
  },
  {
    id: "degradedPerActive",
    label: "degradedPerActive",
    kind: "ratio",
    part: "indicators",
    read: (r) => r.indicators?.degradedHectaresPerActiveRecord,
  },
  {
    id: "activeProjects",
    label: "activeProjects",
    kind: "count",
    part: "livelihoods",
    read: (r) => r.livelihoods?.activeProjects,
  },
  {
    id: "beneficiaries",
    label: "beneficiaries",
    kind: "count",
    part: "livelihoods",
    read: (r) => r.livelihoods?.beneficiaries.total,
  },
  {
    id: "formerMinersPerExcluded",
    label: "formerMinersPerExcluded",
    kind: "ratio",
    part: "indicators",
    read: (r) => r.indicators?.formerMinerBeneficiariesPerExcludedRecord,
  },
  {
    id: "investmentPerActive",
    label: "investmentPerActive",
    kind: "money",
    part: "indicators",
    read: (r) => r.indicators?.investmentExecutedPerActiveRecord,
  },
  {
    id: "operationsPerMillionInvested",
    label: "operationsPerMillionInvested",
    kind: "ratio",
    part: "indicators",
    read: (r) => r.indicators?.operationsPerMillionSolesInvested,
  },
];

/** A figure as a number for sorting and scaling; null when there is none to show. */
export function numeric(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A pillar's part of a department's answer. */
export type PillarPart = Exclude<Part, "indicators">;

/**
 * Whether a figure of a department rests on synthetic demo data (any record behind it is `SYNTHETIC`): a pillar's
 * figures by that pillar's `sources`, the cross-pillar indicators by their own (the records their numerators
 * count in the period, and the registry as of its last day).
 */
export function syntheticFigure(row: RegionRow, indicator: Indicator): boolean {
  return isSynthetic(row[indicator.part]);
}

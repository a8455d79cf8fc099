import type { Key } from "../../web/i18n.ts";
import type { Kind } from "../../web/format.ts";
import type { ExportKey } from "./export-labels.ts";
import type { Figures, Part } from "../../operations/export-query.ts";

/** The pillars, named as the gateway names a pillar that did not answer (`SUBGRAPH_UNAVAILABLE`'s `pillar`). */
export type Pillar = Exclude<Part, "indicators">;

/** A figure column of the exports: where its figure is in a region's answer, how it is shown, why it may be empty. */
export interface FigureColumn {
  id: string;
  /** The header: the dashboard's label for the figure, after the pillar's name when the label alone is ambiguous. */
  header: readonly (Key | ExportKey)[];
  kind: Kind;
  part: Part;
  /** The field of `part` whose error empties the cell (`outposts` for the staff-only outposts). */
  field: string;
  /** The pillars whose answer the figure needs: any of them down empties it. */
  pillars: readonly Pillar[];
  /** Why the API answers null with no error: the ratio's denominator is zero. */
  noDenominator?: ExportKey;
  read(figures: Figures): unknown;
}

const at = (field: string) => (figures: Figures) => figures[field];
const nested = (field: string, inner: string) => (figures: Figures) =>
  (figures[field] as Record<string, unknown> | null | undefined)?.[inner];

/**
 * The figures, in the dashboard table's order (its columns, then what its department detail adds): a region's
 * cross-pillar indicators and each pillar's figures for the period (REINFO's as of its last day).
 */
export const FIGURE_COLUMNS: readonly FigureColumn[] = [
  {
    id: "activeRecords",
    header: ["activeRecords"],
    kind: "count",
    part: "formalization",
    field: "active",
    pillars: ["formalization"],
    read: at("active"),
  },
  {
    id: "formalizationRate",
    header: ["formalizationRate", "percentSuffix"],
    kind: "percent",
    part: "indicators",
    field: "formalizationRate",
    pillars: ["formalization"],
    noDenominator: "noRecords",
    read: at("formalizationRate"),
  },
  {
    id: "operations",
    header: ["operations"],
    kind: "count",
    part: "eradication",
    field: "operations",
    pillars: ["eradication"],
    read: at("operations"),
  },
  {
    id: "value",
    header: ["value"],
    kind: "money",
    part: "eradication",
    field: "value",
    pillars: ["eradication"],
    read: at("value"),
  },
  {
    id: "operationsPerThousand",
    header: ["operationsPerThousand"],
    kind: "ratio",
    part: "indicators",
    field: "operationsPerThousandActiveRecords",
    pillars: ["eradication", "formalization"],
    noDenominator: "noActiveRecords",
    read: at("operationsPerThousandActiveRecords"),
  },
  {
    id: "valuePerActive",
    header: ["valuePerActive"],
    kind: "money",
    part: "indicators",
    field: "valueSeizedPerActiveRecord",
    pillars: ["eradication", "formalization"],
    noDenominator: "noActiveRecords",
    read: at("valueSeizedPerActiveRecord"),
  },
  {
    id: "hectaresDegraded",
    header: ["hectaresDegraded"],
    kind: "hectares",
    part: "recovery",
    field: "hectaresDegraded",
    pillars: ["recovery"],
    read: at("hectaresDegraded"),
  },
  {
    id: "hectaresRestored",
    header: ["hectaresRestored"],
    kind: "hectares",
    part: "recovery",
    field: "hectaresRestored",
    pillars: ["recovery"],
    read: at("hectaresRestored"),
  },
  {
    id: "restoredPerDegraded",
    header: ["restoredPerDegraded"],
    kind: "ratio",
    part: "indicators",
    field: "restoredPerDegradedHectare",
    pillars: ["recovery"],
    noDenominator: "noDegradedHectares",
    read: at("restoredPerDegradedHectare"),
  },
  {
    id: "degradedPerActive",
    header: ["degradedPerActive"],
    kind: "ratio",
    part: "indicators",
    field: "degradedHectaresPerActiveRecord",
    pillars: ["recovery", "formalization"],
    noDenominator: "noActiveRecords",
    read: at("degradedHectaresPerActiveRecord"),
  },
  {
    id: "activeProjects",
    header: ["activeProjects"],
    kind: "count",
    part: "livelihoods",
    field: "activeProjects",
    pillars: ["livelihoods"],
    read: at("activeProjects"),
  },
  {
    id: "beneficiaries",
    header: ["beneficiaries"],
    kind: "count",
    part: "livelihoods",
    field: "beneficiaries",
    pillars: ["livelihoods"],
    read: nested("beneficiaries", "total"),
  },
  {
    id: "formerMinersPerExcluded",
    header: ["formerMinersPerExcluded"],
    kind: "ratio",
    part: "indicators",
    field: "formerMinerBeneficiariesPerExcludedRecord",
    pillars: ["livelihoods", "formalization"],
    noDenominator: "noExcludedRecords",
    read: at("formerMinerBeneficiariesPerExcludedRecord"),
  },
  {
    id: "investmentPerActive",
    header: ["investmentPerActive"],
    kind: "money",
    part: "indicators",
    field: "investmentExecutedPerActiveRecord",
    pillars: ["services", "formalization"],
    noDenominator: "noActiveRecords",
    read: at("investmentExecutedPerActiveRecord"),
  },
  {
    id: "operationsPerMillionInvested",
    header: ["operationsPerMillionInvested"],
    kind: "ratio",
    part: "indicators",
    field: "operationsPerMillionSolesInvested",
    pillars: ["eradication", "services"],
    noDenominator: "noInvestmentExecuted",
    read: at("operationsPerMillionSolesInvested"),
  },
  {
    id: "arrests",
    header: ["eradication", "arrests"],
    kind: "count",
    part: "eradication",
    field: "arrests",
    pillars: ["eradication"],
    read: at("arrests"),
  },
  {
    id: "outposts",
    header: ["eradication", "outposts"],
    kind: "count",
    part: "eradication",
    field: "outposts",
    pillars: ["eradication"],
    read: (figures) => (Array.isArray(figures["outposts"]) ? figures["outposts"].length : null),
  },
  {
    id: "registryTotal",
    header: ["formalization", "total"],
    kind: "count",
    part: "formalization",
    field: "total",
    pillars: ["formalization"],
    read: at("total"),
  },
  {
    id: "registrySuspended",
    header: ["formalization", "suspended"],
    kind: "count",
    part: "formalization",
    field: "suspended",
    pillars: ["formalization"],
    read: at("suspended"),
  },
  {
    id: "registryExcluded",
    header: ["formalization", "excluded"],
    kind: "count",
    part: "formalization",
    field: "excluded",
    pillars: ["formalization"],
    read: at("excluded"),
  },
  {
    id: "registryFormalized",
    header: ["formalization", "formalized"],
    kind: "count",
    part: "formalization",
    field: "formalized",
    pillars: ["formalization"],
    read: at("formalized"),
  },
  {
    id: "restorationRatio",
    header: ["recovery", "restorationRatio"],
    kind: "ratio",
    part: "recovery",
    field: "restorationRatio",
    pillars: ["recovery"],
    noDenominator: "noDegradedHectares",
    read: at("restorationRatio"),
  },
  {
    id: "women",
    header: ["livelihoods", "women"],
    kind: "count",
    part: "livelihoods",
    field: "beneficiaries",
    pillars: ["livelihoods"],
    read: nested("beneficiaries", "women"),
  },
  {
    id: "formerMiners",
    header: ["livelihoods", "formerMiners"],
    kind: "count",
    part: "livelihoods",
    field: "beneficiaries",
    pillars: ["livelihoods"],
    read: nested("beneficiaries", "formerMiners"),
  },
  {
    id: "investmentProjects",
    header: ["investmentProjects"],
    kind: "count",
    part: "services",
    field: "activeProjects",
    pillars: ["services"],
    read: at("activeProjects"),
  },
  {
    id: "investmentExecuted",
    header: ["investmentExecuted"],
    kind: "money",
    part: "services",
    field: "executed",
    pillars: ["services"],
    read: at("executed"),
  },
  {
    id: "executedPerInhabitant",
    header: ["executedPerInhabitant"],
    kind: "money",
    part: "services",
    field: "executedPerInhabitant",
    pillars: ["services"],
    noDenominator: "noPopulation",
    read: at("executedPerInhabitant"),
  },
  {
    id: "yearlyAccrualsOutsidePeriodMonths",
    header: ["services", "yearlyAccrualsOutsidePeriodMonths"],
    kind: "money",
    part: "services",
    field: "yearlyAccrualsOutsidePeriodMonths",
    pillars: ["services"],
    read: at("yearlyAccrualsOutsidePeriodMonths"),
  },
  {
    id: "population",
    header: ["services", "population"],
    kind: "count",
    part: "services",
    field: "population",
    pillars: ["services"],
    read: at("population"),
  },
];

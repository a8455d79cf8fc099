import { COLUMNS, type Expectation, type Row } from "../support/access-matrix.ts";

const SYMBOLS: Record<string, Expectation> = { "+": "allow", m: "mask", "-": "deny" };

/** A row written as eight symbols in `COLUMNS` order: `+` the value, `m` a masked value, `-` null and FORBIDDEN. */
function row(symbols: string): Row {
  const cells = symbols.split(/\s+/).filter((s) => s.length > 0);
  if (cells.length !== COLUMNS.length) throw new Error(`a row has ${COLUMNS.length} cells: ${symbols}`);
  return Object.fromEntries(
    COLUMNS.map((column, i) => {
      const expectation = SYMBOLS[cells[i] as string];
      if (!expectation) throw new Error(`unknown cell ${cells[i]} in ${symbols}`);
      return [column, expectation];
    }),
  ) as unknown as Row;
}

/**
 * What each viewer gets from every field of the eradication subgraph that is not public, written by hand from
 * the classification (never derived from the rules under test). Public fields and the gateway-only ones
 * (`Region.enforcementTargets`, `RegionIndicators.eradicationSources`, `DatasetCatalogue.eradicationDatasets`)
 * are not listed. `EnforcementOperation.targetedOperators` is SENSITIVE, and the
 * operators in it show their RUCs as `Operator.ruc` does: an analyst without the personal-data grant gets the
 * list with a person's RUC as a pseudonym, hence `m`.
 */
// prettier-ignore
export const TABLE: Readonly<Record<string, Row>> = {
  //                                            public donor funder analyst analystPD ownEditor otherEditor admin
  "Query.enforcementOperation":                 row("-  -  -  +  +  +  +  +"),
  "Query.enforcementOperations":                row("-  -  -  +  +  +  +  +"),
  "Query.securityOutposts":                     row("-  -  -  +  +  +  +  +"),
  "Query.prosecutorOffices":                    row("-  -  -  +  +  +  +  +"),

  "Mutation.recordEnforcementOperation":        row("-  -  -  -  -  +  -  +"),
  "Mutation.updateProsecutorCaseload":          row("-  -  -  -  -  +  -  +"),
  "Mutation.recordReportedFigure":              row("-  -  -  -  -  +  -  +"),
  "Mutation.setReportedFigureVerification":     row("-  -  -  -  -  +  -  +"),

  "EnforcementOperation.id":                    row("-  -  -  +  +  +  +  +"),
  "EnforcementOperation.name":                  row("-  -  -  +  +  +  +  +"),
  "EnforcementOperation.date":                  row("-  -  -  +  +  +  +  +"),
  "EnforcementOperation.district":              row("-  -  -  +  +  +  +  +"),
  "EnforcementOperation.location":              row("-  -  -  +  +  +  -  +"),
  "EnforcementOperation.agencies":              row("-  -  -  +  +  +  +  +"),
  "EnforcementOperation.type":                  row("-  -  -  +  +  +  +  +"),
  "EnforcementOperation.legalBasis":            row("-  -  -  +  +  +  +  +"),
  "EnforcementOperation.targetedOperators":     row("-  -  -  m  +  +  -  +"),
  "EnforcementOperation.results":               row("-  -  -  +  +  +  +  +"),
  "EnforcementOperation.totalValue":            row("-  -  -  +  +  +  +  +"),
  "EnforcementOperation.arrests":               row("-  -  -  +  +  +  +  +"),
  "EnforcementOperation.source":                row("-  -  -  +  +  +  +  +"),
  "EnforcementOperation.recordedBy":            row("-  -  -  +  +  +  -  +"),
  "EnforcementOperation.recordedAt":            row("-  -  -  +  +  +  +  +"),
  "EnforcementOperation.provenance":            row("-  -  -  +  +  +  +  +"),

  "OperationResult.item":                       row("-  -  -  +  +  +  +  +"),
  "OperationResult.action":                     row("-  -  -  +  +  +  +  +"),
  "OperationResult.quantity":                   row("-  -  -  +  +  +  +  +"),
  "OperationResult.unit":                       row("-  -  -  +  +  +  +  +"),
  "OperationResult.value":                      row("-  -  -  +  +  +  +  +"),

  "SourceReference.kind":                       row("-  -  -  +  +  +  +  +"),
  "SourceReference.reference":                  row("-  -  -  +  +  +  +  +"),
  "SourceReference.url":                        row("-  -  -  +  +  +  +  +"),

  "EnforcementOperationConnection.edges":       row("-  -  -  +  +  +  +  +"),
  "EnforcementOperationConnection.pageInfo":    row("-  -  -  +  +  +  +  +"),
  "EnforcementOperationConnection.totalCount":  row("-  -  -  +  +  +  +  +"),
  "EnforcementOperationEdge.cursor":            row("-  -  -  +  +  +  +  +"),
  "EnforcementOperationEdge.node":              row("-  -  -  +  +  +  +  +"),

  "SecurityOutpost.id":                         row("-  -  -  +  +  +  +  +"),
  "SecurityOutpost.name":                       row("-  -  -  +  +  +  +  +"),
  "SecurityOutpost.district":                   row("-  -  -  +  +  +  +  +"),
  "SecurityOutpost.location":                   row("-  -  -  +  +  +  +  +"),
  "SecurityOutpost.openedOn":                   row("-  -  -  +  +  +  +  +"),
  "SecurityOutpost.status":                     row("-  -  -  +  +  +  +  +"),
  "SecurityOutpost.staffing":                   row("-  -  -  +  +  +  -  +"),
  "SecurityOutpost.agencies":                   row("-  -  -  +  +  +  +  +"),
  "SecurityOutpost.legalBasis":                 row("-  -  -  +  +  +  +  +"),
  "SecurityOutpost.provenance":                 row("-  -  -  +  +  +  +  +"),

  "ProsecutorOffice.id":                        row("-  -  -  +  +  +  +  +"),
  "ProsecutorOffice.name":                      row("-  -  -  +  +  +  +  +"),
  "ProsecutorOffice.district":                  row("-  -  -  +  +  +  +  +"),
  "ProsecutorOffice.prosecutors":               row("-  -  -  +  +  +  +  +"),
  "ProsecutorOffice.openCases":                 row("-  -  -  +  +  +  +  +"),
  "ProsecutorOffice.closedCases":               row("-  -  -  +  +  +  +  +"),
  "ProsecutorOffice.caseloadPerProsecutor":     row("-  -  -  +  +  +  +  +"),
  "ProsecutorOffice.reportedOn":                row("-  -  -  +  +  +  +  +"),
  "ProsecutorOffice.caseloadHistory":           row("-  -  -  +  +  +  +  +"),
  "ProsecutorOffice.provenance":                row("-  -  -  +  +  +  +  +"),

  "CaseloadReport.reportedOn":                  row("-  -  -  +  +  +  +  +"),
  "CaseloadReport.prosecutors":                 row("-  -  -  +  +  +  +  +"),
  "CaseloadReport.openCases":                   row("-  -  -  +  +  +  +  +"),
  "CaseloadReport.closedCases":                 row("-  -  -  +  +  +  +  +"),
  "CaseloadReport.recordedBy":                  row("-  -  -  +  +  +  -  +"),
  "CaseloadReport.provenance":                  row("-  -  -  +  +  +  +  +"),

  "ReportedFigure.recordedBy":                  row("-  -  -  +  +  +  -  +"),

  "RegionEradication.outposts":                 row("-  -  -  +  +  +  +  +"),

  "Operator.ruc":                               row("-  -  -  m  +  +  m  +"),
  "Operator.interventions":                     row("-  -  -  +  +  +  -  +"),
};

/**
 * The columns that may see a person's RUC in clear anywhere: admins, this pillar's editors and analysts granted
 * personal data. Every other viewer's responses must not contain it.
 */
export const SEES_PERSONAL_DATA: ReadonlySet<string> = new Set(["analystPersonalData", "ownEditor", "admin"]);

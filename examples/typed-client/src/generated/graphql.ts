/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> =
  T | { [P in keyof T]?: P extends " $fragmentName" | "__typename" ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from "@graphql-typed-document-node/core";
/** Where an enrollment stands. */
export type EnrollmentStatus =
  /** *Culminó*: completed the project's path. */
  | "COMPLETED"
  /** *Desertó*: left before completing. */
  | "DROPPED_OUT"
  /** *Inscrito*: taking part in the project. */
  | "ENROLLED";

/** Risk of a mining environmental liability, as MINEM's risk studies classify it. */
export type LiabilityRiskLevel =
  /** *Alto*. */
  | "HIGH"
  /** *Bajo*. */
  | "LOW"
  /** *Medio*. */
  | "MEDIUM"
  /** *Muy alto*. */
  | "VERY_HIGH";

/** The kind of taxpayer a RUC's prefix identifies. */
export type OperatorKind =
  /** Company (*persona jurídica*, RUC prefix 20). */
  | "COMPANY"
  /** Other taxpayers (RUC prefixes 15 and 17). */
  | "OTHER"
  /** Natural person (*persona natural*, RUC prefix 10). */
  | "PERSON";

/** A span of time for figures: both dates included. */
export type PeriodInput = {
  /** First day of the period. */
  from: string;
  /** Last day of the period (included). */
  to: string;
};

/** Status of a REINFO record (ESTADO). */
export type ReinfoStatus =
  /** *Vigente*: registered and in the formalization process. */
  | "ACTIVE"
  /** *Excluido*: removed from the registry by an exclusion procedure (e.g. the 2025 purge under DS 012-2025-EM). */
  | "EXCLUDED"
  /** *Formalizado*: completed formalization and left the registry. */
  | "FORMALIZED"
  /** *Suspendido*: suspended, e.g. no active RUC, no production declaration, no IGAFOM. */
  | "SUSPENDED";

export type RegionViewQueryVariables = Exact<{
  ubigeo: string | number;
  period?: PeriodInput | null | undefined;
}>;

export type RegionViewQuery = {
  region: {
    ubigeo: string;
    name: string;
    formalization: {
      total: number;
      active: number;
      suspended: number;
      excluded: number;
      formalized: number;
      formalizationRate: number | null;
    } | null;
    eradication: { operations: number; value: string; arrests: number } | null;
    recovery: { hectaresDegraded: number; hectaresRestored: number; restorationRatio: number | null } | null;
    livelihoods: {
      activeProjects: number;
      beneficiaries: { total: number; women: number; formerMiners: number };
    } | null;
    services: { activeProjects: number; executed: string; executedPerInhabitant: string | null } | null;
    indicators: {
      activeRecords: number;
      operationsPerThousandActiveRecords: number | null;
      valueSeizedPerActiveRecord: string | null;
      restoredPerDegradedHectare: number | null;
      investmentExecutedPerActiveRecord: string | null;
    } | null;
  } | null;
};

export type OperatorViewQueryVariables = Exact<{
  ruc: string | number;
}>;

export type OperatorViewQuery = {
  operator: {
    ruc: string;
    kind: OperatorKind | null;
    name: string | null;
    reinfoRecords: Array<{ code: string; status: ReinfoStatus; district: { name: string } }> | null;
    interventions: Array<{ id: string; date: string; totalValue: string }> | null;
    liabilities: Array<{ id: string; riskLevel: LiabilityRiskLevel | null }> | null;
    livelihoodEnrollments: Array<{ status: EnrollmentStatus; project: { title: string } }> | null;
  } | null;
};

export const RegionViewDocument = {
  __meta__: { hash: "sha256:c702868b6c0c21a801066b28484faa9aa4785ead415a94f8cade75bb124e1470" },
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "RegionView" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "ubigeo" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "ID" } } },
        },
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "period" } },
          type: { kind: "NamedType", name: { kind: "Name", value: "PeriodInput" } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "region" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "ubigeo" },
                value: { kind: "Variable", name: { kind: "Name", value: "ubigeo" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "ubigeo" } },
                { kind: "Field", name: { kind: "Name", value: "name" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "formalization" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "total" } },
                      { kind: "Field", name: { kind: "Name", value: "active" } },
                      { kind: "Field", name: { kind: "Name", value: "suspended" } },
                      { kind: "Field", name: { kind: "Name", value: "excluded" } },
                      { kind: "Field", name: { kind: "Name", value: "formalized" } },
                      { kind: "Field", name: { kind: "Name", value: "formalizationRate" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "eradication" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "period" },
                      value: { kind: "Variable", name: { kind: "Name", value: "period" } },
                    },
                  ],
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "operations" } },
                      { kind: "Field", name: { kind: "Name", value: "value" } },
                      { kind: "Field", name: { kind: "Name", value: "arrests" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "recovery" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "period" },
                      value: { kind: "Variable", name: { kind: "Name", value: "period" } },
                    },
                  ],
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "hectaresDegraded" } },
                      { kind: "Field", name: { kind: "Name", value: "hectaresRestored" } },
                      { kind: "Field", name: { kind: "Name", value: "restorationRatio" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "livelihoods" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "period" },
                      value: { kind: "Variable", name: { kind: "Name", value: "period" } },
                    },
                  ],
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "activeProjects" } },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "beneficiaries" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "total" } },
                            { kind: "Field", name: { kind: "Name", value: "women" } },
                            { kind: "Field", name: { kind: "Name", value: "formerMiners" } },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "services" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "period" },
                      value: { kind: "Variable", name: { kind: "Name", value: "period" } },
                    },
                  ],
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "activeProjects" } },
                      { kind: "Field", name: { kind: "Name", value: "executed" } },
                      { kind: "Field", name: { kind: "Name", value: "executedPerInhabitant" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "indicators" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "period" },
                      value: { kind: "Variable", name: { kind: "Name", value: "period" } },
                    },
                  ],
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "activeRecords" } },
                      { kind: "Field", name: { kind: "Name", value: "operationsPerThousandActiveRecords" } },
                      { kind: "Field", name: { kind: "Name", value: "valueSeizedPerActiveRecord" } },
                      { kind: "Field", name: { kind: "Name", value: "restoredPerDegradedHectare" } },
                      { kind: "Field", name: { kind: "Name", value: "investmentExecutedPerActiveRecord" } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RegionViewQuery, RegionViewQueryVariables>;
export const OperatorViewDocument = {
  __meta__: { hash: "sha256:4ac22f51f9fa9becb50f1a9ae1312040d12f9ad104d53f7f5c2025220bb37a14" },
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "OperatorView" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "ruc" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "ID" } } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "operator" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "ruc" },
                value: { kind: "Variable", name: { kind: "Name", value: "ruc" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "ruc" } },
                { kind: "Field", name: { kind: "Name", value: "kind" } },
                { kind: "Field", name: { kind: "Name", value: "name" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "reinfoRecords" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "code" } },
                      { kind: "Field", name: { kind: "Name", value: "status" } },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "district" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [{ kind: "Field", name: { kind: "Name", value: "name" } }],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "interventions" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "id" } },
                      { kind: "Field", name: { kind: "Name", value: "date" } },
                      { kind: "Field", name: { kind: "Name", value: "totalValue" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "liabilities" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "id" } },
                      { kind: "Field", name: { kind: "Name", value: "riskLevel" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "livelihoodEnrollments" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "status" } },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "project" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [{ kind: "Field", name: { kind: "Name", value: "title" } }],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<OperatorViewQuery, OperatorViewQueryVariables>;

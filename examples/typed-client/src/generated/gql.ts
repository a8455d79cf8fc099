/* eslint-disable */
import * as types from "./graphql";
import type { TypedDocumentNode as DocumentNode } from "@graphql-typed-document-node/core";

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  "query RegionView($ubigeo: ID!, $period: PeriodInput) {\n  region(ubigeo: $ubigeo) {\n    ubigeo\n    name\n    formalization {\n      total\n      active\n      suspended\n      excluded\n      formalized\n      formalizationRate\n    }\n    eradication(period: $period) {\n      operations\n      value\n      arrests\n    }\n    recovery(period: $period) {\n      hectaresDegraded\n      hectaresRestored\n      restorationRatio\n    }\n    livelihoods(period: $period) {\n      activeProjects\n      beneficiaries {\n        total\n        women\n        formerMiners\n      }\n    }\n    services(period: $period) {\n      activeProjects\n      executed\n      executedPerInhabitant\n    }\n    indicators(period: $period) {\n      activeRecords\n      operationsPerThousandActiveRecords\n      valueSeizedPerActiveRecord\n      restoredPerDegradedHectare\n      investmentExecutedPerActiveRecord\n    }\n  }\n}\n\nquery OperatorView($ruc: ID!) {\n  operator(ruc: $ruc) {\n    ruc\n    kind\n    name\n    reinfoRecords {\n      code\n      status\n      district {\n        name\n      }\n    }\n    interventions {\n      id\n      date\n      totalValue\n    }\n    liabilities {\n      id\n      riskLevel\n    }\n    livelihoodEnrollments {\n      status\n      project {\n        title\n      }\n    }\n  }\n}": typeof types.RegionViewDocument;
};
const documents: Documents = {
  "query RegionView($ubigeo: ID!, $period: PeriodInput) {\n  region(ubigeo: $ubigeo) {\n    ubigeo\n    name\n    formalization {\n      total\n      active\n      suspended\n      excluded\n      formalized\n      formalizationRate\n    }\n    eradication(period: $period) {\n      operations\n      value\n      arrests\n    }\n    recovery(period: $period) {\n      hectaresDegraded\n      hectaresRestored\n      restorationRatio\n    }\n    livelihoods(period: $period) {\n      activeProjects\n      beneficiaries {\n        total\n        women\n        formerMiners\n      }\n    }\n    services(period: $period) {\n      activeProjects\n      executed\n      executedPerInhabitant\n    }\n    indicators(period: $period) {\n      activeRecords\n      operationsPerThousandActiveRecords\n      valueSeizedPerActiveRecord\n      restoredPerDegradedHectare\n      investmentExecutedPerActiveRecord\n    }\n  }\n}\n\nquery OperatorView($ruc: ID!) {\n  operator(ruc: $ruc) {\n    ruc\n    kind\n    name\n    reinfoRecords {\n      code\n      status\n      district {\n        name\n      }\n    }\n    interventions {\n      id\n      date\n      totalValue\n    }\n    liabilities {\n      id\n      riskLevel\n    }\n    livelihoodEnrollments {\n      status\n      project {\n        title\n      }\n    }\n  }\n}":
    types.RegionViewDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: "query RegionView($ubigeo: ID!, $period: PeriodInput) {\n  region(ubigeo: $ubigeo) {\n    ubigeo\n    name\n    formalization {\n      total\n      active\n      suspended\n      excluded\n      formalized\n      formalizationRate\n    }\n    eradication(period: $period) {\n      operations\n      value\n      arrests\n    }\n    recovery(period: $period) {\n      hectaresDegraded\n      hectaresRestored\n      restorationRatio\n    }\n    livelihoods(period: $period) {\n      activeProjects\n      beneficiaries {\n        total\n        women\n        formerMiners\n      }\n    }\n    services(period: $period) {\n      activeProjects\n      executed\n      executedPerInhabitant\n    }\n    indicators(period: $period) {\n      activeRecords\n      operationsPerThousandActiveRecords\n      valueSeizedPerActiveRecord\n      restoredPerDegradedHectare\n      investmentExecutedPerActiveRecord\n    }\n  }\n}\n\nquery OperatorView($ruc: ID!) {\n  operator(ruc: $ruc) {\n    ruc\n    kind\n    name\n    reinfoRecords {\n      code\n      status\n      district {\n        name\n      }\n    }\n    interventions {\n      id\n      date\n      totalValue\n    }\n    liabilities {\n      id\n      riskLevel\n    }\n    livelihoodEnrollments {\n      status\n      project {\n        title\n      }\n    }\n  }\n}",
): (typeof documents)["query RegionView($ubigeo: ID!, $period: PeriodInput) {\n  region(ubigeo: $ubigeo) {\n    ubigeo\n    name\n    formalization {\n      total\n      active\n      suspended\n      excluded\n      formalized\n      formalizationRate\n    }\n    eradication(period: $period) {\n      operations\n      value\n      arrests\n    }\n    recovery(period: $period) {\n      hectaresDegraded\n      hectaresRestored\n      restorationRatio\n    }\n    livelihoods(period: $period) {\n      activeProjects\n      beneficiaries {\n        total\n        women\n        formerMiners\n      }\n    }\n    services(period: $period) {\n      activeProjects\n      executed\n      executedPerInhabitant\n    }\n    indicators(period: $period) {\n      activeRecords\n      operationsPerThousandActiveRecords\n      valueSeizedPerActiveRecord\n      restoredPerDegradedHectare\n      investmentExecutedPerActiveRecord\n    }\n  }\n}\n\nquery OperatorView($ruc: ID!) {\n  operator(ruc: $ruc) {\n    ruc\n    kind\n    name\n    reinfoRecords {\n      code\n      status\n      district {\n        name\n      }\n    }\n    interventions {\n      id\n      date\n      totalValue\n    }\n    liabilities {\n      id\n      riskLevel\n    }\n    livelihoodEnrollments {\n      status\n      project {\n        title\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> =
  TDocumentNode extends DocumentNode<infer TType, any> ? TType : never;

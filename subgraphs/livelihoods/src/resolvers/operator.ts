import { isValidRuc } from "@tinkuy/kit";
import type { OperatorResolvers } from "../generated/resolvers.ts";

/** What `Operator` resolvers receive: the RUC. */
export interface OperatorRef {
  ruc: string;
}

/** `Operator`: any valid RUC; its enrollments come from one batched query per request. */
export const Operator: OperatorResolvers = {
  // Invalid RUCs are refused everywhere; in entity resolution that means null.
  __resolveReference: (reference) => (isValidRuc(reference.ruc) ? { ruc: reference.ruc } : null),
  livelihoodEnrollments: (operator, _, { loaders }) => loaders.enrollmentsByRuc.load(operator.ruc),
};

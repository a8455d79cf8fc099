import { isValidRuc } from "@tinkuy/kit";
import type { OperatorResolvers } from "../generated/resolvers.ts";

export interface OperatorRef {
  ruc: string;
}

/** `Operator`: any valid RUC; its liabilities come from one batched query per request. */
export const Operator: OperatorResolvers = {
  // Invalid RUCs are refused everywhere; in entity resolution that means null.
  __resolveReference: (reference) => (isValidRuc(reference.ruc) ? { ruc: reference.ruc } : null),
  liabilities: (operator, _, { loaders }) => loaders.liabilitiesByRuc.load(operator.ruc),
};

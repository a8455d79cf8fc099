import { isValidRuc } from "@tinkuy/kit";
import type { OperatorResolvers } from "../generated/resolvers.ts";
import { inInventory } from "../search.ts";

export interface OperatorRef {
  ruc: string;
}

/**
 * `Operator`: any valid RUC; its liabilities come from one batched query per request (all of them, the ones the
 * inventory no longer lists too), and `inventory` picks among them.
 */
export const Operator: OperatorResolvers = {
  // Invalid RUCs are refused everywhere; in entity resolution that means null.
  __resolveReference: (reference) => (isValidRuc(reference.ruc) ? { ruc: reference.ruc } : null),
  liabilities: async (operator, { inventory }, { loaders }) =>
    (await loaders.liabilitiesByRuc.load(operator.ruc)).filter((l) => inInventory(l, inventory)),
};

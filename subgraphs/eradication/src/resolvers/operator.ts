import { isValidRuc, parsePeriod } from "@tinkuy/kit";
import type { OperatorResolvers } from "../generated/resolvers.ts";

/** What `Operator` resolvers receive: the RUC, the operator's key. */
export interface OperatorRef {
  ruc: string;
}

/** `Operator`: any valid RUC; its interventions come from one batched query per request and period. */
export const Operator: OperatorResolvers = {
  // Invalid RUCs are refused everywhere; in entity resolution that means null.
  __resolveReference: (reference) => (isValidRuc(reference.ruc) ? { ruc: reference.ruc } : null),
  interventions(operator, { period }, { loaders }) {
    const range = period ? parsePeriod(period, "period", () => period) : null;
    return loaders.interventions(range).load(operator.ruc);
  },
};

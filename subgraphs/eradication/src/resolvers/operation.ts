import { centsToDecimal } from "@tinkuy/kit";
import type { EnforcementOperationResolvers, OperationResultResolvers } from "../generated/resolvers.ts";
import { regionOf } from "./region.ts";

/** `EnforcementOperation`: resolved by identifier through the per-request loader. */
export const EnforcementOperation: EnforcementOperationResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.operationById.load(reference.id),
  name: (operation) => operation.name ?? null,
  district: (operation) => regionOf(operation.district, `operation ${operation.id}`),
  location: (operation) =>
    operation.latitude != null && operation.longitude != null
      ? { latitude: operation.latitude, longitude: operation.longitude }
      : null,
  targetedOperators: (operation) => operation.targetRucs.map((ruc) => ({ ruc })),
  totalValue: (operation) => centsToDecimal(operation.totalCents),
  source: (operation) => ({
    kind: operation.source.kind,
    reference: operation.source.reference,
    url: operation.source.url ?? null,
  }),
};

/** `OperationResult`: the valuation is stored in céntimos. */
export const OperationResult: OperationResultResolvers = {
  value: (line) => centsToDecimal(line.cents),
};

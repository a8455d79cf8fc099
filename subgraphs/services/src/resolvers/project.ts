import { centsToDecimal } from "@tinkuy/kit";
import type { InvestmentAccrualResolvers, InvestmentProjectResolvers } from "../generated/resolvers.ts";
import { functionOf } from "../vocabulary.ts";
import { regionOf } from "./region.ts";

/** `InvestmentProject`: resolved by CUI through the per-request loader (batched across references). */
export const InvestmentProject: InvestmentProjectResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.projectByCui.load(reference.cui),
  cui: (p) => p.cui,
  name: (p) => p.name,
  function: (p) => functionOf(p.functionCode),
  functionCode: (p) => p.functionCode,
  programme: (p) => p.programme ?? null,
  subprogramme: (p) => p.subprogramme ?? null,
  executingUnit: (p) => p.executingUnit,
  governmentLevel: (p) => p.governmentLevel,
  districts: (p) => p.districts.map((district) => regionOf(district, `investment ${p.cui}`)),
  status: (p) => p.status,
  viableCost: (p) => centsToDecimal(p.viableCostCents),
  updatedCost: (p) => (p.updatedCostCents == null ? null : centsToDecimal(p.updatedCostCents)),
  execution: (p) => [...p.execution].sort((a, b) => a.year - b.year || (a.month ?? 0) - (b.month ?? 0)),
  accruedTotal: (p) => centsToDecimal(p.accruedCents),
  accruedBeforeYear: (p) =>
    p.accruedBeforeYear
      ? {
          amount: centsToDecimal(p.accruedBeforeYear.accruedCents),
          throughYear: p.accruedBeforeYear.throughYear,
        }
      : null,
  registeredOn: (p) => p.registeredOn,
  viableOn: (p) => p.viableOn ?? null,
  executionStartedOn: (p) => p.executionStartedOn ?? null,
  closedOn: (p) => p.closedOn ?? null,
  provenance: (p) => p.provenance,
};

/** `InvestmentAccrual`: amounts in céntimos shown as soles. */
export const InvestmentAccrual: InvestmentAccrualResolvers = {
  year: (a) => a.year,
  month: (a) => a.month ?? null,
  accrued: (a) => centsToDecimal(a.accruedCents),
  provenance: (a) => a.provenance,
};

import { DateScalar, DateTime, DecimalScalar } from "@tinkuy/kit";
import type { Resolvers } from "../generated/resolvers.ts";
import { DatasetCatalogue } from "./catalogue.ts";
import { RegionIndicators } from "./indicators.ts";
import { Mutation } from "./mutation.ts";
import { InvestmentAccrual, InvestmentProject } from "./project.ts";
import { Query } from "./query.ts";
import { FunctionExecution, Region, RegionServices } from "./region.ts";

/** Every resolver of the services subgraph, checked against the types generated from the SDL. */
export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime,
  Decimal: DecimalScalar,
  Query,
  Mutation,
  DatasetCatalogue,
  InvestmentProject,
  InvestmentAccrual,
  FunctionExecution,
  Region,
  RegionIndicators,
  RegionServices,
};

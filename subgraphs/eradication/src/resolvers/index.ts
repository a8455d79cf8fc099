import { RegionIndicators } from "./indicators.ts";
import { DateScalar, DateTime, DecimalScalar } from "@tinkuy/kit";
import type { Resolvers } from "../generated/resolvers.ts";
import { DatasetCatalogue } from "./catalogue.ts";
import { Mutation } from "./mutation.ts";
import { ProsecutorOffice } from "./office.ts";
import { EnforcementOperation, OperationResult } from "./operation.ts";
import { Operator } from "./operator.ts";
import { SecurityOutpost } from "./outpost.ts";
import { Query } from "./query.ts";
import { ItemizedFigure, ReportedFigure } from "./reported-figure.ts";
import { ItemFigure, Region, RegionEradication } from "./region.ts";

/** Every resolver of the eradication subgraph, checked against the types generated from the SDL. */
export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime,
  Decimal: DecimalScalar,
  Query,
  Mutation,
  EnforcementOperation,
  OperationResult,
  SecurityOutpost,
  ProsecutorOffice,
  Operator,
  Region,
  RegionIndicators,
  RegionEradication,
  ItemFigure,
  ReportedFigure,
  ItemizedFigure,
  DatasetCatalogue,
};

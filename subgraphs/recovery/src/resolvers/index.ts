import { RegionIndicators } from "./indicators.ts";
import { DateScalar, DateTime, DecimalScalar } from "@tinkuy/kit";
import type { Resolvers } from "../generated/resolvers.ts";
import { DatasetCatalogue } from "./catalogue.ts";
import { DegradedArea } from "./degraded-area.ts";
import { MiningLiability } from "./liability.ts";
import { Mutation } from "./mutation.ts";
import { Operator } from "./operator.ts";
import {
  AreaRestoration,
  MonitoringMeasurement,
  RestorationProgress,
  RestorationProject,
} from "./project.ts";
import { Query } from "./query.ts";
import { Region, RegionRecovery } from "./region.ts";

/** Every resolver of the recovery subgraph, checked against the types generated from the SDL. */
export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime,
  Decimal: DecimalScalar,
  Query,
  DatasetCatalogue,
  Mutation,
  DegradedArea,
  MiningLiability,
  RestorationProject,
  RestorationProgress,
  AreaRestoration,
  MonitoringMeasurement,
  Operator,
  Region,
  RegionIndicators,
  RegionRecovery,
};

import { RegionIndicators } from "./indicators.ts";
import { DateScalar, DateTime, DecimalScalar } from "@tinkuy/kit";
import type { Resolvers } from "../generated/resolvers.ts";
import { DatasetCatalogue } from "./catalogue.ts";
import { Donor } from "./donor.ts";
import { LivelihoodEnrollment } from "./enrollment.ts";
import { Mutation } from "./mutation.ts";
import { Operator } from "./operator.ts";
import {
  ActivityStatusChange,
  Budget,
  LivelihoodProject,
  Organisation,
  ParticipatingOrg,
  ProjectSector,
  Transaction,
} from "./project.ts";
import { Query } from "./query.ts";
import { Region, RegionLivelihoods } from "./region.ts";
import { Indicator, IndicatorPeriod, Result } from "./results.ts";

/** Every resolver of the livelihoods subgraph, checked against the types generated from the SDL. */
export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime,
  Decimal: DecimalScalar,
  Query,
  Mutation,
  LivelihoodProject,
  Organisation,
  ParticipatingOrg,
  ProjectSector,
  ActivityStatusChange,
  Budget,
  Transaction,
  Result,
  Indicator,
  IndicatorPeriod,
  Donor,
  DatasetCatalogue,
  LivelihoodEnrollment,
  Operator,
  Region,
  RegionIndicators,
  RegionLivelihoods,
};

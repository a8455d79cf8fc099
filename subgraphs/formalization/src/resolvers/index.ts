import { DateScalar, DateTime } from "@tinkuy/kit";
import type { Resolvers } from "../generated/resolvers.ts";
import { DatasetCatalogue } from "./catalogue.ts";
import { RegionIndicators } from "./indicators.ts";
import { Mutation } from "./mutation.ts";
import { Operator } from "./operator.ts";
import { Query } from "./query.ts";
import { ReinfoRecord } from "./record.ts";
import { Region } from "./region.ts";
import { RegionFormalization } from "./region-formalization.ts";

/** Every resolver of the formalization subgraph, checked against the types generated from the SDL. */
export const resolvers: Resolvers = {
  Date: DateScalar,
  RegionIndicators,
  DateTime,
  Query,
  Mutation,
  ReinfoRecord,
  Operator,
  Region,
  RegionFormalization,
  DatasetCatalogue,
};

import { DateTime } from "@tinkuy/kit";
import type { Resolvers } from "../generated/resolvers.ts";
import { Mutation } from "./mutation.ts";
import { Operator } from "./operator.ts";
import { Query } from "./query.ts";
import { ReinfoRecord } from "./record.ts";
import { Region, RegionFormalization } from "./region.ts";

/** Every resolver of the formalization subgraph, checked against the types generated from the SDL. */
export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation,
  ReinfoRecord,
  Operator,
  Region,
  RegionFormalization,
};

import type { MutationResolvers } from "../generated/resolvers.ts";
import { changeReinfoStatus } from "../writes/change-reinfo-status.ts";
import { registerReinfoRecord } from "../writes/register-reinfo-record.ts";
import { reinstateReinfoRecord } from "../writes/reinstate-reinfo-record.ts";

/**
 * Mutations: each calls its write (`src/writes/`, same name), which validates all of the input (with its own
 * schemas, to report the offending field) before anything is written.
 */
export const Mutation: MutationResolvers = {
  registerReinfoRecord: (_, args, { models, actor }) =>
    registerReinfoRecord(models, args.input, args.idempotencyKey, actor),
  changeReinfoStatus: (_, args, { models, actor }) =>
    changeReinfoStatus(models, args.input, args.idempotencyKey, actor),
  reinstateReinfoRecord: (_, args, { models, actor }) =>
    reinstateReinfoRecord(models, args.input, args.idempotencyKey, actor),
};

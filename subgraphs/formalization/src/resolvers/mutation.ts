import type { MutationResolvers } from "../generated/resolvers.ts";
import { changeStatus, registerRecord, reinstate } from "../registry.ts";

/**
 * Mutations: the registry module validates all of the input (with its own schemas, to report the offending
 * field) before anything is written.
 */
export const Mutation: MutationResolvers = {
  registerReinfoRecord: (_, args, { models, actor }) =>
    registerRecord(models, args.input, args.idempotencyKey, actor),
  changeReinfoStatus: (_, args, { models, actor }) =>
    changeStatus(models, args.input, args.idempotencyKey, actor),
  reinstateReinfoRecord: (_, args, { models, actor }) =>
    reinstate(models, args.input, args.idempotencyKey, actor),
};

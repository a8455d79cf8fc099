import type { MutationResolvers } from "../generated/resolvers.ts";
import { recordOperation, updateCaseload } from "../registry.ts";

/**
 * Mutations: the registry module validates all of the input (with its own schemas, to report the offending
 * field) before anything is written.
 */
export const Mutation: MutationResolvers = {
  recordEnforcementOperation: (_, args, { models, actor }) =>
    recordOperation(models, args.input, args.idempotencyKey, actor),
  updateProsecutorCaseload: (_, args, { models, actor }) =>
    updateCaseload(models, args.input, args.idempotencyKey, actor),
};

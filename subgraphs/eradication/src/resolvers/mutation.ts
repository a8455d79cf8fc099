import type { MutationResolvers } from "../generated/resolvers.ts";
import { recordEnforcementOperation } from "../writes/record-enforcement-operation.ts";
import { updateProsecutorCaseload } from "../writes/update-prosecutor-caseload.ts";

/**
 * Mutations: each calls its write (`src/writes/`, same name), which validates all of the input (with its own
 * schemas, to report the offending field) before anything is written.
 */
export const Mutation: MutationResolvers = {
  recordEnforcementOperation: (_, args, { models, actor }) =>
    recordEnforcementOperation(models, args.input, args.idempotencyKey, actor),
  updateProsecutorCaseload: (_, args, { models, actor }) =>
    updateProsecutorCaseload(models, args.input, args.idempotencyKey, actor),
};

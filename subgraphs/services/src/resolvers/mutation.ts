import type { MutationResolvers } from "../generated/resolvers.ts";
import { changeInvestmentStatus } from "../writes/change-investment-status.ts";
import { recordInvestmentAccrual } from "../writes/record-investment-accrual.ts";
import { registerInvestmentProject } from "../writes/register-investment-project.ts";

/**
 * Mutations: each calls its write (`src/writes/`, same name), which validates all of the input (with its own
 * schemas, to report the offending field) before anything is written, and moves the region counters through
 * `applyProjectChange`. Access (editors of this pillar, admins) and the audit log are the kit's.
 */
export const Mutation: MutationResolvers = {
  registerInvestmentProject: (_, args, { models, actor }) =>
    registerInvestmentProject(models, args.input, args.idempotencyKey, actor),
  recordInvestmentAccrual: (_, args, { models, actor }) =>
    recordInvestmentAccrual(models, args.input, args.idempotencyKey, actor),
  changeInvestmentStatus: (_, args, { models, actor }) =>
    changeInvestmentStatus(models, args.input, args.idempotencyKey, actor),
};

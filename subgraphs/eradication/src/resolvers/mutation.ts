import type { MutationResolvers } from "../generated/resolvers.ts";
import { recordEnforcementOperation } from "../writes/record-enforcement-operation.ts";
import { recordReportedFigure } from "../writes/record-reported-figure.ts";
import { setReportedFigureVerification } from "../writes/set-reported-figure-verification.ts";
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
  recordReportedFigure: (_, args, { models, actor }) =>
    recordReportedFigure(models, args.input, args.idempotencyKey, actor),
  setReportedFigureVerification: (_, args, { models, actor }) =>
    setReportedFigureVerification(models, args.input, args.idempotencyKey, actor),
};

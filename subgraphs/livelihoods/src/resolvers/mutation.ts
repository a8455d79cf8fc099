import type { MutationResolvers } from "../generated/resolvers.ts";
import { changeEnrollmentStatus } from "../writes/change-enrollment-status.ts";
import { changeProjectStatus } from "../writes/change-project-status.ts";
import { enrollOperator } from "../writes/enroll-operator.ts";
import { recordTransaction } from "../writes/record-transaction.ts";
import { registerLivelihoodProject } from "../writes/register-livelihood-project.ts";
import { reportBeneficiaries } from "../writes/report-beneficiaries.ts";
import { reportIndicatorActual } from "../writes/report-indicator-actual.ts";

/**
 * Mutations: each calls its write (`src/writes/`, same name), which validates all of the input (with its own
 * schemas, to report the offending field) before anything is written, and recognises retries by their
 * idempotency key.
 */
export const Mutation: MutationResolvers = {
  registerLivelihoodProject: (_, args, { models, actor }) =>
    registerLivelihoodProject(models, args.input, args.idempotencyKey, actor),
  changeProjectStatus: (_, args, { models, actor }) =>
    changeProjectStatus(models, args.input, args.idempotencyKey, actor),
  recordTransaction: (_, args, { models, actor }) =>
    recordTransaction(models, args.input, args.idempotencyKey, actor),
  reportIndicatorActual: (_, args, { models, actor }) =>
    reportIndicatorActual(models, args.input, args.idempotencyKey, actor),
  reportBeneficiaries: (_, args, { models, actor }) =>
    reportBeneficiaries(models, args.input, args.idempotencyKey, actor),
  enrollOperator: (_, args, { models, actor }) =>
    enrollOperator(models, args.input, args.idempotencyKey, actor),
  changeEnrollmentStatus: (_, args, { models, actor }) =>
    changeEnrollmentStatus(models, args.input, args.idempotencyKey, actor),
};

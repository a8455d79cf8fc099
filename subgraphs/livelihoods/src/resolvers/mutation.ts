import { changeEnrollmentStatus, enrollOperator } from "../enrollments.ts";
import type { MutationResolvers } from "../generated/resolvers.ts";
import { recordTransaction } from "../ledger.ts";
import { reportIndicatorActual } from "../monitoring.ts";
import { changeProjectStatus, registerProject, reportBeneficiaries } from "../registry.ts";

/**
 * Mutations: the write modules validate all of the input (with their own schemas, to report the offending
 * field) before anything is written, and recognise retries by their idempotency key.
 */
export const Mutation: MutationResolvers = {
  registerLivelihoodProject: (_, args, { models, actor }) =>
    registerProject(models, args.input, args.idempotencyKey, actor),
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

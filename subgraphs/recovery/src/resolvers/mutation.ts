import type { MutationResolvers } from "../generated/resolvers.ts";
import { recordMonitoringMeasurement } from "../monitoring.ts";
import { recordRestorationProgress } from "../progress.ts";
import { registerDegradedArea, registerRestorationProject } from "../registry.ts";
import { assessLiabilityRisk } from "../risk.ts";

/**
 * Mutations: each write module validates all of its input (with its own schemas, to report the offending
 * field) before anything is written.
 */
export const Mutation: MutationResolvers = {
  registerDegradedArea: (_, args, { models, actor }) =>
    registerDegradedArea(models, args.input, args.idempotencyKey, actor),
  registerRestorationProject: (_, args, { models, actor }) =>
    registerRestorationProject(models, args.input, args.idempotencyKey, actor),
  recordRestorationProgress: (_, args, { models, actor }) =>
    recordRestorationProgress(models, args.input, args.idempotencyKey, actor),
  recordMonitoringMeasurement: (_, args, { models, actor }) =>
    recordMonitoringMeasurement(models, args.input, args.idempotencyKey, actor),
  assessLiabilityRisk: (_, args, { models, actor }) =>
    assessLiabilityRisk(models, args.input, args.idempotencyKey, actor),
};

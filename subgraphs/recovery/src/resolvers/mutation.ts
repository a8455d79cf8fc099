import type { MutationResolvers } from "../generated/resolvers.ts";
import { assessLiabilityRisk } from "../writes/assess-liability-risk.ts";
import { recordMonitoringMeasurement } from "../writes/record-monitoring-measurement.ts";
import { recordRestorationProgress } from "../writes/record-restoration-progress.ts";
import { registerDegradedArea } from "../writes/register-degraded-area.ts";
import { registerRestorationProject } from "../writes/register-restoration-project.ts";

/**
 * Mutations: each calls its write (`src/writes/`, same name), which validates all of the input (with its own
 * schemas, to report the offending field) before anything is written.
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

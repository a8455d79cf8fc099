import { invariant } from "@tinkuy/kit";
import type { LivelihoodEnrollmentResolvers } from "../generated/resolvers.ts";

/** `LivelihoodEnrollment`: the miner as an Operator reference, the project through the loader. */
export const LivelihoodEnrollment: LivelihoodEnrollmentResolvers = {
  id: (enrollment) => enrollment._id,
  operator: (enrollment) => ({ ruc: enrollment.ruc }),
  async project(enrollment, _, { loaders }) {
    const project = await loaders.projectById.load(enrollment.iatiIdentifier);
    invariant(project, `enrollment ${enrollment._id} points at a missing project`);
    return project;
  },
  formerReinfoStatus: (enrollment) => enrollment.formerReinfoStatus ?? null,
  statusHistory: (enrollment) => enrollment.history,
};

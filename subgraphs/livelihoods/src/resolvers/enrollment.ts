import { decide, invariant, type AccessRule } from "@tinkuy/kit";
import type { LivelihoodEnrollmentResolvers } from "../generated/resolvers.ts";

/** The rule of `Operator.ruc`, which the RUC inside an enrollment's identity follows. */
const RUC_RULE: AccessRule = { read: "PERSONAL", mask: "RUC" };

/** `LivelihoodEnrollment`: the miner as an Operator reference, the project through the loader. */
export const LivelihoodEnrollment: LivelihoodEnrollmentResolvers = {
  // The identity holds the miner's RUC: a viewer whom `Operator.ruc` shows a pseudonym sees it here too.
  id: (enrollment, _, { viewer, pseudonyms }) =>
    decide(RUC_RULE, viewer, "livelihoods", () => false) === "allow"
      ? enrollment._id
      : `${enrollment.iatiIdentifier}|${pseudonyms.mask(enrollment.ruc)}`,
  operator: (enrollment) => ({ ruc: enrollment.ruc }),
  async project(enrollment, _, { loaders }) {
    const project = await loaders.projectById.load(enrollment.iatiIdentifier);
    invariant(project, `enrollment ${enrollment._id} points at a missing project`);
    return project;
  },
  formerReinfoStatus: (enrollment) => enrollment.formerReinfoStatus ?? null,
  statusHistory: (enrollment) => enrollment.history,
};

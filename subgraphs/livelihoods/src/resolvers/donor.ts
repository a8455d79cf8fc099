import type { DonorResolvers } from "../generated/resolvers.ts";
import { amountList, donorFinance } from "../finance.ts";
import { ORG_TYPE_OF } from "../iati.ts";

/** `Donor`: resolved by reference through the per-request loader; its projects and money in one batched find. */
export const Donor: DonorResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.donorByRef.load(reference.ref),
  ref: (donor) => donor._id,
  type: (donor) => ORG_TYPE_OF[donor.type],
  projects: (donor, _, { loaders }) => loaders.projectsByFunder.load(donor._id),
  committed: async (donor, _, { loaders }) =>
    amountList(donorFinance(donor._id, await loaders.projectsByFunder.load(donor._id)).committed),
  disbursed: async (donor, _, { loaders }) =>
    amountList(donorFinance(donor._id, await loaders.projectsByFunder.load(donor._id)).disbursed),
};

import type { ProsecutorOfficeResolvers } from "../generated/resolvers.ts";
import { regionOf } from "./region.ts";

/** `ProsecutorOffice`: resolved by identifier through the per-request loader; figures as last reported. */
export const ProsecutorOffice: ProsecutorOfficeResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.officeById.load(reference.id),
  district: (office) => regionOf(office.district, `office ${office.id}`),
  caseloadPerProsecutor: (office) => (office.prosecutors > 0 ? office.openCases / office.prosecutors : null),
  caseloadHistory: (office) => office.history,
};

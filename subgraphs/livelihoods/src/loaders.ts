import DataLoader from "dataloader";
import { groupLoader, uniqueLoader } from "@tinkuy/kit";
import { ORG_ROLE } from "./iati.ts";
import { READ_BATCH, type DonorDoc, type EnrollmentDoc, type Models, type ProjectDoc } from "./models.ts";
import {
  projectsInRegionLoader,
  regionMoneyLoader,
  type FigureKey,
  type ProjectSummary,
  type RegionMoney,
} from "./region-figures.ts";

/** The per-request loaders: every entity fetch goes through one, so a request costs one command per batch. */
export interface Loaders {
  projectById: DataLoader<string, ProjectDoc | null>;
  /** Projects a donor funds (role 1), in IATI-identifier order. */
  projectsByFunder: DataLoader<string, ProjectDoc[]>;
  donorByRef: DataLoader<string, DonorDoc | null>;
  enrollmentsByRuc: DataLoader<string, EnrollmentDoc[]>;
  enrollmentsByProject: DataLoader<string, EnrollmentDoc[]>;
  projectsInRegion: DataLoader<string, ProjectSummary[]>;
  regionMoney: DataLoader<FigureKey, RegionMoney, string>;
}

/** Projects by funder: one find for every donor of a batch; a co-funded project appears under each funder. */
function projectsByFunderLoader(models: Models): DataLoader<string, ProjectDoc[]> {
  return new DataLoader<string, ProjectDoc[]>(
    async (refs) => {
      const projects = await models.Project.find({
        participatingOrgs: { $elemMatch: { role: ORG_ROLE.FUNDING, ref: { $in: [...refs] } } },
      })
        .sort({ iatiIdentifier: 1 })
        .batchSize(READ_BATCH)
        .lean<ProjectDoc[]>();
      const groups = new Map<string, ProjectDoc[]>(refs.map((ref) => [ref, []]));
      for (const project of projects) {
        const funders = new Set(
          project.participatingOrgs.filter((org) => org.role === ORG_ROLE.FUNDING).map((org) => org.ref),
        );
        for (const ref of funders) if (ref) groups.get(ref)?.push(project);
      }
      return refs.map((ref) => groups.get(ref) ?? []);
    },
    { maxBatchSize: 1000 },
  );
}

/** A fresh set of loaders for one request (never shared between requests). */
export function createLoaders(models: Models): Loaders {
  return {
    projectById: uniqueLoader(
      (ids) =>
        models.Project.find({ iatiIdentifier: { $in: ids } })
          .batchSize(READ_BATCH)
          .lean<ProjectDoc[]>(),
      (project) => project.iatiIdentifier,
    ),
    projectsByFunder: projectsByFunderLoader(models),
    donorByRef: uniqueLoader(
      (refs) =>
        models.Donor.find({ _id: { $in: refs } })
          .batchSize(READ_BATCH)
          .lean<DonorDoc[]>(),
      (donor) => donor._id,
    ),
    enrollmentsByRuc: groupLoader(
      (rucs) =>
        models.Enrollment.find({ ruc: { $in: rucs } })
          .sort({ _id: 1 })
          .batchSize(READ_BATCH)
          .lean<EnrollmentDoc[]>(),
      (enrollment) => enrollment.ruc,
    ),
    enrollmentsByProject: groupLoader(
      (ids) =>
        models.Enrollment.find({ iatiIdentifier: { $in: ids } })
          .sort({ _id: 1 })
          .batchSize(READ_BATCH)
          .lean<EnrollmentDoc[]>(),
      (enrollment) => enrollment.iatiIdentifier,
    ),
    projectsInRegion: projectsInRegionLoader(models),
    regionMoney: regionMoneyLoader(models),
  };
}

import { centsToDecimal, invariant, regionCatalog, type RegionEntry } from "@tinkuy/kit";
import type {
  ActivityStatusChangeResolvers,
  BudgetResolvers,
  LivelihoodProjectResolvers,
  OrganisationResolvers,
  ParticipatingOrgResolvers,
  ProjectSectorResolvers,
  TransactionResolvers,
} from "../generated/resolvers.ts";
import { amountList, projectFinance } from "../finance.ts";
import {
  ACTIVITY_STATUS_OF,
  BUDGET_STATUS_OF,
  BUDGET_TYPE_OF,
  DAC_SECTOR_OF,
  ORG_ROLE_OF,
  ORG_TYPE_OF,
  TRANSACTION_TYPE,
  TRANSACTION_TYPE_OF,
} from "../iati.ts";

/** `LivelihoodProject`: an IATI activity as stored; resolved by IATI identifier through the per-request loader. */
export const LivelihoodProject: LivelihoodProjectResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.projectById.load(reference.iatiIdentifier),
  status: (project) => ACTIVITY_STATUS_OF[project.activityStatus],
  locations: (project) =>
    project.locations.map((code): RegionEntry => {
      const region = regionCatalog().get(code);
      // Every write checks locations against the catalog, so a miss means the catalog lost a region.
      invariant(region, `project ${project.iatiIdentifier} has location ${code}, unknown to the catalog`);
      return region;
    }),
  transactions: (project, { type }) =>
    type == null
      ? project.transactions
      : project.transactions.filter((t) => t.transactionType === TRANSACTION_TYPE[type]),
  finance(project) {
    const finance = projectFinance(project);
    return {
      committed: amountList(finance.committed),
      disbursed: amountList(finance.disbursed),
      expended: amountList(finance.expended),
    };
  },
  enrollments: (project, _, { loaders }) => loaders.enrollmentsByProject.load(project.iatiIdentifier),
  lastUpdated: (project) => project.updatedAt,
};

/** `Organisation`: IATI's `narrative` is the name; the type is stored as its code. */
export const Organisation: OrganisationResolvers = {
  ref: (org) => org.ref ?? null,
  name: (org) => org.narrative,
  type: (org) => (org.type ? ORG_TYPE_OF[org.type] : null),
};

/** `ParticipatingOrg`: role and type from their codes; the donor when the reference is a known one. */
export const ParticipatingOrg: ParticipatingOrgResolvers = {
  role: (org) => ORG_ROLE_OF[org.role],
  ref: (org) => org.ref ?? null,
  name: (org) => org.narrative,
  type: (org) => ORG_TYPE_OF[org.type],
  donor: (org, _, { loaders }) => (org.ref ? loaders.donorByRef.load(org.ref) : null),
};

/** `ProjectSector`: the CRS code and its enum name. */
export const ProjectSector: ProjectSectorResolvers = {
  sector: (sector) => DAC_SECTOR_OF[sector.code],
};

/** `ActivityStatusChange`: the status from its code. */
export const ActivityStatusChange: ActivityStatusChangeResolvers = {
  status: (entry) => ACTIVITY_STATUS_OF[entry.status],
};

/** `Budget`: codes to names, céntimos to a Decimal. */
export const Budget: BudgetResolvers = {
  type: (budget) => BUDGET_TYPE_OF[budget.type],
  status: (budget) => BUDGET_STATUS_OF[budget.status],
  value: (budget) => ({ currency: budget.value.currency, value: centsToDecimal(budget.value.cents) }),
  valueDate: (budget) => budget.value.valueDate,
};

/** `Transaction`: IATI's element names to the API's. */
export const Transaction: TransactionResolvers = {
  ref: (t) => t.ref ?? null,
  type: (t) => TRANSACTION_TYPE_OF[t.transactionType],
  date: (t) => t.transactionDate,
  value: (t) => centsToDecimal(t.value.cents),
  currency: (t) => t.value.currency,
  valueDate: (t) => t.value.valueDate,
  description: (t) => t.description ?? null,
  providerOrg: (t) => t.providerOrg ?? null,
  receiverOrg: (t) => t.receiverOrg ?? null,
};

import type { PillarCodegen } from "@tinkuy/kit";

/** How this subgraph's resolver types are generated (`npm run codegen`): schema types → the objects resolvers get. */
export const codegen: PillarCodegen = {
  output: new URL("./src/generated/resolvers.ts", import.meta.url),
  contextType: "../context.ts#LivelihoodsContext",
  mappers: {
    RegionIndicators: "../resolvers/indicators.ts#IndicatorsParent",
    LivelihoodProject: "../models.ts#ProjectDoc",
    Organisation: "../models.ts#OrgDoc",
    ParticipatingOrg: "../models.ts#ParticipatingOrgDoc",
    ProjectSector: "../models.ts#SectorDoc",
    ActivityDates: "../models.ts#ActivityDatesDoc",
    ActivityStatusChange: "../models.ts#StatusEntry",
    Budget: "../models.ts#BudgetDoc",
    Transaction: "../models.ts#TransactionDoc",
    Beneficiaries: "../models.ts#BeneficiariesDoc",
    Result: "../models.ts#ResultDoc",
    Indicator: "../models.ts#IndicatorDoc",
    IndicatorBaseline: "../models.ts#BaselineDoc",
    IndicatorPeriod: "../resolvers/results.ts#PeriodParent",
    IndicatorValue: "../models.ts#IndicatorValueDoc",
    Donor: "../models.ts#DonorDoc",
    LivelihoodEnrollment: "../models.ts#EnrollmentDoc",
    EnrollmentStatusChange: "../models.ts#EnrollmentEntry",
    Operator: "../resolvers/operator.ts#OperatorRef",
    Region: "../resolvers/region.ts#RegionParent",
    RegionLivelihoods: "../resolvers/region.ts#LivelihoodsParent",
    LivelihoodProjectConnection: "../search.ts#ProjectPage",
    Provenance: "../models.ts#ProvenanceDoc",
    SourceShare: "../models.ts#SourceShareDoc",
  },
};

import type { PillarCodegen } from "@tinkuy/kit";

/** How this subgraph's resolver types are generated (`npm run codegen`): schema types → the objects resolvers get. */
export const codegen: PillarCodegen = {
  output: new URL("./src/generated/resolvers.ts", import.meta.url),
  contextType: "../context.ts#EradicationContext",
  mappers: {
    RegionIndicators: "../resolvers/indicators.ts#IndicatorsParent",
    EnforcementOperation: "../models.ts#OperationDoc",
    OperationResult: "../models.ts#ResultLine",
    SecurityOutpost: "../models.ts#OutpostDoc",
    ProsecutorOffice: "../models.ts#OfficeDoc",
    CaseloadReport: "../models.ts#CaseloadEntry",
    Region: "../resolvers/region.ts#RegionParent",
    RegionEradication: "../resolvers/region.ts#EradicationParent",
    ItemFigure: "../figures.ts#ItemTotal",
    Operator: "../resolvers/operator.ts#OperatorRef",
    EnforcementOperationConnection: "../search.ts#OperationPage",
    ReportedFigure: "../models.ts#ReportedFigureDoc",
    ReportedFigureConnection: "../reported-figures.ts#ReportedFigurePage",
    ItemizedFigure: "../resolvers/reported-figure.ts#ItemizedParent",
    EnforcementTarget: "../enforcement-targets.ts#EnforcementTargetDoc",
    DatasetCatalogue: "../catalogue.ts#CatalogueRef",
    Dataset: "@tinkuy/kit#DatasetDoc",
    DatasetRecords: "@tinkuy/kit#DatasetRecordsDoc",
  },
};

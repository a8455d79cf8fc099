import type { PillarCodegen } from "@tinkuy/kit";

/** How this subgraph's resolver types are generated (`npm run codegen`): schema types → the objects resolvers get. */
export const codegen: PillarCodegen = {
  output: new URL("./src/generated/resolvers.ts", import.meta.url),
  contextType: "../context.ts#ServicesContext",
  mappers: {
    InvestmentProject: "../models.ts#ProjectDoc",
    InvestmentAccrual: "../models.ts#AccrualEntry",
    InvestmentProjectConnection: "../search.ts#ProjectPage",
    Provenance: "@tinkuy/kit#ProvenanceDoc",
    SourceShare: "@tinkuy/kit#SourceShareDoc",
    Region: "../resolvers/region.ts#RegionParent",
    RegionServices: "../resolvers/region.ts#ServicesParent",
    FunctionExecution: "../region-figures.ts#FunctionFigures",
    RegionIndicators: "../resolvers/indicators.ts#IndicatorsParent",
    DatasetCatalogue: "../catalogue.ts#CatalogueParent",
    Dataset: "@tinkuy/kit#DatasetDoc",
  },
};

import type { PillarCodegen } from "@tinkuy/kit";

/** How this subgraph's resolver types are generated (`npm run codegen`): schema types → the objects resolvers get. */
export const codegen: PillarCodegen = {
  output: new URL("./src/generated/resolvers.ts", import.meta.url),
  contextType: "../context.ts#FormalizationContext",
  mappers: {
    ReinfoRecord: "../models.ts#RecordDoc",
    Region: "../resolvers/region.ts#RegionParent",
    Operator: "../resolvers/operator.ts#OperatorRef",
    RegionFormalization: "../resolvers/region-formalization.ts#RegionFormalizationParent",
    ReinfoRecordConnection: "../search.ts#RecordPage",
    RegionIndicators: "../resolvers/indicators.ts#IndicatorsParent",
    DatasetCatalogue: "../resolvers/catalogue.ts#CatalogueRef",
  },
};

import type { CodegenTarget } from "../../schema/codegen-target.ts";

/** How this subgraph's resolver types are generated (`npm run codegen`): schema types → the objects resolvers get. */
export const codegenTarget: CodegenTarget = {
  name: "formalization",
  schema: new URL("./schema.graphql", import.meta.url),
  output: new URL("./src/generated/resolvers.ts", import.meta.url),
  contextType: "../context.ts#FormalizationContext",
  mappers: {
    ReinfoRecord: "../models.ts#RecordDoc",
    Region: "../resolvers/region.ts#RegionParent",
    Operator: "../resolvers/operator.ts#OperatorRef",
    RegionFormalization: "../resolvers/region.ts#RegionFormalizationParent",
    ReinfoRecordConnection: "../search.ts#RecordPage",
    RegionIndicators: "../resolvers/indicators.ts#IndicatorsParent",
  },
};

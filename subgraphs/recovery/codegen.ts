import type { PillarCodegen } from "@tinkuy/kit";

/** How this subgraph's resolver types are generated (`npm run codegen`): schema types → the objects resolvers get. */
export const codegen: PillarCodegen = {
  output: new URL("./src/generated/resolvers.ts", import.meta.url),
  contextType: "../context.ts#RecoveryContext",
  mappers: {
    RegionIndicators: "../resolvers/indicators.ts#IndicatorsParent",
    DegradedArea: "../models.ts#AreaDoc",
    MiningLiability: "../models.ts#LiabilityDoc",
    RestorationProject: "../models.ts#ProjectDoc",
    MonitoringMeasurement: "../models.ts#MeasurementDoc",
    Provenance: "@tinkuy/kit#ProvenanceDoc",
    SourceShare: "@tinkuy/kit#SourceShareDoc",
    RestorationProgress: "../models.ts#ProgressEntry",
    AreaRestoration: "../models.ts#AreaIncrement",
    RiskAssessment: "../models.ts#RiskEntry",
    Region: "../resolvers/region.ts#RegionParent",
    RegionRecovery: "../resolvers/region.ts#RecoveryParent",
    Operator: "../resolvers/operator.ts#OperatorRef",
    DatasetCatalogue: "../catalogue.ts#CatalogueParent",
    Dataset: "@tinkuy/kit#DatasetDoc",
    DegradedAreaSighting: "../sightings.ts#Sighting",
    DegradedAreaConnection: "../search.ts#AreaPage",
    MiningLiabilityConnection: "../search.ts#LiabilityPage",
  },
};

import { centsToDecimal } from "@tinkuy/kit";
import type { ItemizedFigureResolvers, ReportedFigureResolvers } from "../generated/resolvers.ts";
import type { ReportedFigureDoc } from "../models.ts";
import { itemizedFigure, type Itemized } from "../reported-figures.ts";
import { COUNTED } from "../reported-figure-inputs.ts";
import { regionOf } from "./region.ts";

/** What `ItemizedFigure` resolves from: the claim's value and the hub's, both in hundredths. */
export interface ItemizedParent extends Itemized {
  claimed: number;
}

/** `ReportedFigure`: a stored claim; its itemized figure from the region counters through the figures loader. */
export const ReportedFigure: ReportedFigureResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.reportedFigureById.load(reference.id),
  value: (figure) => centsToDecimal(figure.hundredths),
  unit: (figure) => (COUNTED.has(figure.measure) ? "COUNT" : "PEN"),
  region: (figure) => (figure.region ? regionOf(figure.region, `reported figure ${figure.id}`) : null),
  itemized: async (figure: ReportedFigureDoc, _, { loaders }) => ({
    ...(await itemizedFigure(figure, loaders)),
    claimed: figure.hundredths,
  }),
};

/** `ItemizedFigure`: values in hundredths leave as `Decimal`s. */
export const ItemizedFigure: ItemizedFigureResolvers = {
  value: (itemized) => centsToDecimal(itemized.hundredths),
  difference: (itemized) => centsToDecimal(itemized.claimed - itemized.hundredths),
};

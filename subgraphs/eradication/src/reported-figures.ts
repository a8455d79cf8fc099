import {
  badUserInput,
  findPage,
  NATIONAL_UBIGEO,
  newestFirstOrder,
  pageSize,
  parsePeriod,
  regionCatalog,
  sumSources,
  type Page,
  type SourceShareDoc,
} from "@tinkuy/kit";
import type { QueryFilter } from "mongoose";
import type { Loaders } from "./loaders.ts";
import type { Models, ReportedFigureDoc, ReportedMeasure, VerificationStatus } from "./models.ts";
import type { Figures } from "./figures.ts";

const DAY = 86_400_000;

/** The arguments of `reportedFigures`. */
export interface ReportedFigureArgs {
  filter?:
    | {
        ubigeo?: string | null | undefined;
        national?: boolean | null | undefined;
        period?: { from: Date; to: Date } | null | undefined;
        measure?: ReportedMeasure | null | undefined;
        verification?: VerificationStatus | null | undefined;
      }
    | null
    | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}

/** A page of reported figures (`ReportedFigureConnection`). */
export type ReportedFigurePage = Page<ReportedFigureDoc>;

/** The field that places a claim in a region of each level; none for Peru, which every claim is about. */
const LEVEL_FIELD = {
  COUNTRY: null,
  DEPARTMENT: "department",
  PROVINCE: "province",
  DISTRICT: "region",
} as const;

/** Newest report first; the cursor holds the day reported and the identifier the page continues after. */
const NEWEST_FIRST = newestFirstOrder<ReportedFigureDoc>("reportedFigures", "rf", "reportedOn", "id");

/**
 * Runs `reportedFigures`: validates the filter, then reads one page (one find; `totalCount` one count, only
 * when asked). A region selects the claims about it or about a region within it; a national claim has none.
 */
export async function searchReportedFigures(
  models: Models,
  args: ReportedFigureArgs,
): Promise<ReportedFigurePage> {
  const first = pageSize(args.first);
  const filter = args.filter ?? {};
  const query: QueryFilter<ReportedFigureDoc> = {};
  // Peru (`00`) selects every claim, national or not, as omitting `ubigeo` does.
  let field: string | null = null;
  if (filter.ubigeo != null) {
    const entry = regionCatalog().require(filter.ubigeo, "filter.ubigeo");
    field = LEVEL_FIELD[entry.level];
    if (field) query[field] = entry.ubigeo;
  }
  if (filter.national === true) {
    if (field) {
      throw badUserInput(
        "filter.national",
        "a national claim has no region: give `ubigeo` or `national: true`",
      );
    }
    query.region = null;
  } else if (filter.national === false && !field) {
    query.region = { $ne: null };
  }
  if (filter.period != null) {
    const period = parsePeriod(
      filter.period,
      "filter.period",
      () => filter.period as { from: Date; to: Date },
    );
    query.from = { $lt: period.until };
    query.to = { $gte: period.from };
  }
  if (filter.measure != null) query.measure = filter.measure;
  if (filter.verification != null) query.verification = filter.verification;
  return findPage(models.ReportedFigure, {
    filter: query,
    first,
    after: args.after,
    order: NEWEST_FIRST,
    totalCount: () => models.ReportedFigure.countDocuments(query).exec(),
  });
}

/** The itemized figure beside a claim, in hundredths of its unit, with the datasets behind it. */
export interface Itemized {
  hundredths: number;
  sources: SourceShareDoc[];
}

/** A measure's value in some figures, in hundredths (céntimos for money, hundredths of a count). */
export function measureOf(figures: Figures, measure: ReportedMeasure): number {
  switch (measure) {
    case "OPERATIONS":
      return figures.operations * 100;
    case "ARRESTS":
      return figures.arrests * 100;
    case "VALUE":
      return figures.destroyedCents + figures.seizedCents;
    case "VALUE_DESTROYED":
      return figures.destroyedCents;
    case "VALUE_SEIZED":
      return figures.seizedCents;
  }
}

/**
 * The hub's own figure for a claim's measure, period and region, from the region counters (a national claim:
 * Peru's, the departments' sum). Goes through the request's figures loader, so every claim of a page shares its reads.
 */
export async function itemizedFigure(figure: ReportedFigureDoc, loaders: Loaders): Promise<Itemized> {
  const figures = await loaders.figures.load({
    ubigeo: figure.region ?? NATIONAL_UBIGEO,
    from: figure.from,
    until: new Date(figure.to.getTime() + DAY),
  });
  return { hundredths: measureOf(figures, figure.measure), sources: sumSources([figures.sources]) };
}

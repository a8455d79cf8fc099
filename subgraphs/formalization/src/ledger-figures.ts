import type { Models } from "./models.ts";
import { codesBehind, mergeSources, sumFigures } from "./national.ts";
import { countSums, figuresOf, noFigures, type CountGroup, type FiguresAsOf } from "./status-ledger.ts";

const DAY = 86_400_000;

/** A region and the day whose end its figures describe (midnight UTC). */
export interface RegionDay {
  ubigeo: string;
  day: Date;
}

/**
 * The ledger entries that sum to the registry at the start of `until` (the day after the day asked for): the
 * years before its year, the months of its year before its month, the days of its month before it. The fewest
 * entries for any day, and none of the day grain for a month's or a year's end.
 */
interface Cover {
  year: number;
  month: number;
  until: number;
}

function coverOf(day: Date): Cover {
  const until = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) + DAY);
  return {
    year: Date.UTC(until.getUTCFullYear(), 0, 1),
    month: Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), 1),
    until: until.getTime(),
  };
}

/** The `$match` that selects every entry some cover needs: one condition per grain and distinct year or month. */
function matchOf(covers: readonly Cover[]): Record<string, unknown>[] {
  const lastYear = Math.max(...covers.map((c) => c.year));
  const monthsUntil = new Map<number, number>();
  const daysUntil = new Map<number, number>();
  for (const { year, month, until } of covers) {
    if (month > year) monthsUntil.set(year, Math.max(monthsUntil.get(year) ?? 0, month));
    if (until > month) daysUntil.set(month, Math.max(daysUntil.get(month) ?? 0, until));
  }
  const range = (grain: string, from: number, to: number) => ({
    grain,
    day: { $gte: new Date(from), $lt: new Date(to) },
  });
  return [
    { grain: "Y", day: { $lt: new Date(lastYear) } },
    ...[...monthsUntil].map(([from, to]) => range("M", from, to)),
    ...[...daysUntil].map(([from, to]) => range("D", from, to)),
  ];
}

/** A region's entries of one grain and period, summed (`day` null: all its years before every cover's year). */
interface Row {
  grain: string;
  day: number | null;
  figures: FiguresAsOf;
}

/** Whether a cover counts a row. */
function covers(cover: Cover, row: Row): boolean {
  if (row.day === null) return true;
  switch (row.grain) {
    case "Y":
      return row.day < cover.year;
    case "M":
      return row.day >= cover.year && row.day < cover.month;
    default:
      return row.day >= cover.month && row.day < cover.until;
  }
}

/**
 * The figures of many regions, each as of the end of its own day, with ONE aggregation over the ledger however
 * many regions and days are asked for (a 24-month series of 25 departments is 600 pairs): it selects the entries
 * every pair's cover needs, groups them per region, grain and period (all the years before the earliest
 * cover's year into one row per region), and sums each pair's cover in memory. Peru (`00`) is the sum of the
 * departments' figures. Answers in the order of `pairs`, with zeros for a region without entries.
 */
export async function figuresAsOfDays(models: Models, pairs: readonly RegionDay[]): Promise<FiguresAsOf[]> {
  if (pairs.length === 0) return [];
  const regions = new Set(pairs.flatMap((pair) => codesBehind(pair.ubigeo)));
  const allCovers = pairs.map((pair) => coverOf(pair.day));
  const firstYear = new Date(Math.min(...allCovers.map((c) => c.year)));
  const groups = await models.RegionDay.aggregate<
    CountGroup & { _id: { region: string; grain: string; day: Date | null } }
  >([
    { $match: { region: { $in: [...regions] }, $or: matchOf(allCovers) } },
    {
      $group: {
        _id: {
          region: "$region",
          grain: "$grain",
          day: { $cond: [{ $and: [{ $eq: ["$grain", "Y"] }, { $lt: ["$day", firstYear] }] }, null, "$day"] },
        },
        ...countSums(),
        sources: { $push: "$sources" },
      },
    },
    // The whole answer in the first reply (a few rows per region and bucket), not in getMores of 101 rows.
  ]).option({ batchSize: 100_000 });
  const rows = new Map<string, Row[]>();
  for (const group of groups) {
    const figures = figuresOf(group);
    for (const sources of group.sources ?? []) mergeSources(figures.sources, sources);
    const { region, grain, day } = group._id;
    const row = { grain, day: day === null ? null : new Date(day).getTime(), figures };
    const list = rows.get(region);
    if (list) list.push(row);
    else rows.set(region, [row]);
  }
  const regionAt = (ubigeo: string, cover: Cover): FiguresAsOf => {
    const counted = (rows.get(ubigeo) ?? []).filter((row) => covers(cover, row));
    return counted.length > 0 ? sumFigures(counted.map((row) => row.figures)) : noFigures();
  };
  return pairs.map((pair, i) => {
    const codes = codesBehind(pair.ubigeo);
    const cover = allCovers[i]!;
    return codes.length === 1 ? regionAt(codes[0]!, cover) : sumFigures(codes.map((c) => regionAt(c, cover)));
  });
}

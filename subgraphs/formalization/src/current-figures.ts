import type { Loaders } from "./loaders.ts";
import { codesBehind, sumFigures } from "./national.ts";
import { emptyStats } from "./region-stats.ts";
import type { FiguresAsOf } from "./status-ledger.ts";

/**
 * A region's figures as they stand now, from the counters kept current on every write (zeros for a region
 * without records): Peru's (`00`) summed from the 25 departments' counters, read in the same batched find.
 */
export async function currentFigures(loaders: Loaders, ubigeo: string): Promise<FiguresAsOf> {
  const codes = codesBehind(ubigeo);
  const stats = await loaders.statsByUbigeo.loadMany(codes);
  const figures = stats.map((found, i) => {
    if (found instanceof Error) throw found;
    return found ?? emptyStats(codes[i]!);
  });
  return figures.length === 1 ? figures[0]! : sumFigures(figures);
}

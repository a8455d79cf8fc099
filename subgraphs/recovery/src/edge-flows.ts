import {
  addSource,
  datasetGroup,
  groupedDataset,
  NATIONAL_UBIGEO,
  type Period,
  type SourceCounter,
  type SourceDataset,
} from "@tinkuy/kit";
import { LARGE_BATCH } from "./large-batch.ts";
import type { Models } from "./models.ts";
import { levels } from "./region-stats.ts";

/** What was detected and restored in one region over some days (surfaces in ares). */
export interface Flow {
  degradedAres: number;
  degradedAreas: number;
  restoredAres: number;
  sources: Record<string, SourceCounter>;
}

/** The flows of one edge (a partial month), by region code at every level and for Peru (`00`). */
export type EdgeFlows = Map<string, Flow>;

type DayRow = {
  _id: { d: string; day: string } & { p: Partial<SourceDataset> | null };
  ares: number;
  n: number;
};

/** The key {@link edgeReader}'s answer files an edge (or any period) under. */
export function edgeKey(edge: Period): string {
  return `${edge.from.toISOString()}|${edge.until.toISOString()}`;
}

function emptyFlow(): Flow {
  return { degradedAres: 0, degradedAreas: 0, restoredAres: 0, sources: {} };
}

/** The day (`YYYY-MM-DD`) an edge's first day and day after are, to compare with a row's day. */
function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Sums the day rows that fall inside one edge, for every region their district is in and for Peru. */
function flowsOf(edge: Period, detected: readonly DayRow[], restored: readonly DayRow[]): EdgeFlows {
  const first = dayOf(edge.from);
  const after = dayOf(edge.until);
  const byCode: EdgeFlows = new Map();
  const add = (row: DayRow, apply: (flow: Flow) => void) => {
    if (row._id.day < first || row._id.day >= after) return;
    for (const code of [NATIONAL_UBIGEO, ...levels(row._id.d)]) {
      let flow = byCode.get(code);
      if (!flow) byCode.set(code, (flow = emptyFlow()));
      apply(flow);
      addSource(flow.sources, groupedDataset(row._id.p), row.n);
    }
  };
  for (const row of detected) {
    add(row, (flow) => {
      flow.degradedAres += row.ares;
      flow.degradedAreas += row.n;
    });
  }
  for (const row of restored) add(row, (flow) => (flow.restoredAres += row.ares));
  return byCode;
}

/**
 * Reads what was detected and restored inside the partial months (edges) of a request's periods, from the source
 * collections: the edges no earlier batch of the request read are read together, nationwide, in one aggregation
 * on the areas and one on the projects' progress reports (grouped by district and day, so that each edge takes
 * its own days in memory), whatever the number of regions, periods or edges. An edge is at most a partial month,
 * so the documents read stay few.
 */
export function edgeReader(models: Models): (edges: readonly Period[]) => Promise<Map<string, EdgeFlows>> {
  const cache = new Map<string, Promise<EdgeFlows>>();
  return async (edges) => {
    const missing = new Map<string, Period>();
    for (const edge of edges) if (!cache.has(edgeKey(edge))) missing.set(edgeKey(edge), edge);
    if (missing.size > 0) {
      const inEdges = (field: string) => ({
        $or: [...missing.values()].map((edge) => ({ [field]: { $gte: edge.from, $lt: edge.until } })),
      });
      const day = (field: string) => ({ $dateToString: { format: "%Y-%m-%d", date: field } });
      const read = Promise.all([
        models.Area.aggregate<DayRow>([
          { $match: inEdges("detectedOn") },
          {
            $group: {
              _id: { d: "$district", day: day("$detectedOn"), p: datasetGroup("$provenance") },
              ares: { $sum: "$ares" },
              n: { $sum: 1 },
            },
          },
        ])
          .option({ batchSize: LARGE_BATCH })
          .exec(),
        models.Project.aggregate<DayRow>([
          { $match: inEdges("progress.date") },
          { $unwind: "$progress" },
          { $match: inEdges("progress.date") },
          { $unwind: "$progress.areas" },
          {
            $group: {
              _id: {
                d: "$progress.areas.district",
                day: day("$progress.date"),
                p: datasetGroup("$progress.provenance"),
              },
              ares: { $sum: "$progress.areas.ares" },
              n: { $sum: 1 },
            },
          },
        ])
          .option({ batchSize: LARGE_BATCH })
          .exec(),
      ]);
      for (const [key, edge] of missing) {
        cache.set(
          key,
          read.then(([detected, restored]) => flowsOf(edge, detected, restored)),
        );
      }
    }
    const flows = await Promise.all(
      edges.map(
        async (edge) => [edgeKey(edge), await (cache.get(edgeKey(edge)) as Promise<EdgeFlows>)] as const,
      ),
    );
    return new Map(flows);
  };
}

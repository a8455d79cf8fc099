import {
  parsePeriod,
  regionCatalog,
  regionResolvers,
  seriesBuckets,
  sumSources,
  yearOf,
  type RegionEntry,
} from "@tinkuy/kit";
import type { LivelihoodsContext } from "../context.ts";
import { amountList } from "../finance.ts";
import type { RegionLivelihoodsResolvers, RegionResolvers } from "../generated/resolvers.ts";
import { summarizeOutcomes } from "../indicator-progress.ts";
import type { ProjectDoc } from "../models.ts";
import { countSources } from "../provenance.ts";
import type { ProjectSummary } from "../region-figures.ts";
import { wasImplementing } from "../status.ts";

/** A Region as this subgraph's resolvers see it: the catalog entry. */
export type RegionParent = RegionEntry;

/**
 * What `RegionLivelihoods` resolvers receive: the region, the period (`until` excluded), and whether its figures
 * can still move (see {@link isPartial}, or the series bucket's own flag).
 */
export interface LivelihoodsParent {
  region: RegionEntry;
  from: Date;
  until: Date;
  partial: boolean;
}

const DAY = 86_400_000;

/** True when a period has not ended by today (it holds today or lies ahead): its figures can still move. */
export function isPartial(until: Date, now: Date = new Date()): boolean {
  return until.getTime() > Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

/** The region's projects that were in implementation during the period (one batched find per request level). */
export async function activeProjects(
  parent: Pick<LivelihoodsParent, "region" | "from" | "until">,
  context: LivelihoodsContext,
): Promise<ProjectSummary[]> {
  const projects = await context.loaders.projectsInRegion.load(parent.region.ubigeo);
  return projects.filter((project) => wasImplementing(project.statusHistory, parent.from, parent.until));
}

/** The whole documents of the region's active projects, by id through the per-request loader. */
async function activeProjectDocs(
  parent: LivelihoodsParent,
  context: LivelihoodsContext,
): Promise<ProjectDoc[]> {
  const ids = (await activeProjects(parent, context)).map((project) => project.iatiIdentifier);
  const projects = await context.loaders.projectById.loadMany(ids);
  return projects.filter((project): project is ProjectDoc => project !== null && !(project instanceof Error));
}

async function money(parent: LivelihoodsParent, context: LivelihoodsContext) {
  return context.loaders.regionMoney.load({
    ubigeo: parent.region.ubigeo,
    from: parent.from,
    until: parent.until,
  });
}

/** `Region`: the shared fields from the catalog, plus this pillar's figures. */
export const Region: RegionResolvers = {
  ...regionResolvers,
  livelihoods(region, { period }) {
    const { from, until } = parsePeriod(period, "period", () => yearOf(new Date()));
    return { region, from, until, partial: isPartial(until) };
  },
};

/** `RegionLivelihoods`: from the membership codes and monthly counters kept on write, never a scan per region. */
export const RegionLivelihoods: RegionLivelihoodsResolvers = {
  region: (parent) => parent.region,
  from: (parent) => parent.from,
  to: (parent) => new Date(parent.until.getTime() - DAY),
  partial: (parent) => parent.partial,
  // Each point is a parent like any other: its fields read the same loaders, so every point of every region of a
  // request is answered by the same one or two finds (see region-figures.ts).
  series(parent, { granularity, period }) {
    const range = period
      ? parsePeriod(period, "period", () => period)
      : { from: parent.from, until: parent.until };
    return seriesBuckets(range, granularity).map((bucket) => ({
      region: parent.region,
      from: bucket.from,
      until: bucket.until,
      partial: bucket.partial,
    }));
  },
  activeProjects: async (parent, _, context) => (await activeProjects(parent, context)).length,
  projects: (parent, _, context) => activeProjectDocs(parent, context),
  committed: async (parent, _, context) => amountList((await money(parent, context)).committed),
  disbursed: async (parent, _, context) => amountList((await money(parent, context)).disbursed),
  async beneficiaries(parent, _, context) {
    const totals = { total: 0, women: 0, formerMiners: 0 };
    for (const { beneficiaries } of await activeProjects(parent, context)) {
      totals.total += beneficiaries.total;
      totals.women += beneficiaries.women;
      totals.formerMiners += beneficiaries.formerMiners;
    }
    return totals;
  },
  outcomeProgress: async (parent, _, context) =>
    summarizeOutcomes(await activeProjectDocs(parent, context), new Date(parent.until.getTime() - DAY)),
  // Both halves come from reads the figures make anyway (the project summaries, the money counters).
  async sources(parent, _, context) {
    const [projects, { sources }] = await Promise.all([
      activeProjects(parent, context),
      money(parent, context),
    ]);
    return sumSources([countSources(projects.map((project) => project.provenance)), ...sources]);
  },
  children: (parent) =>
    regionCatalog()
      .children(parent.region.ubigeo)
      .map((child) => ({ region: child, from: parent.from, until: parent.until, partial: parent.partial })),
};

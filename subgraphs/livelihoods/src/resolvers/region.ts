import {
  parsePeriod,
  regionCatalog,
  regionResolvers,
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

/** What `RegionLivelihoods` resolvers receive: the region and the period (`until` excluded). */
export interface LivelihoodsParent {
  region: RegionEntry;
  from: Date;
  until: Date;
}

const DAY = 86_400_000;

/** The region's projects that were in implementation during the period (one batched find per request level). */
export async function activeProjects(
  parent: LivelihoodsParent,
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
    return { region, from, until };
  },
};

/** `RegionLivelihoods`: from the membership codes and monthly counters kept on write, never a scan per region. */
export const RegionLivelihoods: RegionLivelihoodsResolvers = {
  region: (parent) => parent.region,
  from: (parent) => parent.from,
  to: (parent) => new Date(parent.until.getTime() - DAY),
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
      .map((child) => ({ region: child, from: parent.from, until: parent.until })),
};

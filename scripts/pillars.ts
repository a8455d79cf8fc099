/**
 * The four pillar subgraphs as the one-process launcher (`npm start`) and the reseed command run them: how to
 * build each, prepare its database and seed it. In production each runs in its own container instead.
 */
import type { ApolloServer } from "@apollo/server";
import {
  connectDatabase,
  type HubKeys,
  type Identity,
  type Logger,
  type RouteHandler,
  type ViewerContext,
} from "@tinkuy/kit";
import type { Connection } from "mongoose";
import { initModels as initEradication } from "../subgraphs/eradication/src/models.ts";
import { ensureRegionStats as ensureEradication } from "../subgraphs/eradication/src/region-stats.ts";
import { seedEradication } from "../subgraphs/eradication/src/seed.ts";
import { createServer as createEradication } from "../subgraphs/eradication/src/subgraph.ts";
import { ensureRegionStats as ensureFormalization } from "../subgraphs/formalization/src/region-stats.ts";
import { seedFormalization } from "../subgraphs/formalization/src/seed.ts";
import { createServer as createFormalization } from "../subgraphs/formalization/src/subgraph.ts";
import { iatiRoutes } from "../subgraphs/livelihoods/src/iati-xml/route.ts";
import { initModels as initLivelihoods } from "../subgraphs/livelihoods/src/models.ts";
import { ensureRegionMoney as ensureLivelihoods } from "../subgraphs/livelihoods/src/region-stats.ts";
import { seedLivelihoods } from "../subgraphs/livelihoods/src/seed.ts";
import { createServer as createLivelihoods } from "../subgraphs/livelihoods/src/subgraph.ts";
import { initModels as initRecovery } from "../subgraphs/recovery/src/models.ts";
import { ensureRegionStats as ensureRecovery } from "../subgraphs/recovery/src/region-stats.ts";
import { seedRecovery } from "../subgraphs/recovery/src/seed.ts";
import { createServer as createRecovery } from "../subgraphs/recovery/src/subgraph.ts";

/** REINFO operators the other pillars' seeds link to, so cross-pillar views find overlaps. */
export interface KnownOperators {
  rucs: string[];
  withDistrict: { ruc: string; ubigeo: string }[];
  statusOf: Map<string, string>;
}

/** One running pillar: its Apollo server and HTTP context, on its own database connection. */
export interface PillarServer {
  name: string;
  port: number;
  connection: Connection;
  apollo: ApolloServer<ViewerContext>;
  context: (identity: Identity) => Promise<ViewerContext>;
  /** Extra HTTP paths the pillar serves besides `/graphql` (livelihoods: the IATI export). */
  routes?: Readonly<Record<string, RouteHandler>>;
  /** True when the pillar's database holds no data yet. */
  isEmpty(): Promise<boolean>;
  seed(options: {
    scale: number;
    known: KnownOperators;
    onProgress: (done: number, total: number) => void;
  }): Promise<string>;
}

async function isEmpty(connection: Connection): Promise<boolean> {
  const db = connection.db;
  if (!db) return true;
  for (const collection of await db.collections()) {
    if ((await collection.estimatedDocumentCount()) > 0) return false;
  }
  return true;
}

/** Connects and builds every pillar, in the order they are seeded (formalization first: the others link to it). */
export async function openPillars(uri: string, logger: Logger, keys: HubKeys): Promise<PillarServer[]> {
  const connect = (dbName: string) => connectDatabase({ uri, dbName, logger });
  const [f, e, r, l] = await Promise.all([
    connect("formalization"),
    connect("eradication"),
    connect("recovery"),
    connect("livelihoods"),
  ]);
  const formalization = createFormalization(f, logger, keys);
  const eradication = createEradication(e, logger, keys);
  const recovery = createRecovery(r, logger, keys);
  const livelihoods = createLivelihoods(l, logger, keys);
  await Promise.all([
    formalization.models.Record.init().then(() => ensureFormalization(formalization.models)),
    initEradication(eradication.models).then(() => ensureEradication(eradication.models)),
    initRecovery(recovery.models).then(() => ensureRecovery(recovery.models)),
    initLivelihoods(livelihoods.models).then(() => ensureLivelihoods(livelihoods.models)),
  ]);
  const as = <C extends ViewerContext>(server: {
    apollo: ApolloServer<C>;
    context: (identity: Identity) => Promise<C>;
  }) => ({
    apollo: server.apollo as unknown as ApolloServer<ViewerContext>,
    context: server.context as (identity: Identity) => Promise<ViewerContext>,
  });
  return [
    {
      name: "formalization",
      port: 4001,
      connection: f,
      ...as(formalization),
      isEmpty: () => isEmpty(f),
      async seed({ scale, onProgress }) {
        const s = await seedFormalization(formalization.models, { scale, onProgress });
        return `${s.records.toLocaleString("en")} REINFO records from ${s.distinctRucs.toLocaleString("en")} RUCs`;
      },
    },
    {
      name: "eradication",
      port: 4002,
      connection: e,
      ...as(eradication),
      isEmpty: () => isEmpty(e),
      async seed({ scale, known, onProgress }) {
        const s = await seedEradication(eradication.models, {
          scale,
          knownRucs: known.withDistrict,
          onProgress,
        });
        return `${s.operations.toLocaleString("en")} enforcement operations`;
      },
    },
    {
      name: "recovery",
      port: 4003,
      connection: r,
      ...as(recovery),
      isEmpty: () => isEmpty(r),
      async seed({ scale, known, onProgress }) {
        const s = await seedRecovery(recovery.models, { scale, knownRucs: known.rucs, onProgress });
        return `${s.liabilities.toLocaleString("en")} mining liabilities, ${s.degradedAreas.toLocaleString("en")} degraded areas`;
      },
    },
    {
      name: "livelihoods",
      port: 4004,
      connection: l,
      ...as(livelihoods),
      routes: iatiRoutes(livelihoods),
      isEmpty: () => isEmpty(l),
      async seed({ scale, known, onProgress }) {
        const s = await seedLivelihoods(livelihoods.models, {
          scale,
          knownRucs: known.rucs,
          reinfoStatusOf: known.statusOf,
          onProgress,
        });
        return `${s.projects.toLocaleString("en")} livelihood projects`;
      },
    },
  ];
}

/** REINFO's excluded and suspended operators, with a district of theirs, read from the formalization database. */
export async function knownOperators(formalization: Connection): Promise<KnownOperators> {
  const records = await formalization
    .collection("reinfo_records")
    .find(
      { ESTADO: { $in: ["EXCLUIDO", "SUSPENDIDO"] } },
      { projection: { _id: 0, M_RUC: 1, ID_DIST: 1, ESTADO: 1 } },
    )
    .toArray();
  const statusOf = new Map<string, string>();
  const withDistrict: { ruc: string; ubigeo: string }[] = [];
  for (const record of records) {
    const ruc = String(record.M_RUC);
    if (statusOf.has(ruc)) continue;
    statusOf.set(ruc, String(record.ESTADO));
    withDistrict.push({ ruc, ubigeo: String(record.ID_DIST) });
  }
  return { rucs: [...statusOf.keys()], withDistrict, statusOf };
}

/**
 * Every pillar of the list in one process, as the launcher (`npm start`), `npm run seed` and the end-to-end
 * tests run them: each on its own database connection, built and prepared by its own definition, seeded in the
 * list's order. In production each pillar runs in its own container instead (`src/index.ts`).
 */
import {
  connectDatabase,
  databaseVariable,
  type HubKeys,
  type Logger,
  type AnyPillar,
  type PillarSeed,
  type PillarServer,
  type RouteHandler,
  type SeedLinks,
} from "@tinkuy/kit";
import type { Connection } from "mongoose";
import { PILLARS } from "../subgraphs/index.ts";

/** One pillar built in this process: its definition, database connection and server. */
export interface OpenPillar {
  definition: AnyPillar;
  name: string;
  port: number;
  connection: Connection;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pillar's own models and context (AnyPillar)
  server: PillarServer<any, any>;
  /** Extra HTTP paths the pillar serves besides `/graphql` (livelihoods: the IATI export). */
  routes?: Readonly<Record<string, RouteHandler>> | undefined;
}

/** Where the pillars' databases are, and what names they have (`<NAME>_DB`, else the pillar's name). */
export interface PillarDatabases {
  uri: string;
  env?: Record<string, string | undefined>;
}

/** The database a pillar uses: `<NAME>_DB` when set, else the pillar's own name. */
export function databaseName(pillar: AnyPillar, env: Record<string, string | undefined> = {}): string {
  return env[databaseVariable(pillar)] || pillar.name;
}

/** Connects, builds and prepares each pillar of `pillars` (all of them by default), in parallel. */
export async function openPillars(
  databases: PillarDatabases,
  logger: Logger,
  keys: HubKeys,
  pillars: readonly AnyPillar[] = PILLARS,
): Promise<OpenPillar[]> {
  return Promise.all(
    pillars.map(async (definition) => {
      const [connection, serving] = await Promise.all([
        connectDatabase({ uri: databases.uri, dbName: databaseName(definition, databases.env), logger }),
        definition.serving(),
      ]);
      const server = serving.createServer({ pillar: definition, connection, logger, keys });
      await serving.prepare(server);
      return {
        definition,
        name: definition.name,
        port: definition.port,
        connection,
        server,
        routes: serving.routes?.(server),
      };
    }),
  );
}

/** True when the pillar's database holds no data yet. */
export async function isEmpty(pillar: OpenPillar): Promise<boolean> {
  const db = pillar.connection.db;
  if (!db) return true;
  for (const collection of await db.collections()) {
    if ((await collection.estimatedDocumentCount()) > 0) return false;
  }
  return true;
}

/**
 * What `npm start` seeds, from `SEED`: `demo` (the default) seeds each pillar whose database is empty with demo
 * data; `none` seeds nothing, so a real deployment starts empty and is filled by the importers and the API.
 */
export const SEED_MODES = ["demo", "none"] as const;
export type SeedMode = (typeof SEED_MODES)[number];

/** The pillars a start seeds under `mode`: the empty ones for `demo`, none at all for `none`. */
export function seedSelection(mode: SeedMode): (pillar: OpenPillar) => Promise<boolean> {
  return mode === "none" ? () => Promise.resolve(false) : isEmpty;
}

/** What {@link seedPillars} reports as it goes: a pillar started, progressed, finished with a summary line. */
export interface SeedProgress {
  starting?(pillar: OpenPillar): void;
  progress?(pillar: OpenPillar, done: number, total: number): void;
  finished?(pillar: OpenPillar, summary: string): void;
}

const NO_LINKS: SeedLinks = { rucs: [], withDistrict: [], statusOf: new Map() };

/**
 * Seeds the pillars `which` selects (all, by default), in the list's order, each with the links the pillars
 * before it offer (REINFO's operators), read from their databases whether seeded now or before.
 */
export async function seedPillars(
  pillars: readonly OpenPillar[],
  options: {
    scale: number;
    seed?: number;
    which?: (pillar: OpenPillar) => Promise<boolean> | boolean;
  } & SeedProgress,
): Promise<void> {
  const chosen: boolean[] = [];
  for (const pillar of pillars) chosen.push(options.which ? await options.which(pillar) : true);
  let links = NO_LINKS;
  for (const [index, pillar] of pillars.entries()) {
    // A hub whose data is all there (every later start of `npm start`) loads no demo-data generator at all.
    const laterChosen = chosen.slice(index + 1).some(Boolean);
    if (!chosen[index] && !laterChosen) continue;
    const seed: PillarSeed = await pillar.definition.seed();
    if (chosen[index]) {
      options.starting?.(pillar);
      const summary = await seed.seed(pillar.server.models, {
        scale: options.scale,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        links,
        onProgress: (done, total) => options.progress?.(pillar, done, total),
      });
      options.finished?.(pillar, summary);
    }
    // Only what a pillar still to be seeded will link to is worth reading.
    if (seed.links && laterChosen) links = await seed.links(pillar.server.models);
  }
}

import type { ApolloServer } from "@apollo/server";
import type { Connection } from "mongoose";
import type { AccessRule } from "./access/decide.ts";
import type { HubKeys } from "./hub-keys.ts";
import type { Identity, RouteHandler } from "./http.ts";
import type { Logger } from "./logger.ts";
import type { RucPseudonyms } from "./pseudonym.ts";
import type { ViewerContext } from "./viewer.ts";

/** Who is writing: recorded with every write a pillar makes (status history, reports, registrations). */
export interface Actor {
  /** The viewer's id: the token's subject. */
  id: string;
}

/** What every resolver of a pillar receives: the signed viewer, its models and per-request loaders. */
export interface PillarContext<M, L> extends ViewerContext {
  models: M;
  /** Per-request loaders (never shared between requests). */
  loaders: L;
  /** Who is asking; recorded with every write. */
  actor: Actor;
  /** The hub's RUC pseudonyms, for values the access rules cannot mask on their own. */
  pseudonyms: RucPseudonyms;
}

/** A built (not started) pillar subgraph: Apollo, its models, the rules it enforces and its context factory. */
export interface PillarServer<M = unknown, C extends ViewerContext = ViewerContext> {
  apollo: ApolloServer<C>;
  models: M;
  /** The `@access` rule of every field, by `Type.field`. */
  rules: ReadonlyMap<string, AccessRule>;
  context(identity: Identity): Promise<C>;
}

/** What a process gives a pillar's server to build on: the pillar's own definition and a database connection. */
export interface PillarRuntime {
  pillar: Pick<PillarDefinition, "name" | "schema">;
  /** A connection to the pillar's own database. */
  connection: Connection;
  logger: Logger;
  keys: HubKeys;
}

/** The serving half of a pillar (`src/subgraph.ts`): loaded only by processes that serve or seed it. */
export interface PillarServing<M = unknown, C extends ViewerContext = ViewerContext> {
  createServer(runtime: PillarRuntime): PillarServer<M, C>;
  /** Indexes, counters rebuilt when missing: whatever must hold before the first request. */
  prepare(server: PillarServer<M, C>): Promise<void>;
  /** Extra HTTP paths besides `/graphql`, served behind the same signature check. */
  routes?(server: PillarServer<M, C>): Readonly<Record<string, RouteHandler>>;
}

/** REINFO operators a pillar's demo data links to, so cross-pillar views find overlaps. */
export interface SeedLinks {
  rucs: string[];
  withDistrict: { ruc: string; ubigeo: string }[];
  statusOf: Map<string, string>;
}

/** How the launcher and `npm run seed` ask a pillar for demo data. */
export interface SeedOptions {
  /** 1 = the published national scale. */
  scale: number;
  /** The generator's seed (32 bits): the same scale and seed give the same data. Each pillar has a default. */
  seed?: number;
  /** Operators seeded by the pillars before this one (empty when none offers links). */
  links: SeedLinks;
  onProgress(done: number, total: number): void;
}

/** A pillar's demo-data generator (`seed/index.ts`): never imported by serving code. */
export interface PillarSeed<M = unknown> {
  /** Seeds an empty database; answers one line saying what it wrote. */
  seed(models: M, options: SeedOptions): Promise<string>;
  /** What later pillars' seeds may link to, read from this pillar's seeded data. */
  links?(models: M): Promise<SeedLinks>;
}

/**
 * A pillar as every consumer sees it: its name (the subgraph's name in the supergraph, the default database
 * name and what an `AGENCY_EDITOR`'s `pillar` claim says), its default port and SDL file, and its serving code
 * and seed, each loaded only when asked for, so the gateway and the schema scripts read the list without
 * loading any pillar's server.
 */
export interface PillarDefinition<M = unknown, C extends ViewerContext = ViewerContext> {
  name: string;
  /** The port a lone process listens on when `PORT` is not set; the launcher serves the pillar there too. */
  port: number;
  /** The pillar's SDL, the contract its resolvers and the supergraph are built from. */
  schema: URL;
  /** How `npm run codegen` types its resolvers from the SDL. */
  codegen: PillarCodegen;
  serving(): Promise<PillarServing<M, C>>;
  seed(): Promise<PillarSeed<M>>;
}

/** Where a pillar's generated resolver types go, and which of its own types the schema's types map to. */
export interface PillarCodegen {
  output: URL;
  /** Context type, as `path#Name` relative to the output file. */
  contextType: string;
  /** Schema type → the object its resolvers receive, as `path#Name` relative to the output file. */
  mappers: Record<string, string>;
}

/** The variable that names a pillar's database (`FORMALIZATION_DB`, …); its default is the pillar's name. */
export function databaseVariable(pillar: Pick<PillarDefinition, "name">): string {
  return `${pillar.name.toUpperCase()}_DB`;
}

/** The variable that overrides where the gateway reaches a pillar (`SUBGRAPH_FORMALIZATION_URL`, …). */
export function subgraphUrlVariable(pillar: Pick<PillarDefinition, "name">): string {
  return `SUBGRAPH_${pillar.name.toUpperCase()}_URL`;
}

/** The URL the committed supergraph records for a pillar: its development default. */
export function defaultSubgraphUrl(pillar: Pick<PillarDefinition, "port">): string {
  return `http://localhost:${pillar.port}/graphql`;
}

/**
 * A pillar of the list, whatever its models and context. `ApolloServer` is invariant in its context type, so
 * pillars with different contexts share no narrower type; each consumer passes a pillar's server and its
 * context factory on together, which is what keeps them consistent.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type AnyPillar = PillarDefinition<any, any>;

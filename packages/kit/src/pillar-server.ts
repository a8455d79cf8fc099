import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { parse } from "graphql";
import type { Connection } from "mongoose";
import type { AccessOptions } from "./access/options.ts";
import type { PillarContext, PillarRuntime, PillarServer } from "./pillar.ts";
import { subgraphSdl } from "./schema.ts";
import { createSubgraphApollo } from "./subgraph-server.ts";

/** What differs between pillars' servers: everything else about building one is the same. */
export interface PillarServerParts<M, L> {
  /**
   * The pillar's resolvers as graphql-codegen types them. Codegen's federation types and `@apollo/subgraph`'s
   * resolver map describe the same objects differently, so this is the one place that says they agree.
   */
  resolvers: object;
  createModels(connection: Connection): M;
  createLoaders(models: M): L;
  /** Whose data a row is, for the masks that depend on it (a person's name vs a company's). */
  subjects?: AccessOptions["subjects"];
  /** Which donors fund a row, for `FUNDED` fields. */
  funders?: AccessOptions["funders"];
}

/**
 * The `createServer` of a pillar: on a connection to its own database, its models, Apollo over the pillar's
 * SDL with the `@access` rules enforced and every write audited, and a context with fresh loaders per request.
 */
export function pillarServer<M, L>(
  parts: PillarServerParts<M, L>,
): (runtime: PillarRuntime) => PillarServer<M, PillarContext<M, L>> {
  return ({ pillar, connection, logger, keys }) => {
    const models = parts.createModels(connection);
    const { apollo, rules } = createSubgraphApollo<PillarContext<M, L>>(
      {
        name: pillar.name,
        typeDefs: parse(subgraphSdl(pillar.schema)),
        resolvers: parts.resolvers as GraphQLResolverMap<PillarContext<M, L>>,
        ...(parts.subjects ? { subjects: parts.subjects } : {}),
        ...(parts.funders ? { funders: parts.funders } : {}),
      },
      { connection, keys, logger },
    );
    return {
      apollo,
      models,
      rules,
      context: ({ viewer, requestId }) =>
        Promise.resolve({
          viewer,
          requestId,
          models,
          loaders: parts.createLoaders(models),
          actor: { id: viewer.id },
          pseudonyms: keys.pseudonyms,
        }),
    };
  };
}

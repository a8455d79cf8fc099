import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import type { DocumentNode } from "graphql";
import type { Connection } from "mongoose";
import type { AccessOptions } from "./access/options.ts";
import type { HubKeys } from "./hub-keys.ts";
import type { Logger } from "./logger.ts";
import type { PillarContext, PillarServer } from "./pillar.ts";
import { createSubgraphApollo } from "./subgraph-server.ts";

/** What differs between pillars' servers: everything else about building one is the same. */
export interface PillarServerParts<M, L> {
  name: string;
  typeDefs: DocumentNode;
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
 * The `createServer` of a pillar: on a connection to its own database, its models, Apollo with the `@access`
 * rules enforced and every write audited, and a context with fresh loaders per request.
 */
export function pillarServer<M, L>(
  parts: PillarServerParts<M, L>,
): (connection: Connection, logger: Logger, keys: HubKeys) => PillarServer<M, PillarContext<M, L>> {
  return (connection, logger, keys) => {
    const models = parts.createModels(connection);
    const { apollo, rules } = createSubgraphApollo<PillarContext<M, L>>(
      {
        name: parts.name,
        typeDefs: parts.typeDefs,
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

import {
  createSubgraphApollo,
  readSchema,
  type AccessRule,
  type HubKeys,
  type Identity,
  type Logger,
} from "@tinkuy/kit";
import type { ApolloServer } from "@apollo/server";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import type { Connection } from "mongoose";
import type { LivelihoodsContext } from "./context.ts";
import { fundingRefs } from "./finance.ts";
import { createLoaders } from "./loaders.ts";
import { createModels, type Models, type ProjectDoc } from "./models.ts";
import { resolvers } from "./resolvers/index.ts";

/** The subgraph's name in the supergraph. */
export const SUBGRAPH_NAME = "livelihoods";

/** The subgraph's SDL, read relative to this module. */
export const typeDefs = readSchema(import.meta.url);

/** A built (not started) livelihoods subgraph and the context factory its HTTP layer uses. */
export interface LivelihoodsServer {
  apollo: ApolloServer<LivelihoodsContext>;
  models: Models;
  /** The `@access` rule of every field, by `Type.field`. */
  rules: ReadonlyMap<string, AccessRule>;
  context: (identity: Identity) => Promise<LivelihoodsContext>;
}

/** Builds the subgraph on a connection to its own database. */
export function createServer(connection: Connection, logger: Logger, keys: HubKeys): LivelihoodsServer {
  const models = createModels(connection);
  const { apollo, rules } = createSubgraphApollo<LivelihoodsContext>(
    {
      name: SUBGRAPH_NAME,
      typeDefs,
      resolvers: resolvers as unknown as GraphQLResolverMap<LivelihoodsContext>,
      // A donor sees a project's money, results and history when it funds the project: its FUNDING
      // organisations, as in `Donor.projects` and the donor registry. EXTENDING organisations manage a funder's
      // budget; the seed marks only the funder itself so, and one that is not also FUNDING is no donor here.
      funders: { LivelihoodProject: (project: ProjectDoc) => [...fundingRefs(project)] },
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
        loaders: createLoaders(models),
        actor: { id: viewer.id },
        pseudonyms: keys.pseudonyms,
      }),
  };
}

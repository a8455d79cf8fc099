import { badUserInput, decide, parseRuc, regionCatalog, type AccessRule } from "@tinkuy/kit";
import type { QueryResolvers } from "../generated/resolvers.ts";
import { searchRecords } from "../search.ts";

/** The rule of `ReinfoRecord.minerName` (schema.graphql): who sees it masked may not search by it. */
const MINER_NAME: AccessRule = { read: "PERSONAL", mask: "HOLDER_NAME" };

/** Root queries: thin, each validates its arguments and calls a loader or a model function. */
export const Query: QueryResolvers = {
  reinfoRecords: (_, args, { models, loaders, viewer }) =>
    searchRecords(models, loaders, args, {
      searchNames: decide(MINER_NAME, viewer, "formalization", () => false) === "allow",
    }),

  reinfoRecord(_, { code }, { loaders }) {
    if (!/^[A-Za-z0-9-]{4,20}$/.test(code)) {
      throw badUserInput("code", "a registry code (COD_REINFO) is 4 to 20 letters, digits or dashes");
    }
    return loaders.recordByCode.load(code);
  },

  operator: (_, { ruc }) => ({ ruc: parseRuc(ruc, "ruc") }),

  region: (_, { ubigeo }) => regionCatalog().require(ubigeo, "ubigeo"),

  regions(_, { level, parent }) {
    const catalog = regionCatalog();
    if (parent != null) catalog.require(parent, "parent");
    if (level == null && parent == null) return catalog.list({ level: "DEPARTMENT" });
    return catalog.list({ level: level ?? undefined, parent: parent ?? undefined });
  },
};

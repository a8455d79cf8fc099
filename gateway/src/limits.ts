import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ValidationRule } from "graphql";

/** The limits every operation is held to before it is planned. */
export const LIMITS = {
  /** Nesting depth: the deepest documented query (region → indicators → region → …, docs/analysts.md) needs 8. */
  maxDepth: 12,
  /** Aliases per operation: an alias bomb repeats an expensive field under many names. */
  maxAliases: 15,
  /** Directives per operation. */
  maxDirectives: 20,
  /** graphql-armor's cost: each field costs 1, each object 2, multiplied down lists by depth. */
  maxCost: 10_000,
  /** Lexer tokens, enforced by Apollo's parser (graphql-armor's token limit turns syntax errors into 500s). */
  maxTokens: 5_000,
} as const;

/**
 * graphql-armor's validation rules and plugins for depth, aliases, directives and cost; field suggestions
 * ("Did you mean …") blocked in production, where they would reveal the schema.
 */
export function armor(production: boolean): {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
} {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth, flattenFragments: true },
    maxAliases: { n: LIMITS.maxAliases },
    maxDirectives: { n: LIMITS.maxDirectives },
    costLimit: { maxCost: LIMITS.maxCost },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return { plugins, validationRules };
}

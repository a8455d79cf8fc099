import type { GraphQLSchema } from "graphql";
import { auditedResolver } from "./audited-resolver.ts";
import { checkAccessRules } from "./checks.ts";
import type { AccessRule } from "./decide.ts";
import { guardEntityResolution } from "./guard-entity-resolution.ts";
import { guardedResolver } from "./guarded-resolver.ts";
import type { AccessOptions } from "./options.ts";
import { rucArgumentDecoder } from "./ruc-arguments.ts";
import { readAccessRules } from "./rules.ts";

/**
 * Enforces the `@access` rules of a built subgraph schema, in place: every field resolver of every object type
 * checks the viewer first (denied: null and FORBIDDEN; masked: the value masked), entity resolution checks the
 * type's rule before loading anything and turns pseudonyms in representations back into RUCs, `@ruc` arguments
 * accept pseudonyms, and every mutation is recorded in the audit log with its outcome. Fails at build time when
 * a field has no rule, or when a rule cannot hold at run time (see `checkAccessRules`: a non-null field that can
 * be denied to a viewer who may see its parent would null the parent instead of itself). Returns the rules by
 * `Type.field`, for tests.
 *
 * `INTERNAL` fields (the RUC lists behind `@requires`) are answered to any signed request, because the gateway
 * fetches them for every viewer: they are safe only because subgraphs answer nothing without the gateway's
 * signature and the gateway keeps `@inaccessible` fields out of the public schema (both are tested).
 */
export function applyAccessRules(
  schema: GraphQLSchema,
  options: AccessOptions,
): ReadonlyMap<string, AccessRule> {
  const access = schema.getDirective("access");
  const ruc = schema.getDirective("ruc");
  if (!access || !ruc) throw new Error("the schema lacks @access/@ruc: read it with subgraphSdl()");
  const rules = readAccessRules(schema, access);
  // Every check runs before any resolver is wrapped, so a refused schema is left as it was built.
  checkAccessRules(schema, rules, options.pillar);
  const mutationType = schema.getMutationType();
  for (const { type, field, rule } of rules.fields) {
    const decodeArgs = rucArgumentDecoder(field.args, ruc, options.pseudonyms, options.pillar);
    field.resolve =
      type === mutationType
        ? auditedResolver(field, rule, decodeArgs, options)
        : guardedResolver(type, field, rule, decodeArgs, options);
  }
  for (const [type, typeRule] of rules.types)
    guardEntityResolution(type, typeRule, rules.byCoordinate, options);
  return rules.byCoordinate;
}

import {
  getNamedType,
  isNonNullType,
  isObjectType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import type { Pillar } from "../viewer.ts";
import { decide, type AccessRule } from "./decide.ts";
import type { AccessRules, FieldAccess } from "./rules.ts";
import { viewerArchetypes } from "./viewer-archetypes.ts";

/**
 * Fails the build of a subgraph whose rules would misbehave at run time: a mutation that is not `EDITOR` (or an
 * `EDITOR` field that is not a mutation), a non-null field that can be denied to a viewer who may see its parent
 * (it would null the parent instead of itself), or a field open to viewers its return type is closed to.
 */
export function checkAccessRules(schema: GraphQLSchema, rules: AccessRules, pillar: Pillar): void {
  const mutationType = schema.getMutationType();
  for (const { type, field, coordinate, rule } of rules.fields) {
    if (type === mutationType) {
      if (rule.read !== "EDITOR") throw new Error(`${coordinate}: mutations are EDITOR`);
      // A refused mutation nulls the whole answer, which is what its one caller needs to see; no check there.
      continue;
    }
    if (rule.read === "EDITOR") throw new Error(`${coordinate}: EDITOR is for mutations`);
    if (!isNonNullType(field.type)) continue;
    // A root field's parent is the whole answer, which every viewer sees.
    const parentRule = type === schema.getQueryType() ? undefined : rules.types.get(type);
    checkNullable(coordinate, rule, parentRule, pillar);
  }
  checkReturnTypes(
    rules.fields.filter(({ type }) => type !== mutationType),
    rules.types,
    pillar,
  );
}

function checkNullable(
  coordinate: string,
  rule: AccessRule,
  parentRule: AccessRule | undefined,
  pillar: Pillar,
): void {
  for (const { name, viewer, funds } of viewerArchetypes(pillar)) {
    const seesParent = !parentRule || decide(parentRule, viewer, pillar, () => funds) !== "deny";
    if (seesParent && decide(rule, viewer, pillar, () => funds) === "deny")
      throw new Error(
        `${coordinate} is non-null but denied to a ${name} who may see its parent: make it nullable`,
      );
  }
}

/**
 * A field may not be open to a viewer its return type is closed to: the viewer would get the field and then a
 * FORBIDDEN on every field inside it (a public region figure returning a staff-only money type). Either the type
 * is as open as the fields that reach it, or the field is gated too.
 */
function checkReturnTypes(
  fields: readonly FieldAccess[],
  typeRules: ReadonlyMap<GraphQLObjectType, AccessRule>,
  pillar: Pillar,
): void {
  for (const { field, coordinate, rule } of fields) {
    const target = getNamedType(field.type);
    const targetRule = isObjectType(target) ? typeRules.get(target) : undefined;
    if (!targetRule) continue;
    for (const { name, viewer, funds } of viewerArchetypes(pillar)) {
      if (
        decide(rule, viewer, pillar, () => funds) !== "deny" &&
        decide(targetRule, viewer, pillar, () => funds) === "deny"
      )
        throw new Error(
          `${coordinate} is open to a ${name} but returns ${target.name}, which is closed to them`,
        );
    }
  }
}

import {
  getDirectiveValues,
  isObjectType,
  type GraphQLDirective,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import type { ViewerContext } from "../viewer.ts";
import { ACCESS_LEVELS, MASKS, type AccessLevel, type AccessRule, type MaskKind } from "./decide.ts";

/** One field under access control, with the rule that governs it. */
export interface FieldAccess {
  type: GraphQLObjectType;
  field: GraphQLField<unknown, ViewerContext>;
  /** `Type.field`, as errors and the rules map name it. */
  coordinate: string;
  /** The field's own rule, or else its type's. */
  rule: AccessRule;
}

/** The `@access` rules written in a subgraph's SDL. */
export interface AccessRules {
  /** Every field under access control (all but Federation's `_entities` and `_service`), in schema order. */
  fields: readonly FieldAccess[];
  /** The same rules by `Type.field`. */
  byCoordinate: ReadonlyMap<string, AccessRule>;
  /** The rules written on object types: their fields' default and their entities' gate. */
  types: ReadonlyMap<GraphQLObjectType, AccessRule>;
}

// Federation adds these to Query, without rules: entities are guarded by their type's rule where they are
// resolved, and the SDL goes only to the gateway, like every answer of a subgraph.
const FEDERATION_FIELDS = new Set(["_entities", "_service"]);

/**
 * Reads the `@access` directive (`access`, as the schema defines it) on every object type and field of a subgraph
 * schema. Fails when a field has no rule, on the field or its type, or a rule names an unknown level or mask.
 */
export function readAccessRules(schema: GraphQLSchema, access: GraphQLDirective): AccessRules {
  const fields: FieldAccess[] = [];
  const byCoordinate = new Map<string, AccessRule>();
  const types = new Map<GraphQLObjectType, AccessRule>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("_")) continue;
    const typeRule = ruleOf(access, [type.astNode, ...type.extensionASTNodes], type.name);
    if (typeRule) types.set(type, typeRule);
    for (const field of Object.values(type.getFields())) {
      if (type === schema.getQueryType() && FEDERATION_FIELDS.has(field.name)) continue;
      const coordinate = `${type.name}.${field.name}`;
      const rule = ruleOf(access, [field.astNode], coordinate) ?? typeRule;
      if (!rule) throw new Error(`${coordinate} has no @access rule (on the field or its type)`);
      fields.push({ type, field, coordinate, rule });
      byCoordinate.set(coordinate, rule);
    }
  }
  return { fields, byCoordinate, types };
}

/** The rule of the first of `nodes` that carries `@access`, checked; `where` names the place for errors. */
function ruleOf(
  directive: GraphQLDirective,
  nodes: readonly ({ readonly directives?: readonly unknown[] } | null | undefined)[],
  where: string,
): AccessRule | undefined {
  for (const node of nodes) {
    if (!node) continue;
    const values = getDirectiveValues(directive, node as Parameters<typeof getDirectiveValues>[1]);
    if (!values) continue;
    const read = values["read"] as string;
    const mask = (values["mask"] as string | undefined) ?? null;
    if (!(ACCESS_LEVELS as readonly string[]).includes(read))
      throw new Error(`${where}: @access(read: "${read}") is not one of ${ACCESS_LEVELS.join(", ")}`);
    if (mask !== null && !(MASKS as readonly string[]).includes(mask))
      throw new Error(`${where}: @access(mask: "${mask}") is not one of ${MASKS.join(", ")}`);
    if (mask !== null && read !== "PERSONAL") throw new Error(`${where}: only PERSONAL fields are masked`);
    return { read: read as AccessLevel, mask: mask as MaskKind | null };
  }
  return undefined;
}

import {
  getDirectiveValues,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  type GraphQLArgument,
  type GraphQLDirective,
  type GraphQLInputType,
} from "graphql";
import type { RucPseudonyms } from "../pseudonym.ts";
import type { Pillar, ViewerContext } from "../viewer.ts";
import { decide, type AccessRule } from "./decide.ts";

/** A field's arguments with the pseudonyms in its `@ruc` arguments and input fields turned back into RUCs. */
export type ArgumentDecoder = (
  value: Record<string, unknown>,
  context: ViewerContext,
) => Record<string, unknown>;

type ValueDecoder = (value: unknown, path: string, rawAllowed: boolean) => unknown;

const RUC_RULE: AccessRule = { read: "PERSONAL", mask: "RUC" };

/**
 * The decoder of the `@ruc` arguments and input fields (`ruc`, as the schema defines it) of a field, built once
 * at schema build time; undefined when the field has none, so that its resolver stays unwrapped.
 */
export function rucArgumentDecoder(
  args: readonly GraphQLArgument[],
  ruc: GraphQLDirective,
  pseudonyms: RucPseudonyms,
  pillar: Pillar,
): ArgumentDecoder | undefined {
  const decoders = new Map<string, ValueDecoder>();
  for (const arg of args) {
    const marked = arg.astNode ? getDirectiveValues(ruc, arg.astNode) !== undefined : false;
    const decoder = valueDecoder(arg.type, marked, ruc, pseudonyms, new Set());
    if (decoder) decoders.set(arg.name, decoder);
  }
  if (decoders.size === 0) return undefined;
  return (values, context) => {
    const rawAllowed = seesRucs(context.viewer, pillar);
    const decoded = { ...values };
    for (const [name, decoder] of decoders)
      if (decoded[name] != null) decoded[name] = decoder(decoded[name], name, rawAllowed);
    return decoded;
  };
}

/**
 * Whether the viewer may pass a person's raw RUC in an argument: those who see RUCs here, and agency editors
 * (their own pillar's records show them raw RUCs). An analyst without the personal-data grant must pass the
 * pseudonym, or a lookup by raw RUC would confirm whether a given DNI has records. (Representations in
 * `_entities` always may carry raw RUCs: only the gateway sends them, built from what a subgraph showed this
 * viewer.)
 */
function seesRucs(viewer: ViewerContext["viewer"], pillar: Pillar): boolean {
  return viewer.role === "AGENCY_EDITOR" || decide(RUC_RULE, viewer, pillar, () => false) === "allow";
}

function valueDecoder(
  type: GraphQLInputType,
  marked: boolean,
  ruc: GraphQLDirective,
  pseudonyms: RucPseudonyms,
  enclosing: ReadonlySet<string>,
): ValueDecoder | undefined {
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const item = valueDecoder(nullable.ofType as GraphQLInputType, marked, ruc, pseudonyms, enclosing);
    return (
      item &&
      ((value, path, raw) =>
        (value as unknown[]).map((v, i) => (v == null ? v : item(v, `${path}.${i}`, raw))))
    );
  }
  if (marked)
    return (value, path, raw) => (typeof value === "string" ? pseudonyms.unmask(value, path, raw) : value);
  const named = getNamedType(type);
  // `enclosing` holds the input types on the path from the argument, so that recursive inputs end.
  if (!isInputObjectType(named) || enclosing.has(named.name)) return undefined;
  const inner = new Set([...enclosing, named.name]);
  const fields = new Map<string, ValueDecoder>();
  for (const field of Object.values(named.getFields())) {
    const isRuc = field.astNode ? getDirectiveValues(ruc, field.astNode) !== undefined : false;
    const decoder = valueDecoder(field.type, isRuc, ruc, pseudonyms, inner);
    if (decoder) fields.set(field.name, decoder);
  }
  if (fields.size === 0) return undefined;
  return (value, path, raw) => {
    const decoded = { ...(value as Record<string, unknown>) };
    for (const [name, decoder] of fields)
      if (decoded[name] != null) decoded[name] = decoder(decoded[name], `${path}.${name}`, raw);
    return decoded;
  };
}

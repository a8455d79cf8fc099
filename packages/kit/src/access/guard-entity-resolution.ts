import type { GraphQLFieldResolver, GraphQLObjectType } from "graphql";
import { forbidden } from "../errors.ts";
import type { ViewerContext } from "../viewer.ts";
import { decide, type AccessRule } from "./decide.ts";
import type { AccessOptions } from "./options.ts";

type Resolver = GraphQLFieldResolver<unknown, ViewerContext>;
type Funders = (parent: unknown) => readonly string[];

/**
 * Wraps the `__resolveReference` of an entity type, in place, so that the type's rule is checked before anything
 * is loaded (and, for a donor under a `FUNDED` rule, the loaded entity's funders after), and pseudonyms the
 * gateway carries back in representations turn into RUCs again. `rules` are the field rules by `Type.field`,
 * which say the fields shown as pseudonyms. Open types without such fields are left as they are.
 */
export function guardEntityResolution(
  type: GraphQLObjectType,
  typeRule: AccessRule,
  rules: ReadonlyMap<string, AccessRule>,
  options: AccessOptions,
): void {
  const extensions = type.extensions as { apollo?: { subgraph?: { resolveReference?: Resolver } } };
  const original = extensions.apollo?.subgraph?.resolveReference;
  // Fields shown as pseudonyms: a representation may carry the pseudonym back.
  const maskedKeys = Object.keys(type.getFields()).filter(
    (name) => rules.get(`${type.name}.${name}`)?.mask === "RUC",
  );
  const gated = typeRule.read !== "PUBLIC" && typeRule.read !== "INTERNAL";
  if (!gated && maskedKeys.length === 0) return;
  const funders = options.funders?.[type.name] as Funders | undefined;
  const resolveReference = (reference: Record<string, unknown>, context: ViewerContext, info: unknown) => {
    const viewer = context.viewer;
    // A donor's funding is known only once the entity is loaded (checked below). Errors are returned, not
    // thrown, so that `_entities` nulls this representation alone and not the whole batch.
    if (decide(typeRule, viewer, options.pillar, () => true) === "deny")
      return forbidden(`Your role may not read ${type.name}.`);
    let representation = reference;
    try {
      for (const key of maskedKeys) {
        const value = reference[key];
        if (typeof value === "string")
          representation = {
            ...representation,
            [key]: options.pseudonyms.unmask(value, `representations.${key}`),
          };
      }
    } catch (error) {
      return error;
    }
    const result = original
      ? (original as unknown as (r: unknown, c: unknown, i: unknown) => unknown)(
          representation,
          context,
          info,
        )
      : representation;
    if (typeRule.read !== "FUNDED" || viewer.role !== "DONOR") return result;
    const check = (resolved: unknown) =>
      resolved == null || (funders && viewer.donor !== null && funders(resolved).includes(viewer.donor))
        ? resolved
        : forbidden(`Your role may not read ${type.name}.`);
    return result instanceof Promise ? result.then(check) : check(result);
  };
  type.extensions = {
    ...type.extensions,
    apollo: { ...extensions.apollo, subgraph: { ...extensions.apollo?.subgraph, resolveReference } },
  };
}

import {
  defaultFieldResolver,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
} from "graphql";
import { forbidden } from "../errors.ts";
import { maskValue } from "../mask.ts";
import type { ViewerContext } from "../viewer.ts";
import { decide, type AccessRule } from "./decide.ts";
import type { AccessOptions } from "./options.ts";
import type { ArgumentDecoder } from "./ruc-arguments.ts";

type Resolver = GraphQLFieldResolver<unknown, ViewerContext>;
type Funders = (parent: unknown) => readonly string[];
type Subject = (parent: unknown) => string | undefined;

/**
 * The resolver of a query or type field under `rule`: it checks the viewer before resolving (denied: null and
 * FORBIDDEN), decodes pseudonyms in `@ruc` arguments, and masks the value when the viewer may see the record
 * but not the person. Open fields without `@ruc` arguments keep their resolver, which costs nothing per value.
 */
export function guardedResolver(
  type: GraphQLObjectType,
  field: GraphQLField<unknown, ViewerContext>,
  rule: AccessRule,
  decodeArgs: ArgumentDecoder | undefined,
  options: AccessOptions,
): Resolver {
  const original: Resolver = field.resolve ?? defaultFieldResolver;
  if ((rule.read === "PUBLIC" || rule.read === "INTERNAL") && !decodeArgs) return original;
  const funders = options.funders?.[type.name] as Funders | undefined;
  const subject = options.subjects?.[type.name] as Subject | undefined;
  const where = `${type.name}.${field.name}`;
  return (parent, args, context, info) => {
    const viewer = context.viewer;
    const decision = decide(rule, viewer, options.pillar, () =>
      funders && viewer.donor !== null ? funders(parent).includes(viewer.donor) : false,
    );
    if (decision === "deny") throw forbidden(`Your role may not read ${where}.`);
    const value = original(
      parent,
      decodeArgs ? (decodeArgs(args, context) as typeof args) : args,
      context,
      info,
    );
    if (decision === "allow" || rule.mask === null) return value;
    const kind = rule.mask;
    const subjectRuc = subject?.(parent);
    return value instanceof Promise
      ? value.then((resolved) => maskValue(kind, resolved, options.pseudonyms, subjectRuc))
      : maskValue(kind, value, options.pseudonyms, subjectRuc);
  };
}

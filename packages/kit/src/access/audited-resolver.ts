import { defaultFieldResolver, GraphQLError, type GraphQLField, type GraphQLFieldResolver } from "graphql";
import { forbidden } from "../errors.ts";
import type { ViewerContext } from "../viewer.ts";
import { decide, type AccessRule } from "./decide.ts";
import type { AccessOptions } from "./options.ts";
import type { ArgumentDecoder } from "./ruc-arguments.ts";

type Resolver = GraphQLFieldResolver<unknown, ViewerContext>;

/**
 * The resolver of a mutation under `rule`: it refuses viewers who may not write this pillar, decodes pseudonyms
 * in `@ruc` arguments, and records every attempt in the audit log with its outcome (the error code, and the
 * offending input field when the error names one), refused and failed attempts too.
 */
export function auditedResolver(
  field: GraphQLField<unknown, ViewerContext>,
  rule: AccessRule,
  decodeArgs: ArgumentDecoder | undefined,
  options: AccessOptions,
): Resolver {
  const original: Resolver = field.resolve ?? defaultFieldResolver;
  return async (parent, args, context, info) => {
    let outcome = "OK";
    let offendingField: string | undefined;
    // Audited as decoded (a RUC and its pseudonym are the same request), or as sent when decoding failed.
    let input = args;
    try {
      if (decide(rule, context.viewer, options.pillar, () => false) === "deny")
        throw forbidden(`Only ${options.pillar} editors and admins may run ${field.name}.`);
      if (decodeArgs) input = decodeArgs(args, context) as typeof args;
      return (await original(parent, input, context, info)) as unknown;
    } catch (error) {
      const extensions = error instanceof GraphQLError ? error.extensions : {};
      outcome = typeof extensions["code"] === "string" ? extensions["code"] : "INTERNAL_SERVER_ERROR";
      if (typeof extensions["field"] === "string") offendingField = extensions["field"];
      throw error;
    } finally {
      await options.audit.record({
        viewer: context.viewer,
        requestId: context.requestId,
        operation: field.name,
        args: input,
        outcome,
        ...(offendingField === undefined ? {} : { field: offendingField }),
      });
    }
  };
}

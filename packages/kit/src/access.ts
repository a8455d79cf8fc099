import { readFileSync } from "node:fs";
import {
  defaultFieldResolver,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLDirective,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import {
  ACCESS_LEVELS,
  decide,
  MASKS,
  viewerArchetypes,
  type AccessLevel,
  type AccessRule,
  type MaskKind,
} from "./access-policy.ts";
import type { AuditLog } from "./audit.ts";
import { forbidden } from "./errors.ts";
import { maskValue } from "./mask.ts";
import type { RucPseudonyms } from "./pseudonym.ts";
import type { Pillar, ViewerContext } from "./viewer.ts";

/** The SDL of `@access` and `@ruc`, which every subgraph's schema is read with (see `subgraphTypeDefs`). */
export const ACCESS_DIRECTIVES_SDL = readFileSync(new URL("./access.graphql", import.meta.url), "utf8");

/** What the access rules of one subgraph need besides its schema. */
export interface AccessOptions {
  /** The pillar the subgraph serves: its editors write it and see its personal data. */
  pillar: Pillar;
  pseudonyms: RucPseudonyms;
  /** Where every mutation is recorded. */
  audit: AuditLog;
  /** For `FUNDED` fields: the donor references funding a parent object, by the parent's type name. */
  funders?: Readonly<Record<string, (parent: never) => readonly string[]>>;
  /** For `HOLDER_NAME` masks: the RUC of the miner a parent is about, by type name (companies' names are public). */
  subjects?: Readonly<Record<string, (parent: never) => string | undefined>>;
}

type Resolver = GraphQLFieldResolver<unknown, ViewerContext>;
type Funders = (parent: unknown) => readonly string[];
type Subject = (parent: unknown) => string | undefined;

const FEDERATION_FIELDS = new Set(["_entities", "_service"]);

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

/**
 * Enforces the `@access` rules of a built subgraph schema, in place: every field resolver of every object type
 * checks the viewer first (denied: null and FORBIDDEN; masked: the value masked), entity resolution checks the
 * type's rule before loading anything and turns pseudonyms in representations back into RUCs, `@ruc` arguments
 * accept pseudonyms, and every mutation is recorded in the audit log with its outcome. Fails at build time when
 * a field has no rule, or when a non-null field can be denied to a viewer who may see its parent (it would null
 * the parent instead of itself). Returns the rules by `Type.field`, for tests.
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
  if (!access || !ruc) throw new Error("the schema lacks @access/@ruc: read it with subgraphTypeDefs()");
  const rules = new Map<string, AccessRule>();
  const typeRules = new Map<string, AccessRule>();
  const mutationType = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("_")) continue;
    const typeRule = ruleOf(access, [type.astNode, ...type.extensionASTNodes], type.name);
    if (typeRule) typeRules.set(type.name, typeRule);
    const isRoot = type === schema.getQueryType() || type === mutationType;
    for (const field of Object.values(type.getFields())) {
      if (type === schema.getQueryType() && FEDERATION_FIELDS.has(field.name)) continue;
      const where = `${type.name}.${field.name}`;
      const own = ruleOf(access, [field.astNode], where);
      const rule = own ?? typeRule;
      if (!rule) throw new Error(`${where} has no @access rule (on the field or its type)`);
      if (type === mutationType && rule.read !== "EDITOR") throw new Error(`${where}: mutations are EDITOR`);
      if (type !== mutationType && rule.read === "EDITOR")
        throw new Error(`${where}: EDITOR is for mutations`);
      // A refused mutation nulls the whole answer, which is what its one caller needs to see; no check there.
      if (type !== mutationType)
        checkNullable(field, rule, isRoot ? undefined : typeRule, options.pillar, where);
      rules.set(where, rule);
      const decodeArgs = argumentDecoder(field.args, ruc, options.pseudonyms, options.pillar);
      field.resolve =
        type === mutationType
          ? auditedResolver(field, rule, decodeArgs, options)
          : guardedResolver(type, field, rule, decodeArgs, options);
    }
    if (typeRule) guardEntityResolution(type, typeRule, rules, options);
  }
  checkReturnTypes(schema, rules, typeRules, options.pillar);
  return rules;
}

/**
 * A field may not be open to a viewer its return type is closed to: the viewer would get the field and then a
 * FORBIDDEN on every field inside it (a public region figure returning a staff-only money type). Either the type
 * is as open as the fields that reach it, or the field is gated too.
 */
function checkReturnTypes(
  schema: GraphQLSchema,
  rules: ReadonlyMap<string, AccessRule>,
  typeRules: ReadonlyMap<string, AccessRule>,
  pillar: Pillar,
): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("_") || type === schema.getMutationType()) continue;
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type);
      if (!isObjectType(target) || target.name.startsWith("_")) continue;
      const fieldRule = rules.get(`${type.name}.${field.name}`);
      const targetRule = typeRules.get(target.name);
      if (!fieldRule || !targetRule) continue;
      for (const { name, viewer, funds } of viewerArchetypes(pillar)) {
        if (
          decide(fieldRule, viewer, pillar, () => funds) !== "deny" &&
          decide(targetRule, viewer, pillar, () => funds) === "deny"
        )
          throw new Error(
            `${type.name}.${field.name} is open to a ${name} but returns ${target.name}, which is closed to them`,
          );
      }
    }
  }
}

function checkNullable(
  field: GraphQLField<unknown, unknown>,
  rule: AccessRule,
  parentRule: AccessRule | undefined,
  pillar: Pillar,
  where: string,
): void {
  if (!isNonNullType(field.type)) return;
  for (const { name, viewer, funds } of viewerArchetypes(pillar)) {
    const seesParent = !parentRule || decide(parentRule, viewer, pillar, () => funds) !== "deny";
    if (seesParent && decide(rule, viewer, pillar, () => funds) === "deny")
      throw new Error(
        `${where} is non-null but denied to a ${name} who may see its parent: make it nullable`,
      );
  }
}

function guardedResolver(
  type: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  rule: AccessRule,
  decodeArgs: Decoder | undefined,
  options: AccessOptions,
): Resolver {
  const original = (field.resolve ?? defaultFieldResolver) as Resolver;
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

function auditedResolver(
  field: GraphQLField<unknown, unknown>,
  rule: AccessRule,
  decodeArgs: Decoder | undefined,
  options: AccessOptions,
): Resolver {
  const original = (field.resolve ?? defaultFieldResolver) as Resolver;
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

function guardEntityResolution(
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

type Decoder = (value: Record<string, unknown>, context: ViewerContext) => Record<string, unknown>;
type ValueDecoder = (value: unknown, path: string, rawAllowed: boolean) => unknown;

const RUC_RULE: AccessRule = { read: "PERSONAL", mask: "RUC" };

/**
 * Whether the viewer may pass a person's raw RUC in an argument: those who see RUCs here, and agency editors
 * (their own pillar's records show them raw RUCs). An analyst without the personal-data grant must pass the
 * pseudonym, or a lookup by raw RUC would confirm whether a given DNI has records. (Representations in
 * `_entities` always may carry raw RUCs: only the gateway sends them, built from what a subgraph showed this
 * viewer.)
 */
function seesRucs(viewer: ViewerContext["viewer"], pillar: AccessOptions["pillar"]): boolean {
  return viewer.role === "AGENCY_EDITOR" || decide(RUC_RULE, viewer, pillar, () => false) === "allow";
}

/** Turns pseudonyms back into RUCs in the `@ruc` arguments and input fields of a field; undefined when it has none. */
function argumentDecoder(
  args: readonly GraphQLArgument[],
  ruc: GraphQLDirective,
  pseudonyms: RucPseudonyms,
  pillar: AccessOptions["pillar"],
): Decoder | undefined {
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

import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from "graphql";

/**
 * Every element of `schema` a client reads in GraphiQL's docs or in generated types that has no description:
 * types, fields, arguments, enum values, input fields and custom directives with their arguments, as
 * coordinates (`Type.field(arg:)`). Built-in types and directives are graphql-js's and are skipped.
 */
export function undescribedElements(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const need = (description: string | null | undefined, coordinate: string) => {
    if (!description?.trim()) missing.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    need(type.description, type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        need(field.description, `${type.name}.${field.name}`);
        for (const arg of field.args) need(arg.description, `${type.name}.${field.name}(${arg.name}:)`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        need(field.description, `${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) need(value.description, `${type.name}.${value.name}`);
    }
  }
  for (const directive of schema.getDirectives()) {
    if (isSpecifiedDirective(directive)) continue;
    need(directive.description, `@${directive.name}`);
    for (const arg of directive.args) need(arg.description, `@${directive.name}(${arg.name}:)`);
  }
  return missing;
}

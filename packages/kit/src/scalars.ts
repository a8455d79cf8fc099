import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

function badScalar(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
}

function parseDateTime(value: unknown): Date {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}(T|$)/.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw badScalar(`DateTime must be an ISO-8601 string, got ${JSON.stringify(value)}`);
}

/** ISO-8601 date-times: `Date` inside, a UTC string on the wire. Every subgraph declares `scalar DateTime`. */
export const DateTime = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: "An ISO-8601 date-time in UTC, e.g. `2025-06-30T00:00:00.000Z`.",
  serialize(value) {
    const date = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(date.getTime())) throw new TypeError(`not a date: ${String(value)}`);
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badScalar("DateTime must be a string");
    return parseDateTime(ast.value);
  },
});

function parseDay(value: unknown): Date {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(`${value}T00:00:00.000Z`);
    if (!Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)) return date;
  }
  throw badScalar(`Date must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

/** Calendar dates (`2025-06-30`): midnight UTC inside, `YYYY-MM-DD` on the wire. */
export const DateScalar = new GraphQLScalarType<Date, string>({
  name: "Date",
  description: "A calendar date, `YYYY-MM-DD`.",
  serialize(value) {
    const date = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(date.getTime())) throw new TypeError(`not a date: ${String(value)}`);
    return date.toISOString().slice(0, 10);
  },
  parseValue: parseDay,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badScalar("Date must be a string");
    return parseDay(ast.value);
  },
});

import { GraphQLError } from "graphql";

/** The error codes a client may see, and nothing else (see STYLE.md, "Errors in three tiers"). */
export type ErrorCode = "BAD_USER_INPUT" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT";

/** An error the caller can fix: bad input, naming the offending field (`input.ruc`, `first`). */
export function badUserInput(
  field: string,
  message: string,
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", field, ...extra } });
}

/** The thing addressed by a mutation does not exist. */
export function notFound(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "NOT_FOUND", field } });
}

/** The request is valid but conflicts with the current state (a duplicate, a disallowed transition). */
export function conflict(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "CONFLICT", field } });
}

/** The viewer may not do or see this. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "FORBIDDEN" } });
}

/** A bug: something that cannot happen did. Never a client's fault, so never a client-facing code. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Invariant violation: ${message}`);
}

import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";

/**
 * The error codes a client may receive, and nothing else: ours (see errors.ts), Apollo's request errors, and the
 * gateway's for a pillar that did not answer. Any other error reaches the client as `INTERNAL_SERVER_ERROR`
 * with a fixed message; the original is logged with the request id.
 */
export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  "BAD_USER_INPUT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "BAD_REQUEST",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "SUBGRAPH_UNAVAILABLE",
]);

/** Extension keys a client may see beside `code`. */
const CLIENT_EXTENSIONS = ["field", "pillar", "requestId"] as const;

/**
 * Apollo's `formatError`: an allowed code keeps its message and the allowed extensions; anything else becomes
 * "Internal server error". No stack, database message, internal URL or subgraph body gets through.
 */
export function formatClientError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.["code"];
  const allowed = typeof code === "string" && CLIENT_ERROR_CODES.has(code);
  const extensions: Record<string, unknown> = { code: allowed ? code : "INTERNAL_SERVER_ERROR" };
  for (const key of CLIENT_EXTENSIONS) {
    const value = formatted.extensions?.[key];
    if (typeof value === "string") extensions[key] = value;
  }
  return {
    message: allowed ? formatted.message : "Internal server error",
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions,
  };
}

/** The context fields the error plugin reads. */
export interface RequestScope extends BaseContext {
  requestId: string;
}

/**
 * Logs every error of a request (client errors at `info`, anything else at `error`, with the original error and
 * stack) under the request id, and adds that id to each error the client receives, so a report can be traced.
 */
export function errorReportingPlugin<C extends RequestScope>(logger: Logger): ApolloServerPlugin<C> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didEncounterErrors: ({ errors, contextValue, operationName }) => {
          for (const error of errors) {
            const code = error.extensions["code"];
            const known = typeof code === "string" && CLIENT_ERROR_CODES.has(code);
            const original = error.originalError ?? error;
            logger[known ? "info" : "error"](
              { requestId: contextValue.requestId, operationName, code, path: error.path, err: original },
              known ? "client error" : "internal error",
            );
          }
          return Promise.resolve();
        },
        willSendResponse: ({ response, contextValue }) => {
          if (response.body.kind !== "single") return Promise.resolve();
          const errors = response.body.singleResult.errors;
          if (errors)
            response.body.singleResult.errors = errors.map((error) => ({
              ...error,
              extensions: { ...error.extensions, requestId: contextValue.requestId },
            }));
          return Promise.resolve();
        },
      }),
  };
}

/** One GraphQL error as the gateway reports it (messages and codes only: nothing internal reaches a client). */
export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

/** A GraphQL answer: data that may be partial, and the errors that explain each missing field. */
export interface Answer<T> {
  data: T | null;
  errors: GraphQLErrorBody[];
}

/** A request the gateway refused outright (bad token, limits, invalid query): nothing to show. */
export class RequestFailed extends Error {}

/**
 * POSTs one operation to the gateway's public `/graphql` on this page's origin with the viewer's bearer token
 * (none: the public viewer), so the page sees exactly what the API lets this viewer see. Field errors (a field
 * the viewer may not read, a pillar that is down) come back beside partial data; anything without data throws.
 */
export async function graphql<T>(
  query: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<Answer<T>> {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T | null; errors?: GraphQLErrorBody[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new RequestFailed(`HTTP ${response.status}`);
  }
  const errors = body.errors ?? [];
  if (!body.data) {
    throw new RequestFailed(errors.map((e) => e.message).join("; ") || `HTTP ${response.status}`);
  }
  return { data: body.data, errors };
}

/** Why a field is missing from an answer: the viewer may not see it, or its pillar did not answer. */
export type Missing = "forbidden" | "unavailable";

/**
 * Reads the reason a field at `path` (or under it) is null from an answer's errors: `forbidden` for the trust
 * rules' FORBIDDEN, `unavailable` for anything else; undefined when no error names that path.
 */
export function missingAt(errors: GraphQLErrorBody[], path: (string | number)[]): Missing | undefined {
  const error = errors.find(
    (e) => e.path !== undefined && path.every((segment, i) => e.path?.[i] === segment),
  );
  if (!error) return undefined;
  return error.extensions?.code === "FORBIDDEN" ? "forbidden" : "unavailable";
}

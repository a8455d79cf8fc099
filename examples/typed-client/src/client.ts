import { readFileSync } from "node:fs";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  OperatorViewDocument,
  RegionViewDocument,
  type OperatorViewQuery,
  type PeriodInput,
  type RegionViewQuery,
} from "./generated/graphql.ts";

/** Where the hub is and who is asking (no token: the public viewer). */
export interface Client {
  url: string;
  token?: string | undefined;
}

/** A generated document: typed result and variables, and the id the client preset gave it. */
type PersistedDocument<Result, Variables> = TypedDocumentNode<Result, Variables> & {
  __meta__?: { hash: string };
};

/** The registered operations (`sha256:<hex>` → text), as the client preset wrote them. */
const manifest = JSON.parse(
  readFileSync(new URL("./generated/persisted-documents.json", import.meta.url), "utf8"),
) as Record<string, string>;

/** A GraphQL error as the gateway sends it. */
interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string };
}

/** The gateway answered with errors (and perhaps partial data: see `data`). */
export class GraphQLRequestError extends Error {
  readonly errors: readonly GraphQLErrorBody[];
  /** What data came with the errors (a partial answer), if any. */
  readonly data: unknown;

  constructor(errors: readonly GraphQLErrorBody[], data: unknown) {
    super(errors.map((e) => `${e.extensions?.code ?? "ERROR"}: ${e.message}`).join("; "));
    this.errors = errors;
    this.data = data;
  }
}

async function post(client: Client, body: unknown): Promise<{ data?: unknown; errors?: GraphQLErrorBody[] }> {
  const response = await fetch(client.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...(client.token ? { authorization: `Bearer ${client.token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as { data?: unknown; errors?: GraphQLErrorBody[] };
  } catch {
    throw new Error(
      `${client.url} answered ${response.status} with no GraphQL response: ${text.slice(0, 200)}`,
    );
  }
}

/**
 * Runs a generated document as a persisted operation, the way Apollo's automatic persisted queries do: first the
 * hash alone (all a gateway enforcing the safelist accepts), then, if the gateway does not know it
 * (`PERSISTED_QUERY_NOT_FOUND`: a gateway with `PERSISTED_OPERATIONS=off`), the hash with the registered text.
 * Resolves with the typed data; rejects with every error when there is any.
 */
export async function execute<Result, Variables>(
  client: Client,
  document: PersistedDocument<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const id = document.__meta__?.hash;
  const text = id === undefined ? undefined : manifest[id];
  if (id === undefined || text === undefined) {
    throw new Error("the document is not in persisted-documents.json: run `npm run codegen:client`");
  }
  const persistedQuery = { version: 1, sha256Hash: id.replace(/^sha256:/, "") };
  let answer = await post(client, { variables, extensions: { persistedQuery } });
  if (answer.errors?.some((e) => e.extensions?.code === "PERSISTED_QUERY_NOT_FOUND")) {
    answer = await post(client, { query: text, variables, extensions: { persistedQuery } });
  }
  if (answer.errors?.length) throw new GraphQLRequestError(answer.errors, answer.data);
  return answer.data as Result;
}

/** The cross-pillar view of one region (docs/analysts.md) (a department, province or district UBIGEO). */
export async function regionView(
  client: Client,
  ubigeo: string,
  period?: PeriodInput,
): Promise<NonNullable<RegionViewQuery["region"]> | null> {
  const data = await execute(client, RegionViewDocument, { ubigeo, period: period ?? null });
  return data.region;
}

/** One operator (a RUC, or the pseudonym a masked RUC shows) across the pillars. */
export async function operatorView(
  client: Client,
  ruc: string,
): Promise<NonNullable<OperatorViewQuery["operator"]> | null> {
  const data = await execute(client, OperatorViewDocument, { ruc });
  return data.operator;
}

/** A few lines a person can read: the region's figures from each pillar. */
export function summarizeRegion(region: NonNullable<RegionViewQuery["region"]>): string[] {
  const f = region.formalization;
  const e = region.eradication;
  const r = region.recovery;
  const l = region.livelihoods;
  const s = region.services;
  return [
    `${region.name} (${region.ubigeo})`,
    f
      ? `  REINFO: ${f.total} records, ${f.active} active, ${f.suspended} suspended, ${f.excluded} excluded, ` +
        `${f.formalized} formalized (${f.formalizationRate === null ? "no rate" : `${(f.formalizationRate * 100).toFixed(1)}%`})`
      : "  REINFO: not available",
    e
      ? `  Eradication: ${e.operations} operations, S/ ${e.value} seized, ${e.arrests} arrests`
      : "  Eradication: not available",
    r
      ? `  Recovery: ${r.hectaresDegraded} ha degraded, ${r.hectaresRestored} ha restored`
      : "  Recovery: not available",
    l
      ? `  Livelihoods: ${l.activeProjects} active projects, ${l.beneficiaries.total} beneficiaries`
      : "  Livelihoods: not available",
    s
      ? `  Public investment: ${s.activeProjects} investments in execution, S/ ${s.executed} accrued`
      : "  Public investment: not available",
  ];
}

/** A few lines about one operator: its REINFO records and what the other pillars know of it. */
export function summarizeOperator(operator: NonNullable<OperatorViewQuery["operator"]>): string[] {
  return [
    `Operator ${operator.ruc} (${operator.kind ?? "kind hidden"}): ${operator.name ?? "name hidden"}`,
    `  REINFO records: ${operator.reinfoRecords?.map((r) => `${r.code} ${r.status} in ${r.district.name}`).join(", ") ?? "hidden"}`,
    `  Interventions: ${operator.interventions?.length ?? "hidden"}; liabilities: ${operator.liabilities?.length ?? "hidden"}; ` +
      `livelihood enrollments: ${operator.livelihoodEnrollments?.length ?? "hidden"}`,
  ];
}

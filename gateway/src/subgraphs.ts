import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { ApolloServerPlugin } from "@apollo/server";
import type { Readiness } from "@tinkuy/kit";
import { GraphQLError } from "graphql";
import type { Logger } from "pino";
import type { GatewayContext } from "./context.ts";

/** The error a client receives for a pillar that did not answer: the rest of the response still comes. */
export function pillarUnavailable(pillar: string): GraphQLError {
  return new GraphQLError(`The ${pillar} pillar is unavailable; its fields are null in this response.`, {
    extensions: { code: "SUBGRAPH_UNAVAILABLE", pillar },
  });
}

type Fetcher = RemoteGraphQLDataSource["fetcher"];

/**
 * One subgraph as the gateway calls it: with the viewer signed into `x-tinkuy-viewer` and the request id
 * forwarded, each fetch aborted after `timeoutMs` (the gateway has no limit of its own), and any failure —
 * refused connection, timeout, non-2xx, unreadable body — reported as that pillar being unavailable, never
 * with the URL, the socket error or the body, which are logged instead.
 */
export class PillarDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly #pillar: string;
  readonly #logger: Logger;

  constructor(options: { pillar: string; url: string; timeoutMs: number; logger: Logger }) {
    super({
      url: options.url,
      fetcher: ((url: string, init: RequestInit) =>
        fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) })) as unknown as Fetcher,
    });
    this.#pillar = options.pillar;
    this.#logger = options.logger;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    request.http?.headers.set("x-tinkuy-viewer", context.signedViewer);
    request.http?.headers.set("x-request-id", context.requestId);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    try {
      return await super.process(options);
    } catch (error) {
      this.#logger.warn(
        { err: error, pillar: this.#pillar, requestId: options.context.requestId },
        "subgraph fetch failed",
      );
      throw pillarUnavailable(this.#pillar);
    }
  }
}

/** One `SUBGRAPH_UNAVAILABLE` error per pillar, however many fetches of the plan went to it. */
export function unavailablePillarPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse: ({ response }) => {
          const body = response.body;
          if (body.kind !== "single" || !body.singleResult.errors) return Promise.resolve();
          const seen = new Set<string>();
          body.singleResult.errors = body.singleResult.errors.filter((error) => {
            if (error.extensions?.["code"] !== "SUBGRAPH_UNAVAILABLE") return true;
            const pillar = String(error.extensions["pillar"]);
            if (seen.has(pillar)) return false;
            seen.add(pillar);
            return true;
          });
          return Promise.resolve();
        },
      }),
  };
}

/**
 * `/readyz` of the gateway: it stays ready (it can answer with the pillars that are up) and reports each
 * subgraph as `up` or `down` by its own `/readyz`, so an operator sees a degraded pillar.
 */
export function subgraphReadiness(urls: Readonly<Record<string, string>>): () => Promise<Readiness> {
  return async () => {
    const entries = await Promise.all(
      Object.entries(urls).map(async ([name, url]) => {
        try {
          const response = await fetch(new URL("/readyz", url), { signal: AbortSignal.timeout(1_000) });
          await response.body?.cancel();
          return [name, response.ok ? "up" : "down"] as const;
        } catch {
          return [name, "down"] as const;
        }
      }),
    );
    const subgraphs = Object.fromEntries(entries);
    const degraded = entries.some(([, state]) => state === "down");
    return { ready: true, body: { status: degraded ? "degraded" : "ready", subgraphs } };
  };
}

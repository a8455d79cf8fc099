/**
 * The part of autocannon's programmatic API the bench uses (the package ships no types, and the lead asked for no
 * further dependencies).
 */
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  namespace autocannon {
    /** A request as autocannon builds it; `setupRequest` returns a changed copy. */
    export interface RequestParams {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
    }

    /** One entry of `requests`: set up before each send, told about each response. */
    export interface RequestStep {
      setupRequest?: (request: RequestParams, context: Record<string, unknown>) => RequestParams | null;
      onResponse?: (
        status: number,
        body: string,
        context: Record<string, unknown>,
        headers: Record<string, string | string[]>,
      ) => void;
    }

    export interface Options {
      url: string;
      connections?: number;
      duration?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      timeout?: number;
      requests?: RequestStep[];
    }

    /** What autocannon reports at the end of a run (only the fields the bench reads). */
    export interface Result {
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      requests: { total: number; average: number };
    }

    /** A running instance: `response` fires for every response, with its latency in milliseconds. */
    export interface Instance extends EventEmitter, PromiseLike<Result> {
      stop(): void;
    }
  }

  /** Starts a load run; the instance resolves with its result (the package's `module.exports`). */
  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}

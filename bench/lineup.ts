import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Child } from "./children.ts";
import type { Credentials } from "./credentials.ts";
import type { TargetName } from "./options.ts";
import type { Scenario, ScenarioId } from "./scenarios.ts";
import {
  graphqlUrl,
  PORTS,
  startFloor,
  startHiveGateway,
  startOurGateway,
  SUBGRAPH_URLS,
} from "./targets.ts";

/** A target as the bench loads it: where each scenario goes, who it says it is, what it applies to. */
export interface Target {
  name: TargetName;
  label: string;
  /** Its own process (none for the direct subgraph, which is part of the backend). */
  child: Child | undefined;
  url(scenario: Scenario): string;
  credentials: Credentials;
  scenarios: readonly ScenarioId[];
}

/** Our gateway with its response cache off (the fair comparison), on every scenario. */
export async function ours(bearer: Credentials): Promise<Target> {
  const child = await startOurGateway("ours", PORTS.ours, false);
  const url = () => graphqlUrl(PORTS.ours);
  return {
    name: "ours",
    label: "ours (cache off)",
    child,
    url,
    credentials: bearer,
    scenarios: [1, 2, 3, 4],
  };
}

/** Our gateway with its response cache on, on the reads. */
export async function oursCached(bearer: Credentials): Promise<Target> {
  const child = await startOurGateway("ours-cached", PORTS.oursCached, true);
  const url = () => graphqlUrl(PORTS.oursCached);
  return {
    name: "ours-cached",
    label: "ours (cache on)",
    child,
    url,
    credentials: bearer,
    scenarios: [1, 2, 3],
  };
}

/** Hive Gateway over the same subgraphs, on every scenario. */
export async function hive(bearer: Credentials): Promise<Target> {
  const child = await startHiveGateway(PORTS.hive);
  const url = () => graphqlUrl(PORTS.hive);
  return { name: "hive", label: "Hive Gateway", child, url, credentials: bearer, scenarios: [1, 2, 3, 4] };
}

/** The formalization subgraph itself, asked the registry page with a signed viewer as the gateway would. */
export function direct(signed: Credentials): Target {
  const url = () => SUBGRAPH_URLS["formalization"] ?? "";
  return {
    name: "direct",
    label: "direct subgraph",
    child: undefined,
    url,
    credentials: signed,
    scenarios: [3],
  };
}

/** Sends one request of `scenario` as the load does (or `body`); returns the response. */
export async function ask(
  target: Target,
  scenario: Scenario,
  body = scenario.nextBody(),
): Promise<{ status: number; body: string }> {
  const response = await fetch(target.url(scenario), {
    method: "POST",
    headers: { "content-type": "application/json", ...target.credentials.headers(scenario.viewer) },
    body,
  });
  return { status: response.status, body: await response.text() };
}

/** One request checked as the load checks them: what went wrong, or undefined. */
export async function probe(target: Target, scenario: Scenario): Promise<string | undefined> {
  const { status, body } = await ask(target, scenario);
  const ok = status >= 200 && status < 300 && !body.includes('"errors"');
  return ok ? undefined : `${status} ${body.slice(0, 400)}`;
}

/**
 * The floor for the region view and the registry page: captures once what `source` answers to each scenario's
 * sample request, and serves those bytes from a plain `node:http` process. Returns the target and the sizes.
 */
export async function floor(
  source: Target,
  scenarios: readonly Scenario[],
): Promise<{ target: Target; bytes: Record<string, number> }> {
  const captured: Record<string, string> = {};
  const served = scenarios.filter((s) => s.id === 1 || s.id === 3);
  for (const scenario of served)
    captured[scenario.path] = (await ask(source, scenario, scenario.sampleBody)).body;
  const file = join(mkdtempSync(join(tmpdir(), "tinkuy-bench-")), "floor.json");
  writeFileSync(file, JSON.stringify(captured));
  const child = await startFloor(PORTS.floor, file);
  const target: Target = {
    name: "floor",
    label: "floor",
    child,
    url: (scenario) => `http://127.0.0.1:${PORTS.floor}${scenario.path}`,
    credentials: source.credentials,
    scenarios: served.map((s) => s.id),
  };
  const bytes = Object.fromEntries(
    Object.entries(captured).map(([path, body]) => [path, Buffer.byteLength(body)]),
  );
  return { target, bytes };
}

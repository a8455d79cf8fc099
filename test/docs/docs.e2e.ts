import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHub, tokenFor, type Hub } from "../support/hub.ts";
import { NOT_OUR_CLIS, packageScripts, runCommand, type Outcome } from "../scripts/clis.ts";
import { codeBlocks, docPages, docQueries, npmScripts, viewerFromTokenArgs } from "./blocks.ts";
import { curlRequests } from "./curl.ts";

/**
 * The README and every page of docs/ say what the hub answers; this runs what they show against a real hub,
 * seeded as `npm start` seeds it (scale 1, the default seed), so a page cannot drift from the hub:
 *
 * - every ```graphql block, as the viewer its `# npm run -s token -- …` comment line names (else the public),
 *   with the ```json variables block that follows it: no errors, and no root field null or empty; with a
 *   ```json answer block, exactly that data;
 * - every `curl` of a ```sh block to the hub (`http://localhost:4000`), against the hub's gateway: HTTP 200 and
 *   no GraphQL errors (a `curl` to another host downloads an agency's file, which this machine cannot reach);
 * - every `npm run <script>` of a ```sh block: the script exists and, if it is one of ours, answers `--help`
 *   with its usage and 0 (`example:client`, which takes no options, is run against the hub instead).
 */
const blocks = docPages().flatMap((page) => codeBlocks(page));
const queries = docQueries(blocks);
const curls = blocks
  .filter((b) => b.lang === "sh" || b.lang === "bash")
  .flatMap((b) => curlRequests(b))
  .filter((curl) => curl.url.startsWith("http://localhost:4000"));
const shown = npmScripts(blocks);

let hub: Hub;

beforeAll(async () => {
  hub = await startHub({ scale: 1 });
}, 180_000);

afterAll(async () => {
  await hub?.stop();
});

/** Root fields of an answer that are null, an empty list or an empty connection. */
function emptyRoots(data: Record<string, unknown>): string[] {
  return Object.entries(data)
    .filter(([, value]) => {
      if (value === null || (Array.isArray(value) && value.length === 0)) return true;
      const edges = (value as { edges?: unknown[] }).edges;
      return Array.isArray(edges) && edges.length === 0;
    })
    .map(([field]) => field);
}

/** Runs `npm run -s <script> -- …args` from the repository root, as a reader would. */
function npmRun(script: string, args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return runCommand("npm", ["run", "-s", script, "--", ...args], env);
}

describe("the documentation", () => {
  it("shows queries, commands and requests to run", () => {
    expect(queries.length).toBeGreaterThan(5);
    expect(queries[0]).toMatchObject({
      where: expect.stringMatching(/^README\.md:/),
      answer: expect.anything(),
    });
    expect(curls.length).toBeGreaterThan(3);
    expect(shown.size).toBeGreaterThan(3);
  });

  it.each(queries)("$where: $name answers with data and no errors", async (doc) => {
    const response = await fetch(hub.gatewayUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${await tokenFor(doc.viewer)}`,
      },
      body: JSON.stringify({ query: doc.query, variables: doc.variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(response.status).toBe(200);
    expect(body.data).toBeDefined();
    expect(emptyRoots(body.data ?? {})).toEqual([]);
    if (doc.answer !== undefined) expect(body.data).toEqual(doc.answer);
  });

  it.each(curls)("$where: curl $url answers 200", async (curl) => {
    const url = curl.url.replace(/^http:\/\/localhost:4000/, new URL(hub.gatewayUrl).origin);
    const token = curl.tokenArgs === undefined ? "" : await tokenFor(viewerFromTokenArgs(curl.tokenArgs));
    const headers = Object.fromEntries(
      Object.entries(curl.headers).map(([name, value]) => [name, value.replace("$TOKEN", token)]),
    );
    const response = await fetch(url, { method: curl.method, headers, body: curl.body ?? null });
    const text = await response.text();
    expect(response.status, text.slice(0, 500)).toBe(200);
    expect(text.length).toBeGreaterThan(0);
    if (response.headers.get("content-type")?.includes("json")) {
      expect((JSON.parse(text) as { errors?: unknown }).errors).toBeUndefined();
    }
  });

  it.each([...shown])("npm run %s (shown at %s) exists and answers --help", async (script) => {
    expect(packageScripts()).toHaveProperty([script]);
    if (script === "example:client") {
      const run = await npmRun(script, [], { GATEWAY_URL: hub.gatewayUrl });
      expect(run).toMatchObject({ code: 0, stderr: "" });
      expect(run.stdout).toContain("Madre de Dios");
      return;
    }
    // Other tools' CLIs (tsc, eslint, graphql-codegen …) have their own conventions: that they exist suffices.
    if (script in NOT_OUR_CLIS) return;
    const help = await npmRun(script, ["--help"]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: /);
  });
});

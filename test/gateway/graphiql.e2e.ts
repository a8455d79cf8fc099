import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GRAPHIQL_CSP, GRAPHIQL_PATH } from "../../gateway/src/routes/graphiql.ts";
import { startHub, tokenFor, type Hub } from "../support/hub.ts";
import { viewers } from "../support/viewers.ts";

/**
 * The offline query IDE over real HTTP: the page and every file it loads come from the gateway itself, with
 * their types, long cache lifetimes and a CSP that allows nothing external; `/graphql` in a browser lands on
 * it; production serves none of it; and a query sent the way GraphiQL sends it runs with a token.
 */
let hub: Hub;
let production: Hub;
let origin: string;

beforeAll(async () => {
  hub = await startHub({ scale: 0.01 });
  production = await startHub({ scale: 0.01, production: true });
  origin = new URL(hub.gatewayUrl).origin;
  // Two hubs, seeded: as long as every other file's hub setup may take (the default 10 s is not enough for five
  // pillars on a loaded machine).
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  await production?.stop();
});

/** The local files the page references, in document order. */
function referencedFiles(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
    .map((m) => m[1] ?? "")
    .filter((u) => u.startsWith("/"));
}

describe("GraphiQL at /graphiql in development", () => {
  it("serves the page with a CSP that allows nothing external and no inline script", async () => {
    const response = await fetch(`${origin}${GRAPHIQL_PATH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toBe(GRAPHIQL_CSP);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    const csp = GRAPHIQL_CSP.split("; ");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(GRAPHIQL_CSP).not.toMatch(/https?:|\*|unsafe/);
    const html = await response.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toContain("<style");
  });

  it("loads React, ReactDOM, GraphiQL and its stylesheet from the gateway, versioned and cached for a year", async () => {
    const html = await (await fetch(`${origin}${GRAPHIQL_PATH}`)).text();
    const files = referencedFiles(html);
    expect(files.map((f) => f.replace(/-[0-9a-f]{12}\.js$/, "-<hash>.js"))).toEqual([
      "/graphiql/graphiql-4.1.2.min.css",
      "/graphiql/react-18.3.1.production.min.js",
      "/graphiql/react-dom-18.3.1.production.min.js",
      "/graphiql/graphiql-4.1.2.min.js",
      "/graphiql/start-<hash>.js",
    ]);
    for (const file of files) {
      const response = await fetch(`${origin}${file}`);
      const body = await response.text();
      expect(response.status, file).toBe(200);
      expect(response.headers.get("content-type"), file).toBe(
        file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8",
      );
      expect(response.headers.get("cache-control"), file).toBe("public, max-age=31536000, immutable");
      expect(response.headers.get("x-content-type-options"), file).toBe("nosniff");
      expect(Number(response.headers.get("content-length")), file).toBe(Buffer.byteLength(body));
      expect(body.length, file).toBeGreaterThan(200);
    }
    const graphiql = await (await fetch(`${origin}/graphiql/graphiql-4.1.2.min.js`)).text();
    expect(graphiql).toContain("GraphiQL");
    const start = await (await fetch(`${origin}${files[4]}`)).text();
    expect(start).toContain('new URL("/graphql", window.location.href)');
    expect(start).not.toMatch(/https?:\/\//);
  });

  it("sends a browser opening /graphql to the IDE, and no one to Apollo's hosted Sandbox", async () => {
    const response = await fetch(hub.gatewayUrl, { headers: { accept: "text/html" }, redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(GRAPHIQL_PATH);
    expect(await response.text()).not.toMatch(/sandbox|apollographql/i);
  });

  it("answers a query posted the way GraphiQL posts it, as the viewer of the token in the headers editor", async () => {
    const query = '{ reinfoRecords(first: 1) { totalCount } region(ubigeo: "17") { name } }';
    const send = async (authorization: string) => {
      const response = await fetch(hub.gatewayUrl, {
        method: "POST",
        headers: {
          accept: "application/graphql-response+json, application/json, multipart/mixed",
          "content-type": "application/json",
          authorization,
        },
        body: JSON.stringify({ query, operationName: null }),
      });
      return {
        status: response.status,
        body: (await response.json()) as {
          data?: { reinfoRecords: unknown; region: unknown };
          errors?: { extensions?: { code?: string } }[];
        },
      };
    };
    const analyst = await send(`Bearer ${await tokenFor(viewers.analyst)}`);
    expect(analyst.status).toBe(200);
    expect(analyst.body.errors).toBeUndefined();
    expect(analyst.body.data?.reinfoRecords).toEqual({ totalCount: expect.any(Number) as number });
    // The prefilled, empty authorization header is the public viewer: the region, not the records.
    const anonymous = await send("");
    expect(anonymous.body.data?.region).toEqual({ name: "Madre de Dios" });
    expect(anonymous.body.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
  });
});

describe("GraphiQL in production", () => {
  it("is not served: the page and its files answer 404, and /graphql in a browser gets no page", async () => {
    const productionOrigin = new URL(production.gatewayUrl).origin;
    const html = await (await fetch(`${origin}${GRAPHIQL_PATH}`)).text();
    for (const path of [GRAPHIQL_PATH, ...referencedFiles(html)]) {
      expect((await fetch(`${productionOrigin}${path}`)).status, path).toBe(404);
    }
    const browser = await fetch(production.gatewayUrl, {
      headers: { accept: "text/html" },
      redirect: "manual",
    });
    expect(browser.status).toBe(400);
    expect(browser.headers.get("content-type")).not.toContain("text/html");
  });
});

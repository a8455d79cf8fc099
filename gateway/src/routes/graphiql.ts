import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { RouteHandler } from "@tinkuy/kit";
import { GRAPHIQL_START_SCRIPT } from "./graphiql-start-script.ts";

/** Where the query IDE is served (development only). */
export const GRAPHIQL_PATH = "/graphiql";

/**
 * The page's Content-Security-Policy: everything from this origin, nothing from anywhere else, nothing inline
 * (the page's own start-up code and layout are a file too; GraphiQL sets styles through the DOM, which CSP
 * allows). Fonts and icons are `data:` URLs inside graphiql.min.css.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const require = createRequire(import.meta.url);

/** A package's folder and version, as Node resolves it from the gateway (the project's own node_modules). */
function installed(name: string): { folder: string; version: string } {
  const manifest = require.resolve(`${name}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  return { folder: dirname(manifest), version };
}

interface Asset {
  type: string;
  /** Read on first request, then kept: the gateway reads none of these unless someone opens the IDE. */
  body: () => Buffer;
}

const once = (read: () => Buffer): (() => Buffer) => {
  let cached: Buffer | undefined;
  return () => (cached ??= read());
};

const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";

/**
 * The IDE's files by URL path. Each path carries the package version (or, for the start-up script, a hash of
 * its text), so a file can be cached for a year: an upgrade changes the URL.
 */
function assets(): Record<string, Asset> {
  const graphiql = installed("graphiql");
  const react = installed("react");
  const reactDom = installed("react-dom");
  const file = (folder: string, name: string) => once(() => readFileSync(join(folder, name)));
  const start = Buffer.from(GRAPHIQL_START_SCRIPT);
  const startHash = createHash("sha256").update(start).digest("hex").slice(0, 12);
  return {
    [`${GRAPHIQL_PATH}/react-${react.version}.production.min.js`]: {
      type: JS,
      body: file(react.folder, "umd/react.production.min.js"),
    },
    [`${GRAPHIQL_PATH}/react-dom-${reactDom.version}.production.min.js`]: {
      type: JS,
      body: file(reactDom.folder, "umd/react-dom.production.min.js"),
    },
    [`${GRAPHIQL_PATH}/graphiql-${graphiql.version}.min.js`]: {
      type: JS,
      body: file(graphiql.folder, "graphiql.min.js"),
    },
    [`${GRAPHIQL_PATH}/graphiql-${graphiql.version}.min.css`]: {
      type: CSS,
      body: file(graphiql.folder, "graphiql.min.css"),
    },
    [`${GRAPHIQL_PATH}/start-${startHash}.js`]: { type: JS, body: () => start },
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(paths: readonly string[]): string {
  const styles = paths.filter((p) => p.endsWith(".css"));
  // React, then ReactDOM, then GraphiQL (its UMD build reads both globals), then the start-up script.
  const scripts = paths.filter((p) => p.endsWith(".js"));
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Tinkuy GraphiQL</title>
    <link rel="icon" href="data:," />
${styles.map((p) => `    <link rel="stylesheet" href="${escapeHtml(p)}" />`).join("\n")}
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
${scripts.map((p) => `    <script src="${escapeHtml(p)}"></script>`).join("\n")}
  </body>
</html>
`;
}

function methodAllowed(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method === "GET" || request.method === "HEAD") return true;
  response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
  response.end("Method Not Allowed\n");
  return false;
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string>,
  body: Buffer,
): void {
  response.writeHead(200, {
    ...headers,
    "content-length": String(body.length),
    "x-content-type-options": "nosniff",
  });
  response.end(request.method === "HEAD" ? undefined : body);
}

/**
 * The offline query IDE's routes: GraphiQL's page at `/graphiql` and its files, all from the project's own
 * node_modules (Apollo's landing page loads Apollo Sandbox from the internet, which many government networks
 * cannot reach). None in production, where the paths answer 404 like any unknown path and introspection is off.
 */
export function graphiqlRoutes(production: boolean): Record<string, RouteHandler> {
  if (production) return {};
  const files = assets();
  const html = once(() => Buffer.from(page(Object.keys(files))));
  const routes: Record<string, RouteHandler> = {
    [GRAPHIQL_PATH]: (request, response) => {
      if (methodAllowed(request, response)) {
        send(
          request,
          response,
          {
            "content-type": "text/html; charset=utf-8",
            "cache-control": "no-cache",
            "content-security-policy": GRAPHIQL_CSP,
            "referrer-policy": "no-referrer",
            "x-frame-options": "DENY",
          },
          html(),
        );
      }
      return Promise.resolve();
    },
  };
  for (const [path, asset] of Object.entries(files)) {
    routes[path] = (request, response) => {
      if (methodAllowed(request, response)) {
        send(
          request,
          response,
          { "content-type": asset.type, "cache-control": "public, max-age=31536000, immutable" },
          asset.body(),
        );
      }
      return Promise.resolve();
    };
  }
  return routes;
}

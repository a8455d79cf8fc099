import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The dashboard's browser code and page, next to the gateway's sources (`gateway/web`). */
const WEB = fileURLToPath(new URL("../../web/", import.meta.url));

/** The map's boundary files, beside the kit's other boundary data (every image holds packages/kit). */
const BOUNDARIES = fileURLToPath(new URL("../../../packages/kit/data/boundaries/web/", import.meta.url));

/**
 * The map's boundary files (TopoJSON derived by scripts/derive-web-boundaries.ts, MPL-2.0 like their source):
 * the departments, and each department's provinces and districts, which the page fetches only when it is opened.
 */
export const BOUNDARY_FILES: readonly string[] = [
  "departments.json",
  ...Array.from({ length: 25 }, (_, i) => String(i + 1).padStart(2, "0")).flatMap((department) => [
    `provinces-${department}.json`,
    `districts-${department}.json`,
  ]),
];

/** The files the page is made of, ready to serve. */
export interface DashboardAssets {
  html: string;
  js: string;
  css: string;
  icon: string;
  /** Each of {@link BOUNDARY_FILES} by name. */
  boundaries: Record<string, string>;
}

/**
 * Bundles the page's TypeScript (and chart.js, from the gateway's own dependencies) with esbuild, in memory, and
 * reads the HTML, the CSS and the map's boundary files beside it. There is no build step and nothing written to disk, so the production image
 * needs nothing but its dependencies; the result depends only on the sources, so one process bundles once.
 */
export async function bundleDashboard(): Promise<DashboardAssets> {
  const [result, html, css, icon, ...boundaries] = await Promise.all([
    build({
      entryPoints: [`${WEB}main.ts`],
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      target: "es2022",
      minify: true,
      legalComments: "eof",
      tsconfig: `${WEB}tsconfig.json`,
      logLevel: "silent",
    }),
    readFile(`${WEB}index.html`, "utf8"),
    readFile(`${WEB}styles.css`, "utf8"),
    readFile(`${WEB}favicon.svg`, "utf8"),
    ...BOUNDARY_FILES.map((name) => readFile(`${BOUNDARIES}${name}`, "utf8")),
  ]);
  const js = result.outputFiles[0]?.text;
  if (js === undefined) throw new Error("esbuild produced no bundle for the dashboard");
  return {
    html,
    js,
    css,
    icon,
    boundaries: Object.fromEntries(BOUNDARY_FILES.map((name, i) => [name, boundaries[i] ?? ""])),
  };
}

let bundled: Promise<DashboardAssets> | undefined;

/** `bundleDashboard()`, done once per process and shared by every gateway it builds. */
export function dashboardAssets(): Promise<DashboardAssets> {
  bundled ??= bundleDashboard();
  return bundled;
}

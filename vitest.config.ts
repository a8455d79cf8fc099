import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

/**
 * Node resolves `graphql` to its CommonJS build for everyone (the package has no `exports` map), but Vite would
 * give our sources the `.mjs` build: two copies of graphql-js in one process, whose `instanceof` checks fail.
 * Pointing Vite at the same file Node loads keeps one copy, as in production.
 */
const graphql = createRequire(import.meta.url).resolve("graphql");

/**
 * Two projects chosen by file suffix: `*.test.ts` run in-process and fast; `*.e2e.ts` spawn real processes
 * (the server binary, a child that is killed with SIGKILL) and so run one file at a time.
 */
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphql }] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/**/*.e2e.ts"],
          testTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

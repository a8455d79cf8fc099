import { defineConfig } from "vitest/config";

/**
 * Two projects chosen by file suffix: `*.test.ts` run in-process and fast; `*.e2e.ts` spawn real processes
 * (the server binary, a child that is killed with SIGKILL) and so run one file at a time.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
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

// @ts-check
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import importX, { createNodeResolver } from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

const resolver = createNodeResolver({ extensions: [".ts", ".js", ".json"] });

/** What serves requests: a pillar's src/, the gateway, the kit and the embedded server (folders, as globs). */
const SERVING_CODE = ["subgraphs/*/src/**", "gateway/**", "packages/kit/**", "packages/embedded-mongo/**"];

export default tseslint.config(
  {
    // Generated code is checked for drift by a test, not linted.
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "coverage/**",
      "bench/results/**",
      ".scratch/**",
      ".data/**",
      "**/generated/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    plugins: { "import-x": importX },
    settings: { "import-x/resolver-next": [resolver] },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "import-x/no-cycle": "error",
      "import-x/no-default-export": "error",
    },
  },
  {
    files: ["**/*.js"],
    languageOptions: { globals: globals.node },
  },
  {
    // Demo data is not serving code: what answers requests (a pillar's src/, the gateway, the kit, the embedded
    // server) never loads a seed or the demo-data helpers, so no request path and no production image needs
    // them. A pillar's definition (subgraphs/<pillar>/pillar.ts) sits outside src/ and loads its seed lazily.
    files: SERVING_CODE.map((folder) => `${folder}/*.{ts,tsx,js}`),
    plugins: { "import-x": importX },
    settings: { "import-x/resolver-next": [resolver] },
    rules: {
      "import-x/no-restricted-paths": [
        "error",
        {
          basePath: import.meta.dirname,
          zones: [
            {
              target: SERVING_CODE,
              from: ["subgraphs/*/seed/**", "packages/demo-data/**"],
              message:
                "Serving code must not import seed code: demo data lives beside it, in subgraphs/<pillar>/seed/.",
            },
          ],
        },
      ],
    },
  },
  {
    // Tool configuration files must default-export their configuration.
    files: ["vitest.config.ts", "eslint.config.js"],
    rules: { "import-x/no-default-export": "off" },
  },
  prettier,
);

import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * `npm run codegen:client`: typed documents for `src/operations.graphql` over the public API schema
 * (`schema/api.graphql`, written by `npm run compose`), and the persisted-operations manifest
 * `src/generated/persisted-documents.json` (SHA-256 of each operation's text → the text). Paths are relative to the
 * repository root, where npm runs the script. The output is committed; test/examples checks it is current.
 */
export const config: CodegenConfig = {
  schema: "schema/api.graphql",
  documents: ["examples/typed-client/src/operations.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "examples/typed-client/src/generated/": {
      preset: "client",
      presetConfig: { persistedDocuments: true, fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // Money is an exact decimal string and dates are ISO strings on the wire.
        scalars: { Decimal: "string", Date: "string", DateTime: "string" },
      },
    },
  },
  hooks: { afterAllFileWrite: ["prettier --write"] },
};

// graphql-codegen's CLI reads a configuration file's default export.
// eslint-disable-next-line import-x/no-default-export
export default config;

import { readFileSync } from "node:fs";
import { generate } from "@graphql-codegen/cli";
import { format, resolveConfig } from "prettier";
import { describe, expect, it } from "vitest";
import { config } from "../../examples/typed-client/codegen.ts";
import { readPersistedOperations } from "../../gateway/src/safelist.ts";

const root = new URL("../../", import.meta.url);
const manifestPath = new URL("examples/typed-client/src/generated/persisted-documents.json", root).pathname;

describe("the typed client example's generated code", () => {
  it("is committed as graphql-codegen generates it from schema/api.graphql (run `npm run codegen:client`)", async () => {
    // Generated in memory (no files written, so no Prettier hook): formatted below as the hook formats them.
    const { hooks, ...withoutHooks } = config;
    void hooks;
    const files = (await generate({ ...withoutHooks, cwd: root.pathname, silent: true }, false)) as {
      filename: string;
      content: string;
    }[];
    expect(files.map((f) => f.filename).sort()).toEqual([
      "examples/typed-client/src/generated/gql.ts",
      "examples/typed-client/src/generated/graphql.ts",
      "examples/typed-client/src/generated/index.ts",
      "examples/typed-client/src/generated/persisted-documents.json",
    ]);
    for (const file of files) {
      const path = new URL(file.filename, root).pathname;
      const prettier = await resolveConfig(path);
      const expected = await format(file.content, { ...prettier, filepath: path });
      expect(readFileSync(path, "utf8"), path).toBe(expected);
    }
  });

  it("registers both views in a manifest the gateway accepts: each id is the SHA-256 of its text", () => {
    const manifest = readPersistedOperations(manifestPath);
    const names = [...manifest.values()].map((text) => /^query (\w+)/.exec(text)?.[1]).sort();
    expect(names).toEqual(["OperatorView", "RegionView"]);
  });
});

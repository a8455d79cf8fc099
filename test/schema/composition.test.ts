import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { composeSupergraph } from "../../schema/compose.ts";
import { SUPERGRAPH_FILE } from "../../schema/subgraphs.ts";

describe("the supergraph", () => {
  const composition = composeSupergraph();

  it("composes from the subgraphs' schema.graphql files without errors", () => {
    expect(composition.errors.map((e) => e.message)).toEqual([]);
  });

  it("produces no composition hint we have not read and accepted", () => {
    expect(composition.unacceptedHints.map((h) => `${h.definition.code}: ${h.message}`)).toEqual([]);
  });

  it("is committed as composed (run `npm run compose` after changing a subgraph's schema)", () => {
    const committed = readFileSync(SUPERGRAPH_FILE, "utf8");
    expect(committed.trimEnd()).toBe(composition.supergraphSdl?.trimEnd());
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { composeSupergraph, formatApiSdl } from "../../schema/compose.ts";
import { API_SCHEMA_FILE } from "../../schema/schema-check.ts";
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

  it("has its public API schema committed as composed in schema/api.graphql (run `npm run compose`)", async () => {
    expect(composition.apiSdl).toBeDefined();
    const committed = readFileSync(API_SCHEMA_FILE, "utf8");
    expect(committed).toBe(await formatApiSdl(composition.apiSdl ?? ""));
  });

  it("keeps federation machinery and hidden elements out of the public API schema", () => {
    const api = composition.apiSdl ?? "";
    expect(api).toContain("type Query");
    for (const internal of ["join__", "link__", "@inaccessible", "enforcementTargetRucs", "_entities"]) {
      expect(api).not.toContain(internal);
    }
  });
});

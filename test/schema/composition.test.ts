import { readFileSync } from "node:fs";
import { Kind, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { subgraphSdl } from "../../packages/kit/src/index.ts";
import { PILLARS } from "../../subgraphs/index.ts";
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
    for (const internal of ["join__", "link__", "@inaccessible", "_entities"]) {
      expect(api).not.toContain(internal);
    }
  });

  it("keeps out every field that is INTERNAL wherever it is declared (what pillars pass each other through @requires)", () => {
    const api = parse(composition.apiSdl ?? "");
    const publicFields = new Set(
      api.definitions.flatMap((definition) =>
        definition.kind === Kind.OBJECT_TYPE_DEFINITION
          ? (definition.fields ?? []).map((field) => `${definition.name.value}.${field.name.value}`)
          : [],
      ),
    );
    const access = new Map<string, boolean>(); // field → internal in every subgraph that declares it
    for (const pillar of PILLARS) {
      for (const definition of parse(subgraphSdl(pillar.schema)).definitions) {
        if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
        for (const field of definition.fields ?? []) {
          const internal = field.directives?.some(
            (directive) =>
              directive.name.value === "access" &&
              directive.arguments?.some(
                (argument) =>
                  argument.name.value === "read" &&
                  argument.value.kind === Kind.STRING &&
                  argument.value.value === "INTERNAL",
              ),
          );
          const name = `${definition.name.value}.${field.name.value}`;
          access.set(name, (access.get(name) ?? true) && Boolean(internal));
        }
      }
    }
    const internal = [...access].filter(([, onlyInternal]) => onlyInternal).map(([name]) => name);
    expect(internal).toContain("Region.liabilityResponsibleRucs");
    expect(internal.filter((name) => publicFields.has(name))).toEqual([]);
  });
});

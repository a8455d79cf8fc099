import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { composeSupergraph } from "../../schema/compose.ts";
import { undescribedElements } from "../../schema/descriptions.ts";

describe("descriptions in the public API schema", () => {
  it("describe every type, field, argument, enum value and input field", () => {
    const { apiSdl } = composeSupergraph();
    expect(apiSdl).toBeDefined();
    expect(undescribedElements(buildSchema(apiSdl ?? ""))).toEqual([]);
  });

  it("are required of each kind of element: the check names every one that lacks one", () => {
    const schema = buildSchema(`
      "Described."
      type Query {
        "Described."
        ok("Described." id: ID, bare: Int): Status
        plain: Filter
      }
      enum Status {
        "Described."
        ON
        OFF
      }
      type Filter {
        "Described."
        a: Int
      }
      input Range {
        from: Int
        "Described."
        to: Int
      }
      "Described."
      directive @tag(name: String) on FIELD_DEFINITION
      type Mutation {
        "Described."
        set(range: Range): Int
      }
    `);
    expect(undescribedElements(schema).sort()).toEqual(
      [
        "Query.ok(bare:)",
        "Query.plain",
        "Status",
        "Status.OFF",
        "Filter",
        "Range",
        "Range.from",
        "@tag(name:)",
        "Mutation",
        "Mutation.set(range:)",
      ].sort(),
    );
  });
});

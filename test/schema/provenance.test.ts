import { Kind, parse, type ObjectTypeDefinitionNode, type TypeNode } from "graphql";
import { describe, expect, it } from "vitest";
import { subgraphSdl } from "../../packages/kit/src/index.ts";
import { PILLARS } from "../../subgraphs/index.ts";

/**
 * Entities that are not records of a source: the region catalog (INEI's, the same in every pillar), an operator
 * (a RUC as the pillars see it, each pillar answering from its own records), the cross-pillar indicators (a
 * computation over other figures, with their `sources`) and the catalogue of datasets (the sources themselves).
 * Every other entity a pillar owns is a record some source wrote.
 */
const NOT_RECORDS = new Set(["Region", "Operator", "RegionIndicators", "DatasetCatalogue"]);

const printType = (type: TypeNode): string =>
  type.kind === Kind.NON_NULL_TYPE
    ? `${printType(type.type)}!`
    : type.kind === Kind.LIST_TYPE
      ? `[${printType(type.type)}]`
      : type.name.value;

function objectTypes(schema: URL): ObjectTypeDefinitionNode[] {
  return parse(subgraphSdl(schema)).definitions.filter(
    (definition): definition is ObjectTypeDefinitionNode => definition.kind === Kind.OBJECT_TYPE_DEFINITION,
  );
}

const fieldType = (type: ObjectTypeDefinitionNode, name: string) =>
  type.fields?.find((field) => field.name.value === name)?.type;

describe.each(PILLARS.map((pillar) => [pillar.name, pillar] as const))("the %s schema", (_, pillar) => {
  const types = objectTypes(pillar.schema);

  it("gives every record type it owns a provenance", () => {
    const records = types.filter(
      (type) =>
        !NOT_RECORDS.has(type.name.value) &&
        type.directives?.some(
          (directive) =>
            directive.name.value === "key" &&
            !directive.arguments?.some(
              (argument) =>
                argument.name.value === "resolvable" &&
                argument.value.kind === Kind.BOOLEAN &&
                !argument.value.value,
            ),
        ),
    );
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      const type = fieldType(record, "provenance");
      expect(type && printType(type), `${record.name.value}.provenance`).toBe("Provenance!");
    }
  });

  it("gives its region figures the sources they count", () => {
    const name = `Region${pillar.name[0]?.toUpperCase()}${pillar.name.slice(1)}`;
    const figures = types.find((type) => type.name.value === name);
    expect(figures, name).toBeDefined();
    const type = figures && fieldType(figures, "sources");
    expect(type && printType(type), `${name}.sources`).toBe("[SourceShare!]!");
  });
});

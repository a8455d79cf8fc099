import { readFileSync } from "node:fs";
import { Kind, parse, type ObjectTypeDefinitionNode, type TypeNode } from "graphql";
import { describe, expect, it } from "vitest";
import { subgraphSdl } from "../../packages/kit/src/index.ts";
import { API_SCHEMA_FILE } from "../../schema/schema-check.ts";
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

describe("the public API", () => {
  const api = parse(readFileSync(API_SCHEMA_FILE, "utf8")).definitions.filter(
    (definition): definition is ObjectTypeDefinitionNode => definition.kind === Kind.OBJECT_TYPE_DEFINITION,
  );

  it("gives every region figure, the cross-pillar indicators included, the sources it counts", () => {
    const figures = api.filter(
      (type) => /^Region[A-Z]/.test(type.name.value) && type.name.value !== "RegionLevel",
    );
    expect(figures.map((type) => type.name.value)).toEqual(
      expect.arrayContaining([
        "RegionIndicators",
        ...PILLARS.map((pillar) => `Region${pillar.name[0]?.toUpperCase()}${pillar.name.slice(1)}`),
      ]),
    );
    for (const figure of figures) {
      const type = fieldType(figure, "sources");
      expect(type && printType(type), `${figure.name.value}.sources`).toBe("[SourceShare!]!");
    }
  });

  it("answers every type with an id with its provenance or its sources, except the catalogue of sources itself", () => {
    const unsourced = api
      .filter(
        (type) => fieldType(type, "provenance") === undefined && fieldType(type, "sources") === undefined,
      )
      .filter((type) => fieldType(type, "id") !== undefined)
      .map((type) => type.name.value);
    // The only types with an id that are not records: the catalogue and the datasets it lists (the sources themselves).
    expect(unsourced.sort()).toEqual(["Dataset", "DatasetCatalogue"]);
  });
});

import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse, TypeInfo, visit, visitWithTypeInfo } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { formalization } from "../../subgraphs/formalization/pillar.ts";
import { pillarTypeDefs } from "../support/subgraph.ts";
import { viewers } from "../support/viewers.ts";
import { validRuc } from "./fixtures.ts";
import { useFormalization } from "./harness.ts";
import { COMPANY, PERSON, seedRecord, seedSubject } from "./trust-fixtures.ts";

const typeDefs = pillarTypeDefs(formalization);

const h = useFormalization();

/** An operator with an EXCLUDED record in Inambari, whom the eradication pillar reports as targeted. */
const EXCLUDED_RUC = validRuc("1048484848");

beforeAll(async () => {
  await seedSubject(h, PERSON);
  await seedSubject(h, COMPANY);
  await seedRecord(h, "REINFO-X0001", { ruc: EXCLUDED_RUC, minerName: "MAMANI APAZA LUIS" }, "EXCLUDED");
});

/** The records are registered today: the current year's indicators count them (the registry at its end). */
const YEAR = new Date().getUTCFullYear();

const REGION = /* GraphQL */ `
  query {
    region(ubigeo: "1701") {
      ubigeo
      name
      level
      parent {
        ubigeo
      }
      children {
        ubigeo
      }
      capital {
        name
        latitude
        longitude
        altitude
      }
      formalization {
        region {
          ubigeo
        }
        asOf
        partial
        from
        to
        series(granularity: QUARTER, period: { from: "${YEAR}-01-01", to: "${YEAR}-12-31" }) {
          asOf
          partial
          from
          to
          total
        }
        total
        active
        suspended
        excluded
        formalized
        formalizationRate
        sources {
          kind
          dataset
          source
          asOf
          records
        }
        children {
          region {
            ubigeo
          }
          total
          excluded
        }
      }
      indicators(period: { from: "${YEAR}-01-01", to: "${YEAR}-12-31" }) {
        id
        region {
          ubigeo
        }
        from
        to
        partial
        series(granularity: YEAR) {
          id
          partial
          activeRecords
        }
        activeRecords
        excludedRecords
        formalizationRate
        sources {
          kind
          dataset
          source
          asOf
          records
        }
      }
    }
    regions(level: PROVINCE, parent: "17") {
      ubigeo
      name
    }
  }
`;

const ENTITIES = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Region {
        ubigeo
        exclusionEvidence {
          excludedRecords
          excludedOperators
          operatorsTargetedAfterExclusion
          shareTargetedAfterExclusion
          excludedRecordsWithLocation
          recordsWithDegradationAfterExclusion
          shareWithDegradationAfterExclusion
          responsibleForLiabilities
          shareResponsibleForLiabilities
          targetedByEnforcement
          targetedOrResponsible
          targetedAndResponsible
          shareImplicated
        }
      }
      ... on DatasetCatalogue {
        id
      }
      ... on RegionIndicators {
        id
        activeRecords
        excludedRecords
        formalizationRate
      }
    }
  }
`;

/** Every `Type.field` a query selects, by the schema's types. */
function selectedFields(query: string): Set<string> {
  const schema = buildSubgraphSchema([{ typeDefs }]);
  const typeInfo = new TypeInfo(schema);
  const seen = new Set<string>();
  visit(
    parse(query),
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent) seen.add(`${parent.name}.${node.name.value}`);
      },
    }),
  );
  return seen;
}

describe("public figures", () => {
  it("give the public a region's REINFO figures and indicators, exactly as an admin sees them", async () => {
    const asPublic = await h.run(REGION, {}, viewers.public);
    expect(asPublic.errors).toBeUndefined();
    expect(asPublic).toEqual(await h.run(REGION, {}, viewers.admin));
    const region = asPublic.data?.region as Record<string, unknown>;
    expect(region).toMatchObject({
      ubigeo: "1701",
      name: "Tambopata",
      level: "PROVINCE",
      parent: { ubigeo: "17" },
      formalization: { total: 3, active: 2, suspended: 0, excluded: 1, formalized: 0, formalizationRate: 0 },
      indicators: { from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, activeRecords: 2, excludedRecords: 1 },
    });
    // The year holds today: its figures and the last point of their series are partial, never final.
    expect(region).toMatchObject({
      formalization: { partial: true, from: null, to: null },
      indicators: {
        partial: true,
        series: [{ id: `1701|${YEAR}-01-01|${YEAR}-12-31`, partial: true, activeRecords: 2 }],
      },
    });
    const quarters = (region.formalization as { series: { partial: boolean; total: number }[] }).series;
    expect(quarters.at(-1)).toMatchObject({ partial: true, total: 3 });
    expect((asPublic.data?.regions as unknown[]).length).toBe(3);
  });

  it("give the public Region and RegionIndicators entities, with the exclusion evidence", async () => {
    const indicators = await h.run(
      `{ region(ubigeo: "17") { indicators(period: { from: "${YEAR}-01-01", to: "${YEAR}-12-31" }) { id } } }`,
      {},
      viewers.public,
    );
    const id = (indicators.data?.region as { indicators: { id: string } }).indicators.id;
    const representations = [
      {
        __typename: "Region",
        ubigeo: "17",
        // Targeted on the day it was excluded (today): targeted, but not after the exclusion.
        enforcementTargets: [{ ruc: EXCLUDED_RUC, lastTargetedOn: new Date().toISOString().slice(0, 10) }],
        degradedAreaSightings: [],
        liabilityResponsibleRucs: [],
      },
      { __typename: "RegionIndicators", id },
      { __typename: "DatasetCatalogue", id: "hub" },
    ];
    const asPublic = await h.run(ENTITIES, { r: representations }, viewers.public);
    expect(asPublic).toEqual({
      data: {
        _entities: [
          {
            ubigeo: "17",
            exclusionEvidence: {
              excludedRecords: 1,
              excludedOperators: 1,
              operatorsTargetedAfterExclusion: 0,
              shareTargetedAfterExclusion: 0,
              excludedRecordsWithLocation: 1,
              recordsWithDegradationAfterExclusion: 0,
              shareWithDegradationAfterExclusion: 0,
              responsibleForLiabilities: 0,
              shareResponsibleForLiabilities: 0,
              targetedByEnforcement: 1,
              targetedOrResponsible: 1,
              targetedAndResponsible: 0,
              shareImplicated: 1,
            },
          },
          { id, activeRecords: 2, excludedRecords: 1, formalizationRate: 0 },
          { id: "hub" },
        ],
      },
    });
    expect(asPublic).toEqual(await h.run(ENTITIES, { r: representations }, viewers.admin));
  });

  it("are all reached by the two public tests above: every PUBLIC field a public viewer can get to", () => {
    const selected = new Set([...selectedFields(REGION), ...selectedFields(ENTITIES)]);
    // PageInfo, GeoPoint and Provenance are PUBLIC value types that only DETAIL fields lead to: the matrix
    // covers them. Dataset and DatasetRecords are reached here only through the INTERNAL
    // `formalizationDatasets` (the gateway's `datasets` query, which recovery answers and tests).
    const reachable = [...h.server.rules]
      .filter(
        ([key, rule]) =>
          rule.read === "PUBLIC" && !/^(PageInfo|GeoPoint|Provenance|Dataset|DatasetRecords)\./.test(key),
      )
      .map(([key]) => key);
    expect(reachable.filter((key) => !selected.has(key))).toEqual([]);
  });
});

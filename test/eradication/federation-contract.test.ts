import { beforeAll, describe, expect, it } from "vitest";
import { sumSources } from "../../packages/kit/src/index.ts";
import {
  DEMO_AS_OF,
  DEMO_DATASET,
  ERADICATION_AGENCY,
  REPORTED_DATASET,
} from "../../subgraphs/eradication/src/provenance.ts";
import { viewers } from "../support/viewers.ts";
import {
  claim,
  office,
  outpost,
  recordSamples,
  RECORD_CLAIM,
  UPDATE_CASELOAD,
  type Sample,
} from "./fixtures.ts";
import { useEradication } from "./harness.ts";

// What the other pillars read from this one through the gateway (issue 13's contract): the indicators' sources,
// which formalization merges into `RegionIndicators.sources`, and this pillar's part of the dataset catalogue,
// which recovery merges into `DatasetCatalogue.items`.

const h = useEradication();
let samples: Sample[] = [];
const today = new Date().toISOString().slice(0, 10);
const demoDay = DEMO_AS_OF.toISOString().slice(0, 10);

beforeAll(async () => {
  samples = await recordSamples(h.run);
  await h.server.models.Outpost.collection.insertMany([
    outpost("SO-PATAZ-SHICUN", "Shicún", "130809"),
    outpost("SO-PATAZ-PAMPARACRA", "Pamparacra", "130808"),
  ]);
  await h.server.models.Office.collection.insertMany([
    office("FEMA-17-01", "170101", 7, 1400),
    office("FEMA-17-02", "170102", 3, 450),
  ]);
  const report = await h.run(UPDATE_CASELOAD, {
    input: {
      officeId: "FEMA-17-01",
      prosecutors: 7,
      openCases: 1390,
      closedCases: 1010,
      reportedOn: "2025-07-31",
    },
    key: "contract-caseload-0001",
  });
  if (report.errors) throw new Error(JSON.stringify(report.errors));
  for (const [i, reportedBy] of ["Autoridad A", "Autoridad A", "Autoridad B"].entries()) {
    const claimed = await h.run(RECORD_CLAIM, {
      input: claim({ reportedBy, reportedOn: `2025-04-0${i + 2}` }),
      key: `contract-claim-000${i}`,
    });
    if (claimed.errors) throw new Error(JSON.stringify(claimed.errors));
  }
});

const INDICATORS = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on RegionIndicators {
        id
        operationsPerThousandActiveRecords
        valueSeizedPerActiveRecord
        SOURCES
      }
    }
  }
`;

describe("RegionIndicators.eradicationSources", () => {
  const periods = [
    ["17", "2025-01-01", "2025-12-31"],
    ["1701", "2025-01-15", "2025-05-10"],
    ["13", "2025-03-01", "2025-03-31"],
  ] as const;
  const representations = periods.map(([ubigeo, from, to]) => ({
    __typename: "RegionIndicators",
    id: `${ubigeo}|${from}|${to}`,
    activeRecords: 250,
  }));

  it("lists the datasets of the operations the ratios count, from the same counters, at no extra command", async () => {
    h.mongo.resetStats();
    const without = await h.ok<{ _entities: Record<string, unknown>[] }>(INDICATORS.replace("SOURCES", ""), {
      r: representations,
    });
    const commands = h.allCommands();
    h.mongo.resetStats();
    const withSources = await h.ok<{
      _entities: {
        eradicationSources: {
          kind: string;
          dataset: string | null;
          source: string;
          asOf: string;
          records: number;
        }[];
      }[];
    }>(INDICATORS.replace("SOURCES", "eradicationSources { kind dataset source asOf records }"), {
      r: representations,
    });
    expect(h.allCommands()).toEqual(commands);
    for (const [i, [ubigeo, from, to]] of periods.entries()) {
      const counted = samples.filter((s) => s.ubigeo.startsWith(ubigeo) && s.date >= from && s.date <= to);
      expect(counted.length, ubigeo).toBeGreaterThan(0);
      expect(withSources._entities[i]?.eradicationSources).toEqual([
        { kind: "ENTERED", dataset: null, source: ERADICATION_AGENCY, asOf: today, records: counted.length },
      ]);
      expect(without._entities[i]?.["operationsPerThousandActiveRecords"]).toBeCloseTo(
        (counted.length * 1000) / 250,
      );
    }
  });

  it("is empty where the ratios count no operation", async () => {
    const data = await h.ok<{ _entities: { eradicationSources: unknown[] }[] }>(
      INDICATORS.replace("SOURCES", "eradicationSources { records }"),
      { r: [{ __typename: "RegionIndicators", id: "17|2024-01-01|2024-12-31", activeRecords: 10 }] },
    );
    expect(data._entities[0]?.eradicationSources).toEqual([]);
  });
});

const CATALOGUE = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on DatasetCatalogue {
        id
        eradicationDatasets {
          id
          title
          kind
          publisher
          issued
          modified
          licence
          landingPage
          note
          records {
            pillar
            entity
            records
          }
          totalRecords
        }
      }
    }
  }
`;

describe("DatasetCatalogue.eradicationDatasets", () => {
  it("lists every dataset behind this pillar's records, with its records by kind of record, one aggregation each", async () => {
    h.mongo.resetStats();
    const data = await h.ok<{ _entities: { id: string; eradicationDatasets: Record<string, unknown>[] }[] }>(
      CATALOGUE,
      { r: [{ __typename: "DatasetCatalogue", id: "hub" }] },
    );
    expect(h.allCommands()).toEqual({
      enforcement_operations: { aggregate: 1 },
      security_outposts: { aggregate: 1 },
      prosecutor_offices: { aggregate: 2 },
      reported_figures: { aggregate: 1 },
    });
    const [catalogue] = data._entities;
    expect(catalogue?.id).toBe("hub");
    const byTitle = new Map(catalogue?.eradicationDatasets.map((d) => [d.title, d]));
    expect(byTitle.get(`Entries by ${ERADICATION_AGENCY}`)).toMatchObject({
      kind: "ENTERED",
      publisher: ERADICATION_AGENCY,
      issued: today,
      modified: today,
      records: [
        { pillar: "eradication", entity: "EnforcementOperation", records: samples.length },
        { pillar: "eradication", entity: "CaseloadReport", records: 1 },
      ],
      totalRecords: samples.length + 1,
    });
    expect(byTitle.get(DEMO_DATASET)).toMatchObject({
      kind: "SYNTHETIC",
      issued: demoDay,
      modified: demoDay,
      records: [
        { pillar: "eradication", entity: "CaseloadReport", records: 2 },
        { pillar: "eradication", entity: "ProsecutorOffice", records: 2 },
        { pillar: "eradication", entity: "SecurityOutpost", records: 2 },
      ],
      totalRecords: 6,
    });
    // Claims: one dataset per claimant, spanning the days of its claims.
    const claims = catalogue?.eradicationDatasets.filter((d) => d["kind"] === "REPORTED");
    expect(
      claims?.map((d) => [d["title"], d["publisher"], d["issued"], d["modified"], d["totalRecords"]]),
    ).toEqual([
      [REPORTED_DATASET, "Autoridad A", "2025-04-02", "2025-04-03", 2],
      [REPORTED_DATASET, "Autoridad B", "2025-04-04", "2025-04-04", 1],
    ]);
    expect(catalogue?.eradicationDatasets).toHaveLength(4);
    // The records per dataset add up to every record this pillar holds.
    const total = catalogue?.eradicationDatasets.reduce((sum, d) => sum + (d["totalRecords"] as number), 0);
    expect(total).toBe(samples.length + 1 + 2 + 2 + 2 + 3);
  });

  it("is only for the gateway's @requires: the field is INTERNAL, the catalogue's identity public", async () => {
    const result = await h.run(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on DatasetCatalogue { id } } }`,
      { r: [{ __typename: "DatasetCatalogue", id: "hub" }] },
      viewers.public,
    );
    expect(result).toEqual({ data: { _entities: [{ id: "hub" }] } });
  });
});

describe("the counters' sources", () => {
  it("add up, over the departments, to every operation recorded", async () => {
    const stats = await h.server.models.RegionStats.find({ ubigeo: { $regex: /^\d{2}$/ } }).lean();
    expect(sumSources(stats.map((s) => s.sources)).map((s) => s.records)).toEqual([samples.length]);
  });
});

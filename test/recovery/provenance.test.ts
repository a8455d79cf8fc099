import { beforeAll, describe, expect, it } from "vitest";
import { viewers } from "../support/viewers.ts";
import {
  ASSESS_RISK,
  RECORD_MEASUREMENT,
  RECORD_PROGRESS,
  REGISTER_AREA,
  REGISTER_PROJECT,
  TEST_EXTRACT,
  area,
  liability,
  loadLiabilities,
  project,
} from "./fixtures.ts";
import { ENTRIES_NOTE, enteredNote } from "../../packages/kit/src/index.ts";
import { useRecovery } from "./harness.ts";

const h = useRecovery();
const editor = viewers.editor("recovery");
const TODAY = new Date().toISOString().slice(0, 10);
const ENTERED = {
  kind: "ENTERED",
  dataset: null,
  source: "MINAM (Ministerio del Ambiente)",
  url: null,
  asOf: TODAY,
  licence: null,
  note: enteredNote("MINAM (Ministerio del Ambiente)"),
};
const PROVENANCE = "provenance { kind dataset source url asOf licence note }";

beforeAll(async () => {
  for (const [i, [ubigeo, hectares, detectedOn]] of (
    [
      ["170102", 10, "2025-01-15"],
      ["170102", 20, "2025-03-20"],
      ["211002", 15, "2025-06-01"],
    ] as const
  ).entries()) {
    const result = await h.run(
      REGISTER_AREA,
      {
        input: area({ ubigeo, hectares, detectedOn, geometry: null, miningCorridor: null }),
        key: `key-provenance-area-${i}`,
      },
      editor,
    );
    expect(result.errors).toBeUndefined();
  }
  const registered = await h.run(
    REGISTER_PROJECT,
    {
      input: project({ ubigeo: "1701", degradedAreaIds: ["DA-0000001", "DA-0000002"], hectaresPlanned: 25 }),
      key: "key-provenance-project",
    },
    editor,
  );
  expect(registered.errors).toBeUndefined();
  const reported = await h.run(
    RECORD_PROGRESS,
    {
      input: {
        projectId: "RP-0001",
        date: "2025-04-10",
        status: "IN_PROGRESS",
        areas: [
          { degradedAreaId: "DA-0000001", hectares: 4 },
          { degradedAreaId: "DA-0000002", hectares: 6 },
        ],
      },
      key: "key-provenance-progress",
    },
    editor,
  );
  expect(reported.errors).toBeUndefined();
  const measured = await h.run(
    RECORD_MEASUREMENT,
    {
      input: {
        projectId: "RP-0001",
        parameter: "MERCURY_IN_WATER",
        value: 0.002,
        measuredOn: "2025-04-11",
        station: "EM-01",
        ubigeo: "170102",
      },
      key: "key-provenance-measurement",
    },
    editor,
  );
  expect(measured.errors).toBeUndefined();
  await loadLiabilities(
    h.server.models,
    [1, 2, 3].map((n) => liability(n, { ID_DIST: "170102" })),
  );
  const assessed = await h.run(
    ASSESS_RISK,
    {
      input: { liabilityId: "1001", riskLevel: "HIGH", study: "Estudio de riesgo", assessedOn: "2025-05-02" },
      key: "key-provenance-risk",
    },
    editor,
  );
  expect(assessed.errors).toBeUndefined();
});

describe("provenance of records written through the API", () => {
  it("is ENTERED by MINAM's editor, as of the day it was written, on every record a mutation writes", async () => {
    const result = await h.run(`{
      degradedArea(id: "DA-0000001") { ${PROVENANCE} }
      restorationProject(id: "RP-0001") {
        ${PROVENANCE}
        progress { ${PROVENANCE} }
        measurements { ${PROVENANCE} }
      }
      miningLiability(id: "1001") { riskHistory { ${PROVENANCE} } }
    }`);
    expect(result.errors).toBeUndefined();
    const data = result.data as {
      degradedArea: { provenance: unknown };
      restorationProject: {
        provenance: unknown;
        progress: { provenance: unknown }[];
        measurements: { provenance: unknown }[];
      };
      miningLiability: { riskHistory: { provenance: unknown }[] };
    };
    expect(data.degradedArea.provenance).toEqual(ENTERED);
    expect(data.restorationProject.provenance).toEqual(ENTERED);
    expect(data.restorationProject.progress.map((p) => p.provenance)).toEqual([ENTERED]);
    expect(data.restorationProject.measurements.map((m) => m.provenance)).toEqual([ENTERED]);
    expect(data.miningLiability.riskHistory.map((r) => r.provenance)).toEqual([ENTERED]);
  });

  it("never shows a public viewer who wrote a record, in the records or the catalogue; staff read it in recordedBy", async () => {
    const everything = `{
      degradedArea(id: "DA-0000001") { id ${PROVENANCE} }
      restorationProject(id: "RP-0001") {
        id ${PROVENANCE}
        progress { recordedBy ${PROVENANCE} }
        measurements { ${PROVENANCE} }
      }
      miningLiability(id: "1001") { riskHistory { recordedBy ${PROVENANCE} } }
      datasets { items { ${DATASET} } }
    }`;
    const seen = await h.run(everything, {}, viewers.public);
    // Only what the viewer may not read is refused: the query itself is answered.
    expect(seen.errors?.filter((e) => e.extensions?.code !== "FORBIDDEN") ?? []).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain(editor.id);
    const items = (seen.data?.datasets as { items: DatasetAnswer[] }).items;
    expect(items.filter((d) => d.kind === "ENTERED").map((d) => d.note)).toEqual([ENTRIES_NOTE]);

    const staff = await h.ok<{
      restorationProject: { progress: { recordedBy: string; provenance: { note: string } }[] };
      miningLiability: { riskHistory: { recordedBy: string }[] };
    }>(everything, {}, viewers.analyst);
    expect(staff.restorationProject.progress).toEqual([{ recordedBy: editor.id, provenance: ENTERED }]);
    expect(staff.miningLiability.riskHistory.map((r) => r.recordedBy)).toEqual([editor.id]);
  });

  it("keeps an imported liability's own provenance (OFFICIAL, the file's name and date) after an assessment", async () => {
    const result = await h.run(`{ miningLiability(id: "1001") { ${PROVENANCE} } }`);
    expect(result.errors).toBeUndefined();
    expect((result.data?.miningLiability as { provenance: unknown }).provenance).toEqual({
      kind: "OFFICIAL",
      dataset: TEST_EXTRACT.dataset,
      source: TEST_EXTRACT.source,
      url: null,
      asOf: "2025-10-15",
      licence: null,
      note: null,
    });
  });

  it("cannot be set by a client: provenance is no input field, and a refused write changes nothing", async () => {
    const before = await h.domainDigest();
    const smuggled = await h.run(
      REGISTER_AREA,
      { input: { ...area(), provenance: { kind: "OFFICIAL" } }, key: "key-provenance-smuggled" },
      editor,
    );
    expect(smuggled.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const refused = await h.run(
      REGISTER_AREA,
      { input: area({ hectares: 1.234 }), key: "key-provenance-refused" },
      editor,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(refused.errors?.[0]?.extensions?.field).toBe("input.hectares");
    expect(await h.domainDigest()).toBe(before);
  });
});

const SOURCES = "sources { kind dataset source asOf records }";
const entered = (records: number) => ({
  kind: "ENTERED",
  dataset: null,
  source: "MINAM (Ministerio del Ambiente)",
  asOf: TODAY,
  records,
});
const official = (records: number) => ({
  kind: "OFFICIAL",
  dataset: TEST_EXTRACT.dataset,
  source: TEST_EXTRACT.source,
  asOf: "2025-10-15",
  records,
});

async function recovery(period: string, selection: string, ubigeo = "17"): Promise<Record<string, unknown>> {
  const result = await h.run(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { recovery(period: ${period}) { ${selection} } } } }`,
    { r: [{ __typename: "Region", ubigeo }] },
  );
  expect(result.errors).toBeUndefined();
  return (result.data?._entities as { recovery: Record<string, unknown> }[])[0]?.recovery ?? {};
}

describe("RegionRecovery.sources", () => {
  it("counts every record behind the figures by dataset: areas, report rows, projects in progress, liabilities", async () => {
    const figures = await recovery(`{ from: "2025-01-01", to: "2025-12-31" }`, SOURCES);
    // Madre de Dios: 2 areas + 2 report rows + 1 active project entered; 3 liabilities from the extract.
    expect(figures.sources).toEqual([entered(5), official(3)]);
    const puno = await recovery(`{ from: "2025-01-01", to: "2025-12-31" }`, SOURCES, "21");
    expect(puno.sources).toEqual([entered(1)]);
  });

  it("is exact for a period that cuts months (the edges are counted from the records)", async () => {
    // 2025-03-15 to 2025-04-05: the area of 20 March and the project in progress; the report of 10 April falls
    // outside. Largest first.
    const figures = await recovery(
      `{ from: "2025-03-15", to: "2025-04-05" }`,
      `degradedAreasDetected ${SOURCES}`,
    );
    expect(figures.degradedAreasDetected).toBe(1);
    expect(figures.sources).toEqual([official(3), entered(2)]);
  });

  it("costs the same database commands as the figures alone, for whole months and for cut months", async () => {
    const FIGURES = "hectaresDegraded hectaresRestored activeRestorationProjects liabilities { total }";
    for (const period of [
      `{ from: "2025-01-01", to: "2025-12-31" }`,
      `{ from: "2025-03-15", to: "2025-04-05" }`,
    ]) {
      h.mongo.resetStats();
      await recovery(period, FIGURES);
      const alone = h.allCommands();
      h.mongo.resetStats();
      await recovery(period, `${FIGURES} ${SOURCES}`);
      expect(h.allCommands()).toEqual(alone);
    }
  });
});

async function indicators(id: string, selection: string): Promise<Record<string, unknown>> {
  const result = await h.run(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on RegionIndicators { ${selection} } } }`,
    { r: [{ __typename: "RegionIndicators", id }] },
  );
  expect(result.errors).toBeUndefined();
  return (result.data?._entities as Record<string, unknown>[])[0] ?? {};
}

describe("RegionIndicators.recoverySources", () => {
  const RECOVERY_SOURCES = "recoverySources { kind dataset source asOf records }";

  it("counts the records behind the numerators only: areas detected and report rows restoring in the period", async () => {
    // Madre de Dios 2025: 2 areas and 2 report rows, all entered; the liabilities and the project in progress,
    // which `RegionRecovery.sources` counts, are in no numerator.
    const year = await indicators("17|2025-01-01|2025-12-31", RECOVERY_SOURCES);
    expect(year.recoverySources).toEqual([entered(4)]);
    expect((await indicators("21|2025-01-01|2025-12-31", RECOVERY_SOURCES)).recoverySources).toEqual([
      entered(1),
    ]);
    // A period that cuts months: only the area of 20 March; a year with nothing: no dataset.
    const cut = await indicators("17|2025-03-15|2025-04-05", RECOVERY_SOURCES);
    expect(cut.recoverySources).toEqual([entered(1)]);
    expect((await indicators("17|2024-01-01|2024-12-31", RECOVERY_SOURCES)).recoverySources).toEqual([]);
  });

  it("costs the same database commands as the ratios alone", async () => {
    for (const id of ["17|2025-01-01|2025-12-31", "17|2025-03-15|2025-04-05"]) {
      h.mongo.resetStats();
      await indicators(id, "restoredPerDegradedHectare");
      const alone = h.allCommands();
      expect(Object.keys(alone).length).toBeGreaterThan(0);
      h.mongo.resetStats();
      await indicators(id, `restoredPerDegradedHectare ${RECOVERY_SOURCES}`);
      expect(h.allCommands()).toEqual(alone);
    }
  });
});

const DATASET = `id title kind publisher issued modified licence landingPage note
  records { pillar entity records } totalRecords`;

interface DatasetAnswer {
  id: string;
  title: string;
  kind: string;
  issued: string;
  modified: string;
  note: string | null;
  records: { pillar: string; entity: string; records: number }[];
  totalRecords: number;
}

/** Another pillar's part of the catalogue as the gateway brings it (dates as texts). */
function part(
  pillar: string,
  entity: string,
  kind: string,
  publisher: string,
  dataset: string,
  records: number,
) {
  return {
    id: `${kind}|${publisher}|${dataset}`,
    title: dataset,
    kind,
    publisher,
    issued: "2024-01-31",
    modified: "2025-06-30",
    licence: null,
    landingPage: null,
    note: null as string | null,
    records: [{ pillar, entity, records }],
    totalRecords: records,
  };
}

describe("Query.datasets (the catalogue)", () => {
  const enteredDataset = {
    id: "ENTERED|MINAM (Ministerio del Ambiente)|",
    title: "Entries by MINAM (Ministerio del Ambiente)",
    kind: "ENTERED",
    publisher: "MINAM (Ministerio del Ambiente)",
    issued: TODAY,
    modified: TODAY,
    licence: null,
    landingPage: null,
    // Not the note of one of its records, which names an editor: the catalogue is public.
    note: ENTRIES_NOTE,
    records: [
      { pillar: "recovery", entity: "DegradedArea", records: 3 },
      { pillar: "recovery", entity: "MonitoringMeasurement", records: 1 },
      { pillar: "recovery", entity: "RestorationProgress", records: 1 },
      { pillar: "recovery", entity: "RestorationProject", records: 1 },
      { pillar: "recovery", entity: "RiskAssessment", records: 1 },
    ],
    totalRecords: 7,
  };
  const extractDataset = {
    id: `OFFICIAL|MINEM (DGAAM)|${TEST_EXTRACT.dataset}`,
    title: TEST_EXTRACT.dataset,
    kind: "OFFICIAL",
    publisher: "MINEM (DGAAM)",
    issued: "2025-10-15",
    modified: "2025-10-15",
    licence: null,
    landingPage: null,
    note: null,
    records: [{ pillar: "recovery", entity: "MiningLiability", records: 3 }],
    totalRecords: 3,
  };

  it("lists this pillar's datasets with their records by kind of record, embedded records included, for the public", async () => {
    const result = await h.run(`{ datasets { id items { ${DATASET} } totalRecords } }`, {}, viewers.public);
    expect(result.errors).toBeUndefined();
    expect(result.data?.datasets).toEqual({
      id: "hub",
      items: [enteredDataset, extractDataset],
      totalRecords: 10,
    });
  });

  it("merges the other pillars' parts the gateway brings: one entry per dataset, records per pillar, kinds filtered", async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on DatasetCatalogue {
      all: items { ${DATASET} } official: items(kind: OFFICIAL) { id totalRecords }
      synthetic: items(kind: SYNTHETIC) { id } totalRecords officialRecords: totalRecords(kind: OFFICIAL)
    } } }`;
    const representation = {
      __typename: "DatasetCatalogue",
      id: "hub",
      // The same extract named by another pillar's records (a shared dataset), and two datasets of their own.
      formalizationDatasets: [
        part("formalization", "ReinfoRecord", "OFFICIAL", "MINEM (DGAAM)", TEST_EXTRACT.dataset ?? "", 5),
      ],
      eradicationDatasets: [
        part("eradication", "EnforcementOperation", "ENTERED", "PCM Alto Comisionado", "", 2),
      ],
      livelihoodsDatasets: [],
    };
    representation.eradicationDatasets[0]!.title = "Entries by PCM Alto Comisionado";
    // As the kit describes every pillar's entries: the dataset as a whole, never one record's note.
    representation.eradicationDatasets[0]!.note = ENTRIES_NOTE;
    h.mongo.resetStats();
    const result = await h.run(query, {
      r: [representation, { __typename: "DatasetCatalogue", id: "other" }],
    });
    expect(result.errors).toBeUndefined();
    const [catalogue, unknown] = result.data?._entities as [Record<string, unknown>, unknown];
    expect(unknown).toBeNull();
    const all = catalogue.all as DatasetAnswer[];
    expect(all.map((d) => [d.id, d.totalRecords])).toEqual([
      [extractDataset.id, 8],
      [enteredDataset.id, 7],
      ["ENTERED|PCM Alto Comisionado|", 2],
    ]);
    expect(all.filter((d) => d.kind === "ENTERED").map((d) => d.note)).toEqual([ENTRIES_NOTE, ENTRIES_NOTE]);
    expect(all[0]).toMatchObject({
      issued: "2024-01-31",
      modified: "2025-10-15",
      records: [
        { pillar: "formalization", entity: "ReinfoRecord", records: 5 },
        { pillar: "recovery", entity: "MiningLiability", records: 3 },
      ],
    });
    expect(catalogue.official).toEqual([{ id: extractDataset.id, totalRecords: 8 }]);
    expect(catalogue.synthetic).toEqual([]);
    expect(catalogue.totalRecords).toBe(17);
    expect(catalogue.officialRecords).toBe(8);
    // This pillar's part is read once for all five fields: one aggregation per kind of record.
    expect(h.allCommands()).toEqual({
      degraded_areas: { aggregate: 1 },
      mining_liabilities: { aggregate: 2 },
      restoration_projects: { aggregate: 2 },
      monitoring_measurements: { aggregate: 1 },
    });
  });
});

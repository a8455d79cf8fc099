import { beforeAll, describe, expect, it } from "vitest";
import { enteredNote, ENTRIES_NOTE } from "../../packages/kit/src/index.ts";
import { prepare } from "../../subgraphs/eradication/src/subgraph.ts";
import {
  DEMO_AS_OF,
  DEMO_DATASET,
  demoProvenance,
  ERADICATION_AGENCY,
  MODELLED_ON,
  REPORTED_DATASET,
} from "../../subgraphs/eradication/src/provenance.ts";
import { queryRegions } from "../support/region-entity.ts";
import { viewers } from "../support/viewers.ts";
import { claim, operation, RECORD, RECORD_CLAIM, UPDATE_CASELOAD } from "./fixtures.ts";
import { useEradication } from "./harness.ts";

const h = useEradication();

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

/** An operation as versions before provenance stored it: no `provenance`. */
function oldOperation(id: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    id,
    name: null,
    date: day("2025-03-10"),
    department: "17",
    province: "1701",
    district: "170102",
    agencies: ["PNP_DIRECTORATE_ENVIRONMENT"],
    type: "INTERDICTION",
    legalBasis: "DL 1100",
    targetRucs: [],
    results: [{ item: "ENGINE", action: "DESTROYED", quantity: 2, unit: "UNITS", cents: 3_000_000 }],
    totalCents: 3_000_000,
    arrests: 1,
    source: { kind: "PCM_REPORT", reference: "PCM — reporte semanal", url: null },
    recordedBy: "seed:pcm-interdiction-reports",
    recordedAt: day("2025-03-12"),
    ...fields,
  };
}

const SEEDED = { kind: "SYNTHETIC", dataset: DEMO_DATASET, source: "Tinkuy demo-data generator" };

/** What the first provenance version wrote on an editor's record: the editor's id in the public note. */
const named = (date: string, editor: string, url: string | null = null) => ({
  kind: "ENTERED",
  dataset: null,
  source: ERADICATION_AGENCY,
  url,
  asOf: day(date),
  licence: null,
  note: `entered through the API by ${editor}`,
});

const CLAIM_NOTE = "entered from the agency's press release";

beforeAll(async () => {
  const db = h.connection;
  await db.collection("enforcement_operations").insertMany([
    oldOperation("EO-2025-00001", {}),
    oldOperation("EO-2025-00003", {
      source: {
        kind: "PRESS_RELEASE",
        reference: "DICAPI: 49 balsas carrancheras, según TV Perú",
        url: null,
      },
    }),
    oldOperation("EO-2025-00002", {
      name: "Choque Amaru",
      district: "130809",
      province: "1308",
      department: "13",
    }),
    oldOperation("EO-2025-ABCDEFGHIJ", {
      recordedBy: "editor-eradication-1",
      recordedAt: new Date("2025-03-14T22:30:00.000Z"),
      source: { kind: "PRESS_RELEASE", reference: "Nota de prensa", url: "https://www.gob.pe/example" },
      idempotencyKey: "key-old-editor-1",
      requestHash: "abc",
    }),
    // Stored by the first provenance version (its counters had sources already: same region and month as a
    // seeded one, so the figures below stay those of region 17).
    oldOperation("EO-2025-OLDNOTE001", {
      name: "Operación antigua",
      district: "130809",
      province: "1308",
      department: "13",
      recordedBy: "editor-eradication-4",
      recordedAt: new Date("2025-03-15T22:30:00.000Z"),
      source: { kind: "PRESS_RELEASE", reference: "Nota de prensa", url: "https://www.gob.pe/example" },
      provenance: named("2025-03-15", "editor-eradication-4", "https://www.gob.pe/example"),
      idempotencyKey: "key-old-note-1",
      requestHash: "abc",
    }),
  ]);
  // Counters as the old version kept them: figures, no `sources`.
  await db.collection<{ _id: string }>("region_stats").insertMany(
    ["17", "1701", "170102"].map((ubigeo) => ({
      _id: `${ubigeo}|2025-03`,
      ubigeo,
      month: "2025-03",
      operations: 2,
      arrests: 2,
      destroyedCents: 6_000_000,
      seizedCents: 0,
      items: { "ENGINE|DESTROYED|UNITS": { milli: 4_000, cents: 6_000_000 } },
    })),
  );
  await db.collection("security_outposts").insertOne({
    id: "SO-PATAZ-SHICUN",
    name: "Shicún",
    department: "13",
    province: "1308",
    district: "130809",
    openedOn: day("2025-05-20"),
    status: "OPERATIONAL",
    staffing: 60,
    agencies: ["ARMED_FORCES_CUPAZ"],
    legalBasis: "DS 060-2025-PCM",
  });
  const report = (reportedOn: string, closedCases: number, recordedBy: string, provenance?: unknown) => ({
    reportedOn: day(reportedOn),
    prosecutors: 3,
    openCases: 400,
    closedCases,
    recordedBy,
    ...(provenance ? { provenance } : {}),
  });
  await db.collection("prosecutor_offices").insertOne({
    id: "FEMA-17-01",
    name: "Fiscalía Provincial Especializada en Materia Ambiental de Puerto Maldonado",
    department: "17",
    province: "1701",
    district: "170101",
    prosecutors: 3,
    openCases: 400,
    closedCases: 920,
    reportedOn: day("2026-02-15"),
    history: [
      report("2025-06-30", 800, "seed:pcm-interdiction-reports"),
      report("2026-01-15", 900, "editor-eradication-2"),
      report("2026-02-15", 920, "editor-eradication-5", named("2026-02-15", "editor-eradication-5")),
    ],
  });
  await db.collection("reported_figures").insertOne({
    id: "RF-2025-OLDNOTE001",
    claim: "En la última semana se realizaron 30 operaciones contra la minería ilegal en Madre de Dios.",
    measure: "OPERATIONS",
    qualifier: "EXACT",
    hundredths: 3_000,
    from: day("2025-03-01"),
    to: day("2025-03-31"),
    region: "17",
    department: "17",
    province: null,
    reportedBy: "Autoridad de prueba",
    reportedOn: day("2025-04-02"),
    url: null,
    verification: "UNVERIFIED",
    verificationNote: null,
    verifiedOn: day("2025-04-03"),
    verificationHistory: [],
    recordedBy: "editor-eradication-3",
    recordedAt: new Date("2025-04-03T15:00:00.000Z"),
    provenance: {
      kind: "REPORTED",
      dataset: REPORTED_DATASET,
      source: "Autoridad de prueba",
      url: null,
      asOf: day("2025-04-02"),
      licence: null,
      note: `entered by editor-eradication-3 (${ERADICATION_AGENCY}) through the API; ${CLAIM_NOTE}`,
    },
    idempotencyKey: "key-old-note-2",
    requestHash: "def",
  });
  await prepare(h.server);
});

describe("provenance for data stored before it existed", () => {
  it("marks seeded operations SYNTHETIC, modelled on PCM's totals or on the named operations", async () => {
    const plain = await h.connection.collection("enforcement_operations").findOne({ id: "EO-2025-00001" });
    const named = await h.connection.collection("enforcement_operations").findOne({ id: "EO-2025-00002" });
    expect(plain?.provenance).toEqual({
      ...SEEDED,
      url: null,
      asOf: DEMO_AS_OF,
      licence: null,
      note: `synthetic, modelled on ${MODELLED_ON.operation}`,
    });
    const dicapi = await h.connection.collection("enforcement_operations").findOne({ id: "EO-2025-00003" });
    expect(dicapi?.provenance).toMatchObject({
      note: `synthetic, modelled on ${MODELLED_ON.namedOperation}`,
    });
    expect(named?.provenance).toMatchObject({
      ...SEEDED,
      note: `synthetic, modelled on ${MODELLED_ON.namedOperation}`,
    });
  });

  it("marks an operation recorded through the API ENTERED by the pillar's agency, as of the day it was recorded", async () => {
    const entered = await h.connection
      .collection("enforcement_operations")
      .findOne({ id: "EO-2025-ABCDEFGHIJ" });
    expect(entered?.provenance).toEqual({
      kind: "ENTERED",
      dataset: null,
      source: ERADICATION_AGENCY,
      url: "https://www.gob.pe/example",
      asOf: day("2025-03-14"),
      licence: null,
      note: enteredNote(ERADICATION_AGENCY),
    });
  });

  it("marks outposts and offices SYNTHETIC, and each caseload report by who recorded it", async () => {
    const outpost = await h.connection.collection("security_outposts").findOne({ id: "SO-PATAZ-SHICUN" });
    expect(outpost?.provenance).toMatchObject({
      ...SEEDED,
      note: `synthetic, modelled on ${MODELLED_ON.outpost}`,
    });
    const office = await h.connection.collection("prosecutor_offices").findOne({ id: "FEMA-17-01" });
    expect(office?.provenance).toMatchObject({
      ...SEEDED,
      note: `synthetic, modelled on ${MODELLED_ON.office}`,
    });
    const [seeded, entered] = office?.history as { provenance: Record<string, unknown> }[];
    expect(office?.history).toHaveLength(3);
    expect(seeded?.provenance).toMatchObject(SEEDED);
    expect(entered?.provenance).toMatchObject({
      kind: "ENTERED",
      source: ERADICATION_AGENCY,
      asOf: day("2026-01-15"),
      note: enteredNote(ERADICATION_AGENCY),
    });
  });

  it("rebuilds the counters that lacked sources, from the operations themselves", async () => {
    const counters = await h.connection.collection("region_stats").find({}).toArray();
    expect(counters.map((c) => String(c._id)).sort()).toEqual(
      ["13|2025-03", "1308|2025-03", "130809|2025-03", "17|2025-03", "1701|2025-03", "170102|2025-03"].sort(),
    );
    for (const counter of counters) expect(counter.sources).toBeDefined();
    const result = await queryRegions(
      h.run,
      "17",
      'eradication(period: { from: "2025-01-01", to: "2025-12-31" }) { operations sources { kind dataset source asOf records } }',
    );
    expect(result.errors).toBeUndefined();
    expect((result.data?.region as { eradication: unknown }).eradication).toEqual({
      operations: 3,
      sources: [
        { ...SEEDED, asOf: DEMO_AS_OF.toISOString().slice(0, 10), records: 2 },
        { kind: "ENTERED", dataset: null, source: ERADICATION_AGENCY, asOf: "2025-03-14", records: 1 },
      ],
    });
  });

  it("rewrites the notes the first provenance version stored naming the editor to name the agency's role; staff keep who in recordedBy", async () => {
    const operation = await h.connection
      .collection("enforcement_operations")
      .findOne({ id: "EO-2025-OLDNOTE001" });
    expect(operation?.provenance).toEqual({
      ...named("2025-03-15", "", "https://www.gob.pe/example"),
      note: enteredNote(ERADICATION_AGENCY),
    });
    expect(operation?.recordedBy).toBe("editor-eradication-4");
    const office = await h.connection.collection("prosecutor_offices").findOne({ id: "FEMA-17-01" });
    const history = office?.history as { recordedBy: string; provenance: { note: string } }[];
    expect(history.map((entry) => [entry.recordedBy, entry.provenance.note])).toEqual([
      ["seed:pcm-interdiction-reports", demoProvenance("office").note],
      ["editor-eradication-2", enteredNote(ERADICATION_AGENCY)],
      ["editor-eradication-5", enteredNote(ERADICATION_AGENCY)],
    ]);
    // A claim an editor entered: the agency's role, and the claim's own note kept.
    const figure = await h.connection.collection("reported_figures").findOne({ id: "RF-2025-OLDNOTE001" });
    expect(figure?.provenance.note).toBe(
      `entered by an editor of ${ERADICATION_AGENCY} through the API; ${CLAIM_NOTE}`,
    );
    expect(figure?.recordedBy).toBe("editor-eradication-3");
  });

  it("changes nothing when it runs again", async () => {
    const before = await h.domainDigest();
    await prepare(h.server);
    expect(await h.domainDigest()).toBe(before);
  });
});

describe("what a public viewer reads of an editor's records", () => {
  const PROVENANCE = "provenance { kind dataset source url asOf licence note }";

  it("names no editor anywhere: not in a claim, an operation, a caseload report or the catalogue", async () => {
    const editor = viewers.editor("eradication");
    const recorded = await h.run(RECORD, { input: operation(), key: "key-public-operation" }, editor);
    expect(recorded.errors).toBeUndefined();
    const operationId = (recorded.data?.recordEnforcementOperation as { id: string }).id;
    const claimed = await h.run(RECORD_CLAIM, { input: claim(), key: "key-public-claim" }, editor);
    expect(claimed.errors).toBeUndefined();
    const input = { officeId: "FEMA-17-01", prosecutors: 3, openCases: 410, closedCases: 950 };
    const reported = await h.run(UPDATE_CASELOAD, { input, key: "key-public-caseload" }, editor);
    expect(reported.errors).toBeUndefined();

    const everything = `{
      reportedFigures(first: 100) { edges { node { id claim reportedBy recordedBy ${PROVENANCE} } } }
      enforcementOperation(id: "${operationId}") { id recordedBy ${PROVENANCE} }
      prosecutorOffices { id ${PROVENANCE} caseloadHistory { recordedBy ${PROVENANCE} } }
      _entities(representations: [{ __typename: "DatasetCatalogue", id: "hub" }]) {
        ... on DatasetCatalogue { eradicationDatasets { id title publisher note } }
      }
    }`;
    const seen = await h.run(everything, {}, viewers.public);
    // Only what the viewer may not read is refused: the query itself is answered.
    expect(seen.errors?.filter((e) => e.extensions?.code !== "FORBIDDEN") ?? []).toEqual([]);
    const answer = JSON.stringify(seen);
    expect(answer).not.toContain(editor.id);
    expect(answer).not.toMatch(/editor-eradication-\d/);
    // The claims are public, their notes name the agency's role; the catalogue describes the entries as a whole.
    const claims = (seen.data?.reportedFigures as { edges: { node: { provenance: { note: string } } }[] })
      .edges;
    expect(claims.map((edge) => edge.node.provenance.note)).toEqual([
      `entered by an editor of ${ERADICATION_AGENCY} through the API; ${CLAIM_NOTE}`,
      `entered by an editor of ${ERADICATION_AGENCY} through the API; ${CLAIM_NOTE}`,
    ]);
    const datasets = (seen.data?._entities as { eradicationDatasets: { id: string; note: string }[] }[])[0];
    expect(datasets?.eradicationDatasets.find((d) => d.id === `ENTERED|${ERADICATION_AGENCY}|`)?.note).toBe(
      ENTRIES_NOTE,
    );

    // Staff with the right to see who wrote them still do.
    const staff = await h.ok<{
      enforcementOperation: { recordedBy: string; provenance: { note: string } };
      prosecutorOffices: { caseloadHistory: { recordedBy: string }[] }[];
    }>(everything, {}, viewers.analyst);
    expect(staff.enforcementOperation).toMatchObject({
      recordedBy: editor.id,
      provenance: { note: enteredNote(ERADICATION_AGENCY) },
    });
    expect(staff.prosecutorOffices.flatMap((o) => o.caseloadHistory.map((r) => r.recordedBy))).toContain(
      editor.id,
    );
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { enteredNote, ENTRIES_NOTE } from "../../packages/kit/src/index.ts";
import { prepare } from "../../subgraphs/eradication/src/subgraph.ts";
import {
  demoProvenance,
  ERADICATION_AGENCY,
  REPORTED_DATASET,
} from "../../subgraphs/eradication/src/provenance.ts";
import { viewers } from "../support/viewers.ts";
import { claim, operation, RECORD, RECORD_CLAIM, UPDATE_CASELOAD } from "./fixtures.ts";
import { useEradication } from "./harness.ts";

const h = useEradication();

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

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
  await db.collection("enforcement_operations").insertOne({
    id: "EO-2025-OLDNOTE001",
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
    source: { kind: "PRESS_RELEASE", reference: "Nota de prensa", url: "https://www.gob.pe/example" },
    recordedBy: "editor-eradication-1",
    recordedAt: new Date("2025-03-14T22:30:00.000Z"),
    provenance: named("2025-03-14", "editor-eradication-1", "https://www.gob.pe/example"),
    idempotencyKey: "key-old-note-1",
    requestHash: "abc",
  });
  const report = (reportedOn: string, closedCases: number, recordedBy: string, provenance: unknown) => ({
    reportedOn: day(reportedOn),
    prosecutors: 3,
    openCases: 400,
    closedCases,
    recordedBy,
    provenance,
  });
  await db.collection("prosecutor_offices").insertOne({
    id: "FEMA-17-01",
    name: "Fiscalía Provincial Especializada en Materia Ambiental de Puerto Maldonado",
    department: "17",
    province: "1701",
    district: "170101",
    prosecutors: 3,
    openCases: 400,
    closedCases: 900,
    reportedOn: day("2025-09-15"),
    provenance: demoProvenance("office"),
    history: [
      report("2025-06-30", 800, "seed:tinkuy-demo", demoProvenance("office")),
      report("2025-09-15", 900, "editor-eradication-2", named("2025-09-15", "editor-eradication-2")),
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

describe("notes stored naming the editor, rewritten at start", () => {
  it("name the agency's role on an entered operation and caseload report; staff keep who in recordedBy", async () => {
    const operation = await h.connection
      .collection("enforcement_operations")
      .findOne({ id: "EO-2025-OLDNOTE001" });
    expect(operation?.provenance).toEqual({
      ...named("2025-03-14", "", "https://www.gob.pe/example"),
      note: enteredNote(ERADICATION_AGENCY),
    });
    expect(operation?.recordedBy).toBe("editor-eradication-1");
    const office = await h.connection.collection("prosecutor_offices").findOne({ id: "FEMA-17-01" });
    const history = office?.history as { recordedBy: string; provenance: { note: string } }[];
    expect(history.map((entry) => [entry.recordedBy, entry.provenance.note])).toEqual([
      ["seed:tinkuy-demo", demoProvenance("office").note],
      ["editor-eradication-2", enteredNote(ERADICATION_AGENCY)],
    ]);
  });

  it("name the agency's role on a claim an editor entered, keeping the claim's own note", async () => {
    const figure = await h.connection.collection("reported_figures").findOne({ id: "RF-2025-OLDNOTE001" });
    expect(figure?.provenance.note).toBe(
      `entered by an editor of ${ERADICATION_AGENCY} through the API; ${CLAIM_NOTE}`,
    );
    expect(figure?.recordedBy).toBe("editor-eradication-3");
  });

  it("change nothing when the migration runs again", async () => {
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
    // The claim is public, its note names the agency's role; the catalogue describes the entries as a whole.
    const claims = (seen.data?.reportedFigures as { edges: { node: { provenance: { note: string } } }[] })
      .edges;
    expect(claims.map((edge) => edge.node.provenance.note)).toContain(
      `entered by an editor of ${ERADICATION_AGENCY} through the API; entered from the agency's press release`,
    );
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

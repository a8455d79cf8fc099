import { Schema, type Connection } from "mongoose";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import {
  connectDatabase,
  datasetId,
  enteredNote,
  enteredProvenance,
  ENTRIES_NOTE,
  pillarDatasets,
  provenance,
  provenanceSchema,
  rewriteStoredNotes,
  syntheticProvenance,
  type ProvenanceDoc,
} from "../../packages/kit/src/index.ts";

const AGENCY = "Agencia de prueba";
const demo = syntheticProvenance({
  dataset: "tinkuy-demo:test",
  asOf: new Date("2025-06-30T00:00:00Z"),
  modelledOn: "a published figure",
});
const entered = (day: string) => enteredProvenance({ agency: AGENCY, at: new Date(`${day}T15:00:00Z`) });
/** What earlier versions stored on an editor's record: the editor's id in the public note. */
const oldEntered = (day: string, editor: string): ProvenanceDoc => ({
  ...entered(day),
  note: `entered through the API by ${editor}`,
});

let mongo: EmbeddedMongo;
let connection: Connection;
beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  connection = await connectDatabase({
    uri: mongo.uri,
    dbName: "catalogue_test",
    logger: pino({ level: "silent" }),
  });
});
afterAll(async () => {
  await connection?.close();
  await mongo?.stop();
});

interface Entry {
  n: number;
  provenance?: ProvenanceDoc;
}

interface Office {
  key: string;
  provenance: ProvenanceDoc;
  entries: Entry[];
}

/** A collection of documents with provenance, each holding records of its own in `entries`. */
async function offices(name: string) {
  const entry = new Schema<Entry>({ n: Number, provenance: provenanceSchema }, { _id: false });
  const model = connection.model<Office>(
    name,
    new Schema<Office>({ key: String, provenance: provenanceSchema, entries: [entry] }),
    name,
  );
  await model.init();
  return model;
}

describe("the catalogue in the kit", () => {
  it("counts records stored inside other documents one each, under their own provenance", async () => {
    const Office = await offices("unwind_offices");
    await Office.collection.insertMany([
      {
        key: "a",
        provenance: demo,
        entries: [
          { n: 1, provenance: demo },
          { n: 2, provenance: entered("2025-03-04") },
        ],
      },
      { key: "b", provenance: demo, entries: [{ n: 3, provenance: entered("2025-05-06") }, { n: 4 }] },
      // An entered record citing its own source's address: that address is the record's, not the dataset's.
      {
        key: "c",
        provenance: { ...entered("2025-01-02"), url: "https://agency.example/note-1" },
        entries: [],
      },
    ] as never[]);
    mongo.resetStats();
    const datasets = await pillarDatasets("test", [
      { entity: "Office", model: Office },
      { entity: "Report", model: Office, unwind: "entries" },
    ]);
    // One aggregation per source, both over the offices.
    expect(mongo.stats().namespaces["catalogue_test.unwind_offices"]?.commands).toEqual({ aggregate: 2 });
    const byId = new Map(datasets.map((d) => [d.id, d]));
    expect(byId.get(datasetId("SYNTHETIC", demo.source, demo.dataset))).toMatchObject({
      records: [
        { pillar: "test", entity: "Office", records: 2 },
        { pillar: "test", entity: "Report", records: 1 },
      ],
      totalRecords: 3,
      note: demo.note,
    });
    // The entries of one agency are one dataset, spanning their days, described as a whole; the report
    // stored without provenance (before the migration) counts under none.
    expect(byId.get(datasetId("ENTERED", AGENCY, null))).toEqual({
      id: datasetId("ENTERED", AGENCY, null),
      title: `Entries by ${AGENCY}`,
      kind: "ENTERED",
      publisher: AGENCY,
      issued: "2025-01-02",
      modified: "2025-05-06",
      licence: null,
      landingPage: null,
      note: ENTRIES_NOTE,
      records: [
        { pillar: "test", entity: "Report", records: 2 },
        { pillar: "test", entity: "Office", records: 1 },
      ],
      totalRecords: 3,
    });
    expect(datasets).toHaveLength(2);
  });

  it("describes an agency's entries as a whole even when one record's note says something else", async () => {
    const Office = await offices("entries_note_offices");
    await Office.collection.insertMany([
      { key: "a", provenance: oldEntered("2025-03-04", "someone@agency.example"), entries: [] },
    ] as never[]);
    const [dataset] = await pillarDatasets("test", [{ entity: "Office", model: Office }]);
    expect(dataset?.note).toBe(ENTRIES_NOTE);
  });
});

describe("rewriting the notes earlier versions stored", () => {
  it("names the agency instead of the editor, in documents and in the records they hold, and a second run changes nothing", async () => {
    const Office = await offices("old_notes_offices");
    const reported = provenance({
      kind: "REPORTED",
      source: "A claimant",
      asOf: new Date("2025-12-07T00:00:00Z"),
      note: "entered through the API by someone@agency.example",
    });
    await Office.collection.insertMany([
      {
        key: "old",
        provenance: oldEntered("2025-03-04", "editor-1@agency.example"),
        entries: [
          { n: 1, provenance: demo },
          { n: 2, provenance: oldEntered("2025-03-05", "editor-2@agency.example") },
          { n: 3, provenance: entered("2025-03-06") },
          { n: 4, provenance: oldEntered("2025-03-07", "an unrecorded editor") },
        ],
      },
      {
        key: "new",
        provenance: entered("2025-04-01"),
        entries: [{ n: 5, provenance: entered("2025-04-02") }],
      },
      { key: "demo", provenance: demo, entries: [{ n: 6 }] },
      { key: "claim", provenance: reported, entries: [] },
    ] as never[]);
    const before = await Office.collection
      .find({ key: { $in: ["new", "demo", "claim"] } } as never)
      .toArray();

    expect(await rewriteStoredNotes(Office.collection, ["entries"])).toBe(3);
    const old = await Office.collection.findOne({ key: "old" } as never);
    expect(old?.provenance).toEqual({ ...entered("2025-03-04"), note: enteredNote(AGENCY) });
    expect((old?.entries as { provenance?: ProvenanceDoc }[]).map((e) => e.provenance)).toEqual([
      demo,
      entered("2025-03-05"),
      entered("2025-03-06"),
      entered("2025-03-07"),
    ]);
    expect(JSON.stringify(old)).not.toMatch(/editor-\d@|unrecorded/);
    // Records in the new form, demo data and other kinds of provenance are left as they were.
    expect(
      await Office.collection.find({ key: { $in: ["new", "demo", "claim"] } } as never).toArray(),
    ).toEqual(before);

    // A second run reads the documents that still need it (none) and writes nothing.
    mongo.resetStats();
    expect(await rewriteStoredNotes(Office.collection, ["entries"])).toBe(0);
    expect(mongo.stats().namespaces["catalogue_test.old_notes_offices"]?.commands).toEqual({ find: 1 });
  });
});

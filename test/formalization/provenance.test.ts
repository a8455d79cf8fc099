import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enteredNote, ENTRIES_NOTE, SYNTHETIC_SOURCE } from "../../packages/kit/src/index.ts";
import { importReinfo } from "../../subgraphs/formalization/src/import/import-reinfo.ts";
import { UNRECORDED_EXTRACT } from "../../subgraphs/formalization/src/migrate-provenance.ts";
import type { RecordDoc } from "../../subgraphs/formalization/src/models.ts";
import {
  DEMO_DATASET,
  OWNING_AGENCY,
  PUBLISHER,
  PUBLISHER_URL,
} from "../../subgraphs/formalization/src/provenance.ts";
import { prepare } from "../../subgraphs/formalization/src/subgraph.ts";
import { seedFormalization } from "../../subgraphs/formalization/seed/index.ts";
import { viewers } from "../support/viewers.ts";
import { CHANGE, HEADER, REGISTER, registration, row } from "./fixtures.ts";
import { useFormalization } from "./harness.ts";

const h = useFormalization();
const NOW = new Date("2025-11-20T15:00:00.000Z");

let dir: string;
let files = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tinkuy-provenance-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await h.server.models.Record.deleteMany({});
  await h.server.models.RegionStats.deleteMany({});
});

const PROVENANCE = "provenance { kind dataset source url asOf licence note }";
const SOURCES = "sources { kind dataset source asOf records }";

/** Writes an extract and imports it; returns the dataset name its records must carry. */
async function importRows(rows: string[]): Promise<string> {
  const file = join(dir, `extract-${++files}.csv`);
  await writeFile(file, [HEADER, ...rows].join("\n") + "\n");
  const summary = await importReinfo(h.server.models, {
    file,
    reportPath: join(dir, `report-${files}.csv`),
    recordedBy: "import:minem-reinfo",
    now: NOW,
  });
  expect(summary.rejected).toBe(0);
  const sha256 = createHash("sha256")
    .update(await readFile(file))
    .digest("hex");
  return `${basename(file)} sha256:${sha256}`;
}

async function provenanceOf(code: string): Promise<Record<string, unknown>> {
  const data = await h.ok<{ reinfoRecord: { provenance: Record<string, unknown> } }>(
    `query($code: ID!) { reinfoRecord(code: $code) { ${PROVENANCE} } }`,
    { code },
  );
  return data.reinfoRecord.provenance;
}

/** The provenance of each of a record's history entries, oldest first. */
async function historyProvenance(code: string): Promise<Record<string, unknown>[]> {
  const data = await h.ok<{ reinfoRecord: { statusHistory: { provenance: Record<string, unknown> }[] } }>(
    `query($code: ID!) { reinfoRecord(code: $code) { statusHistory { ${PROVENANCE} } } }`,
    { code },
  );
  return data.reinfoRecord.statusHistory.map((entry) => entry.provenance);
}

async function sourcesOf(ubigeo: string): Promise<Record<string, unknown>[]> {
  const data = await h.ok<{ region: { formalization: { sources: Record<string, unknown>[] } } }>(
    `query($ubigeo: ID!) { region(ubigeo: $ubigeo) { formalization { ${SOURCES} } } }`,
    { ubigeo },
    viewers.public,
  );
  return data.region.formalization.sources;
}

describe("provenance of REINFO records", () => {
  it("is ENTERED by MINEM's DGFM for a registration through the API, as of its day and naming the agency's role; a status change keeps it", async () => {
    const editor = viewers.editor("formalization");
    const before = new Date().toISOString().slice(0, 10);
    const registered = await h.run(REGISTER, { input: registration(), key: "key-prov-0001" }, editor);
    expect(registered.errors).toBeUndefined();
    const after = new Date().toISOString().slice(0, 10);
    const entered = await provenanceOf("REINFO-T000001");
    expect(entered).toEqual({
      kind: "ENTERED",
      dataset: null,
      source: OWNING_AGENCY,
      url: null,
      asOf: expect.any(String),
      licence: null,
      note: enteredNote(OWNING_AGENCY),
    });
    expect([before, after]).toContain(entered.asOf);

    const changed = await h.run(
      CHANGE,
      {
        input: {
          code: "REINFO-T000001",
          status: "SUSPENDED",
          reason: "Sin IGAFOM",
          legalBasis: "DS 018-2017-EM",
        },
        key: "key-prov-0002",
      },
      editor,
    );
    expect(changed.errors).toBeUndefined();
    expect(await provenanceOf("REINFO-T000001")).toEqual(entered);
    // Each history entry is the editor's own write, entered through the API.
    const history = await historyProvenance("REINFO-T000001");
    expect(history).toHaveLength(2);
    for (const p of history) {
      expect(p).toMatchObject({
        kind: "ENTERED",
        source: OWNING_AGENCY,
        note: enteredNote(OWNING_AGENCY),
      });
    }
    const share = { kind: "ENTERED", dataset: null, source: OWNING_AGENCY, asOf: entered.asOf, records: 1 };
    for (const ubigeo of ["17", "1701", "170102"]) expect(await sourcesOf(ubigeo)).toEqual([share]);
  });

  it("never shows a public viewer who entered a record: staff read the editor in recordedBy, not in the provenance", async () => {
    const editor = viewers.editor("formalization");
    const registered = await h.run(REGISTER, { input: registration(), key: "key-prov-0004" }, editor);
    expect(registered.errors).toBeUndefined();
    const record = `reinfoRecord(code: "REINFO-T000001") {
      code ${PROVENANCE} statusHistory { status recordedBy ${PROVENANCE} }
    }`;
    const catalogue = `_entities(representations: [{ __typename: "DatasetCatalogue", id: "hub" }]) {
      ... on DatasetCatalogue { formalizationDatasets { id title publisher note } }
    }`;
    const seen = await h.run(`{ ${record} ${catalogue} }`, {}, viewers.public);
    // Only what the viewer may not read is refused: the query itself is answered.
    expect(seen.errors?.filter((e) => e.extensions?.code !== "FORBIDDEN") ?? []).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain(editor.id);
    // The catalogue part is answered to anyone (the gateway asks for it): it describes the entries as a whole.
    const datasets = (seen.data?._entities as { formalizationDatasets: { note: string }[] }[])[0];
    expect(datasets?.formalizationDatasets.map((d) => d.note)).toEqual([ENTRIES_NOTE]);

    const staff = await h.ok<{
      reinfoRecord: { provenance: { note: string }; statusHistory: { recordedBy: string }[] };
    }>(`{ ${record} }`, {}, viewers.analyst);
    expect(staff.reinfoRecord.provenance.note).toBe(enteredNote(OWNING_AGENCY));
    expect(staff.reinfoRecord.statusHistory.map((e) => e.recordedBy)).toEqual([editor.id]);
  });

  it("cannot be set by a client: a registration input with provenance is refused and changes nothing", async () => {
    const digest = await h.domainDigest();
    const result = await h.run(REGISTER, {
      input: registration({ provenance: { kind: "OFFICIAL", source: "MINEM", asOf: "2025-01-01" } }),
      key: "key-prov-0003",
    });
    expect(result.errors?.[0]?.message).toMatch(/provenance/);
    expect(await h.domainDigest()).toBe(digest);
  });

  it("is SYNTHETIC on every seeded record, and every source of a seeded hub's figures says so", async () => {
    await seedFormalization(h.server.models, { scale: 0.01 });
    const seeded = await h.server.models.Record.find({}).lean<RecordDoc[]>();
    expect(
      seeded.every((r) => r.provenance.kind === "SYNTHETIC" && r.provenance.dataset === DEMO_DATASET),
    ).toBe(true);
    const data = await h.ok<{
      regions: { formalization: { total: number; sources: { kind: string; records: number }[] } }[];
    }>(`{ regions { formalization { total ${SOURCES} } } }`, {}, viewers.public);
    for (const { formalization } of data.regions) {
      for (const share of formalization.sources) {
        expect(share).toMatchObject({ kind: "SYNTHETIC", source: SYNTHETIC_SOURCE, asOf: "2025-06-30" });
      }
      expect(formalization.sources.reduce((n, s) => n + s.records, 0)).toBe(formalization.total);
    }
  });

  it("is OFFICIAL from an import, with the file's name and SHA-256: the region lists the seed's records and the extract's with exact counts", async () => {
    await seedFormalization(h.server.models, { scale: 0.01 });
    const seededHere = await h.server.models.Record.countDocuments({ ID_DIST: "170102" });
    const dataset = await importRows([row("REINFO-I000001"), row("REINFO-I000002"), row("REINFO-I000003")]);
    expect(await provenanceOf("REINFO-I000001")).toEqual({
      kind: "OFFICIAL",
      dataset,
      source: PUBLISHER,
      url: PUBLISHER_URL,
      asOf: "2025-02-26",
      licence: null,
      note: null,
    });
    const official = { kind: "OFFICIAL", dataset, source: PUBLISHER, asOf: "2025-02-26", records: 3 };
    const synthetic = {
      kind: "SYNTHETIC",
      dataset: DEMO_DATASET,
      source: SYNTHETIC_SOURCE,
      asOf: "2025-06-30",
    };
    // Inambari is a mining hotspot: the seed puts more records there than the extract brings.
    expect(seededHere).toBeGreaterThan(3);
    expect(await sourcesOf("170102")).toEqual([{ ...synthetic, records: seededHere }, official]);
  });

  it("follows a newer extract for a record it changes, and stays with its own for an unchanged row", async () => {
    const first = await importRows([row("REINFO-I000001"), row("REINFO-I000002"), row("REINFO-I000003")]);
    const second = await importRows([
      row("REINFO-I000001", { ESTADO: "SUSPENDIDO", FECHA_ACTUALIZACION: "2025-03-10" }),
      row("REINFO-I000002"),
    ]);
    expect(await provenanceOf("REINFO-I000001")).toMatchObject({ dataset: second, asOf: "2025-03-10" });
    expect(await provenanceOf("REINFO-I000002")).toMatchObject({ dataset: first, asOf: "2025-02-26" });
    expect(await provenanceOf("REINFO-I000003")).toMatchObject({ dataset: first, asOf: "2025-02-26" });
    expect(await historyProvenance("REINFO-I000001")).toEqual([
      expect.objectContaining({ kind: "OFFICIAL", dataset: first, asOf: "2025-02-26" }),
      expect.objectContaining({ kind: "OFFICIAL", dataset: second, asOf: "2025-03-10" }),
    ]);
    expect(await sourcesOf("17")).toEqual([
      { kind: "OFFICIAL", dataset: first, source: PUBLISHER, asOf: "2025-02-26", records: 2 },
      { kind: "OFFICIAL", dataset: second, source: PUBLISHER, asOf: "2025-03-10", records: 1 },
    ]);
    // The history still names the process that recorded each change.
    const record = await h.server.models.Record.findOne({ COD_REINFO: "REINFO-I000001" }).lean<RecordDoc>();
    expect(record?.history.map((e) => e.recordedBy)).toEqual(["import:minem-reinfo", "import:minem-reinfo"]);
  });
});

describe("a region's sources", () => {
  it("cost the same database commands as the figures alone: they are read from the same counters", async () => {
    await seedFormalization(h.server.models, { scale: 0.01 });
    const figures = "total active suspended excluded formalized formalizationRate";
    h.mongo.resetStats();
    await h.ok(`{ region(ubigeo: "17") { formalization { ${figures} children { ${figures} } } } }`);
    const alone = h.allCommands();
    h.mongo.resetStats();
    await h.ok(
      `{ region(ubigeo: "17") { formalization { ${figures} ${SOURCES} children { ${figures} ${SOURCES} } } } }`,
    );
    expect(h.allCommands()).toEqual(alone);
    expect(alone).toEqual({ region_stats: { find: 1 } });
  });
});

describe("the provenance migration at start", () => {
  const day = (text: string): Date => new Date(`${text}T00:00:00.000Z`);
  const entry = (status: string, date: string, recordedBy: string) => ({
    status,
    date: new Date(date),
    reason: "r",
    legalBasis: "b",
    recordedBy,
  });
  const old = (code: string, estado: string, history: ReturnType<typeof entry>[], updated: string) => ({
    COD_REINFO: code,
    M_RUC: "10425678138",
    NOMBRE_MIN: "QUISPE MAMANI JUAN CARLOS",
    ID_UNIDAD: "010149108",
    ID_DEPA: "17",
    ID_PROV: "1701",
    ID_DIST: "170102",
    ESTADO: estado,
    A_INSCRIPCION: 2019,
    FECHA_ACTUALIZACION: new Date(updated),
    history,
  });

  it("infers every old record's provenance from who wrote it, rebuilds counters without sources, and changes nothing when run again", async () => {
    await h.connection
      .collection("reinfo_records")
      .insertMany([
        old(
          "REINFO-0000001",
          "EXCLUIDO",
          [
            entry("VIGENTE", "2019-03-02", "seed:minem-reinfo"),
            entry("EXCLUIDO", "2025-06-30", "seed:minem-reinfo"),
          ],
          "2025-06-30",
        ),
        old(
          "REINFO-I000001",
          "VIGENTE",
          [entry("VIGENTE", "2025-02-26", "import:minem-reinfo")],
          "2025-02-26T10:00:00Z",
        ),
        old(
          "REINFO-I000002",
          "SUSPENDIDO",
          [
            entry("VIGENTE", "2025-02-26", "import:minem-reinfo"),
            entry("SUSPENDIDO", "2025-05-01", "editor@minem"),
          ],
          "2025-05-01",
        ),
        old(
          "REINFO-T000001",
          "VIGENTE",
          [entry("VIGENTE", "2025-09-03T22:00:00Z", "editor@minem")],
          "2025-09-03",
        ),
      ]);
    await h.connection.collection("region_stats").insertMany(
      ["17", "1701", "170102"].map((_id) => ({
        _id: _id as never,
        total: 4,
        VIGENTE: 2,
        SUSPENDIDO: 1,
        EXCLUIDO: 1,
        FORMALIZADO: 0,
      })),
    );

    await prepare(h.server);

    const byCode = new Map(
      (await h.server.models.Record.find({}).lean<RecordDoc[]>()).map((r) => [r.COD_REINFO, r.provenance]),
    );
    expect(byCode.get("REINFO-0000001")).toMatchObject({
      kind: "SYNTHETIC",
      dataset: DEMO_DATASET,
      source: SYNTHETIC_SOURCE,
      asOf: day("2025-06-30"),
      note: expect.stringMatching(/^synthetic, modelled on REINFO/),
    });
    const imported = {
      kind: "OFFICIAL",
      dataset: null,
      source: PUBLISHER,
      url: PUBLISHER_URL,
      asOf: day("2025-02-26"),
      licence: null,
      note: UNRECORDED_EXTRACT,
    };
    expect(byCode.get("REINFO-I000001")).toEqual(imported);
    // Suspended later by an editor: the registration still comes from the extract, as of its date.
    expect(byCode.get("REINFO-I000002")).toEqual(imported);
    const entries = await h.server.models.Record.findOne({ COD_REINFO: "REINFO-I000002" }).lean<RecordDoc>();
    expect(entries?.history.map((e) => e.provenance)).toEqual([
      imported,
      {
        kind: "ENTERED",
        dataset: null,
        source: OWNING_AGENCY,
        url: null,
        asOf: day("2025-05-01"),
        licence: null,
        note: enteredNote(OWNING_AGENCY),
      },
    ]);
    expect(byCode.get("REINFO-T000001")).toEqual({
      kind: "ENTERED",
      dataset: null,
      source: OWNING_AGENCY,
      url: null,
      asOf: day("2025-09-03"),
      licence: null,
      note: enteredNote(OWNING_AGENCY),
    });

    const counters = await h.connection.collection("region_stats").find({}).sort({ _id: 1 }).toArray();
    expect(counters).toHaveLength(3);
    for (const counter of counters) {
      expect(counter).toMatchObject({ total: 4, VIGENTE: 2, SUSPENDIDO: 1, EXCLUIDO: 1, FORMALIZADO: 0 });
    }
    const sources = [
      { kind: "OFFICIAL", dataset: null, source: PUBLISHER, asOf: "2025-02-26", records: 2 },
      { kind: "ENTERED", dataset: null, source: OWNING_AGENCY, asOf: "2025-09-03", records: 1 },
      { kind: "SYNTHETIC", dataset: DEMO_DATASET, source: SYNTHETIC_SOURCE, asOf: "2025-06-30", records: 1 },
    ];
    for (const ubigeo of ["17", "1701", "170102"]) expect(await sourcesOf(ubigeo)).toEqual(sources);

    const digest = await h.domainDigest();
    await prepare(h.server);
    expect(await h.domainDigest()).toBe(digest);
  });

  it("rewrites the notes the first provenance version stored naming the editor, and changes nothing when run again", async () => {
    // What that version wrote on an editor's registration and changes: provenance whose public note names them.
    const named = (date: string, editor: string) => ({
      kind: "ENTERED",
      dataset: null,
      source: OWNING_AGENCY,
      url: null,
      asOf: day(date),
      licence: null,
      note: `entered through the API by ${editor}`,
    });
    const imported = {
      ...named("2025-02-26", "x"),
      kind: "OFFICIAL",
      source: PUBLISHER,
      note: UNRECORDED_EXTRACT,
    };
    await h.connection.collection("reinfo_records").insertOne({
      ...old("REINFO-T000002", "SUSPENDIDO", [], "2025-08-01"),
      history: [
        { ...entry("VIGENTE", "2025-02-26", "import:minem-reinfo"), provenance: imported },
        {
          ...entry("SUSPENDIDO", "2025-07-01", "editor-1@minem"),
          provenance: named("2025-07-01", "editor-1@minem"),
        },
        {
          ...entry("VIGENTE", "2025-08-01", "editor-2@minem"),
          provenance: named("2025-08-01", "editor-2@minem"),
        },
      ],
      provenance: named("2025-07-01", "editor-1@minem"),
    });

    await prepare(h.server);

    const record = await h.server.models.Record.findOne({ COD_REINFO: "REINFO-T000002" }).lean<RecordDoc>();
    expect(record?.provenance).toEqual({ ...named("2025-07-01", ""), note: enteredNote(OWNING_AGENCY) });
    expect(record?.history.map((e) => e.provenance.note)).toEqual([
      UNRECORDED_EXTRACT,
      enteredNote(OWNING_AGENCY),
      enteredNote(OWNING_AGENCY),
    ]);
    // Staff still read who made each change.
    expect(record?.history.map((e) => e.recordedBy)).toEqual([
      "import:minem-reinfo",
      "editor-1@minem",
      "editor-2@minem",
    ]);

    const digest = await h.domainDigest();
    await prepare(h.server);
    expect(await h.domainDigest()).toBe(digest);
  });
});

import type { Document } from "mongodb";
import { beforeAll, describe, expect, it } from "vitest";
import { enteredNote } from "../../packages/kit/src/index.ts";
import { seedRecovery } from "../../subgraphs/recovery/seed/index.ts";
import { migrateProvenance } from "../../subgraphs/recovery/src/migrate-provenance.ts";
import { prepare } from "../../subgraphs/recovery/src/subgraph.ts";
import { useRecovery } from "./harness.ts";

const h = useRecovery();
const COLLECTIONS = [
  "degraded_areas",
  "mining_liabilities",
  "restoration_projects",
  "monitoring_measurements",
  "region_stats",
  "sequences",
] as const;
const RESOLUTION = "RM 338-2025-MINEM/DM";

type Snapshot = Record<(typeof COLLECTIONS)[number], Document[]>;

async function snapshot(): Promise<Snapshot> {
  const out = {} as Snapshot;
  for (const name of COLLECTIONS) {
    out[name] = await h.connection.collection(name).find({}).sort({ _id: 1 }).toArray();
  }
  return out;
}

function withoutProvenance(doc: Document): Document {
  const copy = { ...doc };
  delete copy.provenance;
  return copy;
}

/** What every earlier version's seed stamped as `createdAt`/`updatedAt` on all it wrote (its fixed "today"). */
const EARLIER_SEED_DAY = new Date("2026-11-20T00:00:00.000Z");

/**
 * A document as an earlier version stored it: no provenance anywhere, the resolution on every seeded row, the
 * earlier seed's stamp.
 */
function old(name: (typeof COLLECTIONS)[number], doc: Document): Document {
  const rest = withoutProvenance(doc);
  delete rest.sources;
  if ("createdAt" in rest) Object.assign(rest, { createdAt: EARLIER_SEED_DAY, updatedAt: EARLIER_SEED_DAY });
  if (name === "mining_liabilities") {
    rest.inventoryResolution = RESOLUTION;
    rest.riskHistory = (rest.riskHistory as Document[]).map(withoutProvenance);
  }
  if (name === "restoration_projects") {
    rest.progress = (rest.progress as Document[]).map(withoutProvenance);
  }
  if (name === "degraded_areas" && rest.cause === "OTHER") rest.sourceReference = RESOLUTION;
  return rest;
}

/** Replaces the database with `docs` through the raw driver, as an earlier version left it. */
async function restore(docs: Snapshot): Promise<void> {
  for (const name of COLLECTIONS) {
    const collection = h.connection.collection(name);
    await collection.deleteMany({});
    if (docs[name].length > 0) await collection.insertMany(docs[name]);
  }
}

let fresh: Snapshot;

beforeAll(async () => {
  // What today's seed writes, and the same data in the old layout.
  await seedRecovery(h.server.models, { scale: 0.02 });
  fresh = await snapshot();
  const before = {} as Snapshot;
  for (const name of COLLECTIONS) before[name] = fresh[name].map((doc) => old(name, structuredClone(doc)));
  await restore(before);
});

describe("the start-up provenance migration", () => {
  it("gives records an earlier seed wrote the provenance today's seed gives, and rebuilds the counters with sources", async () => {
    const stored = await snapshot();
    expect(stored.mining_liabilities.every((l) => l.provenance === undefined)).toBe(true);
    expect(stored.region_stats.every((s) => s.sources === undefined)).toBe(true);
    await prepare(h.server);
    // Everything as today's seed writes it, but for the earlier seed's stamp, which the migration leaves alone.
    const stamped = {} as Snapshot;
    for (const name of COLLECTIONS) {
      stamped[name] = fresh[name].map((doc) =>
        "createdAt" in doc ? { ...doc, createdAt: EARLIER_SEED_DAY, updatedAt: EARLIER_SEED_DAY } : doc,
      );
    }
    expect(await snapshot()).toEqual(stamped);
  });

  it("infers ENTERED from an editor's writes and OFFICIAL from an import's, and counts them", async () => {
    const models = h.server.models;
    await models.Area.collection.insertOne({
      code: "DA-9000001",
      department: "17",
      province: "1701",
      district: "170102",
      ares: 1_000,
      restoredAres: 0,
      cause: "ILLEGAL_MINING",
      source: "MAAP",
      detectedOn: new Date("2026-02-20T00:00:00Z"),
      registeredBy: "recovery-editor@minam",
      createdAt: new Date("2026-03-02T15:30:00Z"),
      updatedAt: new Date("2026-03-02T15:30:00Z"),
    });
    await models.Measurement.collection.insertOne({
      projectCode: "RP-0001",
      parameter: "TURBIDITY",
      value: 40,
      measuredOn: new Date("2026-03-01T00:00:00Z"),
      station: "EM-X",
      district: "170102",
      recordedBy: "recovery-editor@minam",
      createdAt: new Date("2026-03-03T09:00:00Z"),
      updatedAt: new Date("2026-03-03T09:00:00Z"),
    });
    await models.Liability.collection.insertOne({
      N: 99_001,
      ID: "99001",
      TIPO: "RESIDUO MINERO",
      REGION: "ANCASH",
      PROVINCIA: "RECUAY",
      DISTRITO: "RECUAY",
      ID_DEPA: "02",
      ID_PROV: "0217",
      ID_DIST: "021701",
      inventoryResolution: RESOLUTION,
      riskLevel: "HIGH",
      riskHistory: [
        {
          riskLevel: "HIGH",
          study: "Estudio de riesgo",
          assessedOn: new Date("2025-12-01T00:00:00Z"),
          recordedBy: "import:pam-rm-338-2025.csv",
        },
      ],
      createdAt: new Date("2026-01-10T12:00:00Z"),
      updatedAt: new Date("2026-01-10T12:00:00Z"),
    });
    await models.RegionStats.collection.updateMany({ ubigeo: "17" }, { $unset: { sources: "" } });

    await prepare(h.server);

    const area = await models.Area.collection.findOne({ code: "DA-9000001" });
    expect(area?.provenance).toEqual({
      kind: "ENTERED",
      dataset: null,
      source: "MINAM (Ministerio del Ambiente)",
      url: null,
      asOf: new Date("2026-03-02T00:00:00Z"),
      licence: null,
      note: enteredNote("MINAM (Ministerio del Ambiente)"),
    });
    const measurement = await models.Measurement.collection.findOne({ station: "EM-X" });
    expect(measurement?.provenance).toMatchObject({
      kind: "ENTERED",
      asOf: new Date("2026-03-03T00:00:00Z"),
    });
    const liability = await models.Liability.collection.findOne({ ID: "99001" });
    const imported = {
      kind: "OFFICIAL",
      dataset: "pam-rm-338-2025.csv",
      source: "MINEM (DGAAM)",
      asOf: new Date("2026-01-10T00:00:00Z"),
    };
    expect(liability?.provenance).toMatchObject(imported);
    expect(liability?.inventoryResolution).toBe(RESOLUTION);
    expect(liability?.riskHistory[0].provenance).toMatchObject({
      ...imported,
      asOf: new Date("2025-12-01T00:00:00Z"),
    });

    const stats = await models.RegionStats.collection.find({}).toArray();
    expect(stats.every((s) => s.sources !== undefined)).toBe(true);
    const february = stats.find((s) => s._id === ("17|2026-02" as unknown));
    expect(Object.values(february?.sources ?? {})).toContainEqual({
      kind: "ENTERED",
      dataset: null,
      source: "MINAM (Ministerio del Ambiente)",
      asOf: new Date("2026-03-02T00:00:00Z"),
      records: 1,
    });
    const recuay = stats.find((s) => s._id === ("021701" as unknown));
    const kinds = Object.values((recuay?.sources ?? {}) as Record<string, { kind: string }>).map(
      (s) => s.kind,
    );
    expect(kinds).toContain("OFFICIAL");
  });

  it("labels a liability neither the seed nor an import marked ENTERED, never SYNTHETIC, whoever assessed it", async () => {
    const models = h.server.models;
    const row = (n: number, extra: Document) => ({
      N: n,
      ID: String(n),
      TIPO: "RESIDUO MINERO",
      REGION: "ANCASH",
      PROVINCIA: "RECUAY",
      DISTRITO: "RECUAY",
      ID_DEPA: "02",
      ID_PROV: "0217",
      ID_DIST: "021701",
      inventoryResolution: RESOLUTION,
      riskLevel: null,
      riskHistory: [],
      ...extra,
    });
    await models.Liability.collection.insertMany([
      // Loaded by an outside script through mongoose (timestamps), later assessed by an editor.
      row(99_002, {
        riskLevel: "LOW",
        riskHistory: [
          {
            riskLevel: "LOW",
            study: "Estudio de riesgo",
            assessedOn: new Date("2026-04-01T00:00:00Z"),
            recordedBy: "recovery-editor@minam",
          },
        ],
        createdAt: new Date("2026-02-11T16:20:00Z"),
        updatedAt: new Date("2026-04-01T10:00:00Z"),
      }),
      // Loaded through the raw driver: no date at all.
      row(99_003, {}),
      // The earlier seed's stamp with no assessment: the seed's.
      row(99_004, { createdAt: EARLIER_SEED_DAY, updatedAt: EARLIER_SEED_DAY }),
    ]);
    const found = await migrateProvenance(models);
    expect(found.liabilities).toBe(3);
    const [assessed, undated, seeded] = await Promise.all(
      ["99002", "99003", "99004"].map((ID) => models.Liability.collection.findOne({ ID })),
    );
    const entered = {
      kind: "ENTERED",
      dataset: null,
      source: "MINAM (Ministerio del Ambiente)",
      url: null,
      licence: null,
      note: expect.stringContaining("neither the demo seed nor an import"),
    };
    expect(assessed?.provenance).toEqual({ ...entered, asOf: new Date("2026-02-11T00:00:00Z") });
    expect(assessed?.inventoryResolution).toBe(RESOLUTION);
    expect(assessed?.riskHistory[0].provenance).toMatchObject({
      kind: "ENTERED",
      asOf: new Date("2026-04-01T00:00:00Z"),
      note: enteredNote("MINAM (Ministerio del Ambiente)"),
    });
    const today = new Date(new Date().toISOString().slice(0, 10));
    expect(undated?.provenance).toEqual({ ...entered, asOf: today });
    expect(seeded?.provenance).toMatchObject({ kind: "SYNTHETIC", dataset: "tinkuy-demo:recovery" });
    expect(seeded?.inventoryResolution).toBe("synthetic, modelled on RM 338-2025-MINEM/DM");
  });

  it("rewrites the notes the first provenance version stored naming the editor, in records and the records they hold", async () => {
    const AGENCY = "MINAM (Ministerio del Ambiente)";
    const OLD_NOTE = "entered through the API by recovery-editor@minam";
    const named = {
      kind: "ENTERED",
      dataset: null,
      source: AGENCY,
      url: null,
      asOf: new Date("2025-05-02"),
      licence: null,
      note: OLD_NOTE,
    };
    // One record of each kind as that version stored an editor's write: copies of seeded ones under new keys.
    const copy = async (name: (typeof COLLECTIONS)[number], keys: Document, arrays: string[] = []) => {
      const collection = h.connection.collection(name);
      const doc: Document = (await collection.findOne({
        provenance: { $exists: true },
        ...Object.fromEntries(arrays.map((array) => [`${array}.0`, { $exists: true }])),
      }))!;
      delete doc._id;
      for (const array of arrays) {
        doc[array] = (doc[array] as Document[]).slice(0, 1).map((entry) => ({ ...entry, provenance: named }));
      }
      await collection.insertOne({ ...doc, ...keys, provenance: named });
    };
    await copy("degraded_areas", { code: "DA-9100001" });
    await copy("mining_liabilities", { N: 990_001, ID: "990001" }, ["riskHistory"]);
    await copy("restoration_projects", { code: "RP-9001" }, ["progress"]);
    await copy("monitoring_measurements", {});

    expect(await migrateProvenance(h.server.models)).toMatchObject({
      areas: 0,
      liabilities: 0,
      projects: 0,
      measurements: 0,
      notes: 6,
    });
    const stored = JSON.stringify(await snapshot());
    // No note names the editor anymore; who wrote each record stays where staff read it (registeredBy, recordedBy).
    expect(stored).not.toMatch(/"note":"[^"]*recovery-editor@minam/);
    expect(stored).toMatch(/"(registered|recorded)By":"recovery-editor@minam"/);
    const rewritten = { ...named, asOf: named.asOf.toISOString(), note: enteredNote(AGENCY) };
    for (const [name, keys] of [
      ["degraded_areas", { code: "DA-9100001" }],
      ["mining_liabilities", { ID: "990001" }],
      ["restoration_projects", { code: "RP-9001" }],
    ] as const) {
      const doc = JSON.parse(JSON.stringify(await h.connection.collection(name).findOne(keys)));
      expect(doc.provenance).toEqual(rewritten);
      for (const entry of doc.riskHistory ?? doc.progress ?? []) expect(entry.provenance).toEqual(rewritten);
    }
  });

  it("changes nothing when it runs again", async () => {
    const before = await h.domainDigest();
    await prepare(h.server);
    expect(await h.domainDigest()).toBe(before);
    expect(await migrateProvenance(h.server.models)).toEqual({
      areas: 0,
      liabilities: 0,
      projects: 0,
      measurements: 0,
      notes: 0,
      countersRebuilt: false,
    });
  });
});

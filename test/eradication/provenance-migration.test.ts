import { beforeAll, describe, expect, it } from "vitest";
import { enteredNote } from "../../packages/kit/src/index.ts";
import { prepare } from "../../subgraphs/eradication/src/subgraph.ts";
import {
  DEMO_AS_OF,
  DEMO_DATASET,
  ERADICATION_AGENCY,
  MODELLED_ON,
} from "../../subgraphs/eradication/src/provenance.ts";
import { queryRegions } from "../support/region-entity.ts";
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
  const report = (reportedOn: string, closedCases: number, recordedBy: string) => ({
    reportedOn: day(reportedOn),
    prosecutors: 3,
    openCases: 400,
    closedCases,
    recordedBy,
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
    reportedOn: day("2026-01-15"),
    history: [
      report("2025-06-30", 800, "seed:pcm-interdiction-reports"),
      report("2026-01-15", 900, "editor-eradication-2"),
    ],
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

  it("changes nothing when it runs again", async () => {
    const before = await h.domainDigest();
    await prepare(h.server);
    expect(await h.domainDigest()).toBe(before);
  });
});

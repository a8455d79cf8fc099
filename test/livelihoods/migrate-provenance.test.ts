import { beforeAll, describe, expect, it } from "vitest";
import { enteredNote } from "../../packages/kit/src/index.ts";
import { prepare } from "../../subgraphs/livelihoods/src/subgraph.ts";
import { migrateProvenance } from "../../subgraphs/livelihoods/src/migrate-provenance.ts";
import type {
  DonorDoc,
  EnrollmentDoc,
  ProjectDoc,
  RegionMoneyDoc,
} from "../../subgraphs/livelihoods/src/models.ts";
import { queryRegions } from "../support/region-entity.ts";
import { validRuc } from "./fixtures.ts";
import { useLivelihoods } from "./harness.ts";

const h = useLivelihoods();

const DEVIDA = "PE-RUC-20339267821";
const SIDA = "SE-0";
const UK = "GB-GOV-1";
const EDITOR = "livelihoods-editor@test";
const AGENCY = "Comisión Nacional para el Desarrollo y Vida sin Drogas (DEVIDA)";
const SEEDED = `${DEVIDA}-PIRDAIS-2024-0001`;
const ENTERED = `${SIDA}-MVA-2025-0002`;
const RUC = validRuc("1044134852");

/** An old-shaped document with a string `_id`, written through the driver as version 1 wrote it. */
type OldDoc = { _id: string } & Record<string, unknown>;

const d = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

/** A project as version 1 stored it: no provenance on it or its transactions. */
function oldProject(id: string, funder: string, by: string, createdAt: Date, location: string) {
  const org = { ref: funder, narrative: funder, type: "10" };
  const money = (type: string, date: string, cents: number) => ({
    ref: null,
    transactionType: type,
    transactionDate: d(date),
    value: { currency: "PEN", cents, valueDate: d(date) },
    description: null,
    providerOrg: org,
    receiverOrg: null,
    recordedAt: d(date),
    recordedBy: by,
    idempotencyKey: null,
  });
  return {
    iatiIdentifier: id,
    reportingOrg: org,
    title: id,
    description: id,
    activityStatus: "2",
    activityDates: {
      plannedStart: d("2024-01-01"),
      actualStart: d("2024-02-01"),
      plannedEnd: d("2027-12-31"),
    },
    participatingOrgs: [{ role: "1", ref: funder, narrative: funder, type: "10" }],
    sectors: [{ vocabulary: "1", code: "31165", percentage: 100 }],
    locations: [location],
    regionCodes: [location.slice(0, 2), location.slice(0, 4), location],
    defaultCurrency: "PEN",
    budgets: [],
    transactions: [money("2", "2025-02-10", 1_000_000), money("3", "2025-05-15", 250_000)],
    results: [],
    beneficiaries: { total: 100, women: 40, formerMiners: 30, reportedOn: null },
    statusHistory: [
      { status: "1", date: d("2023-11-01"), reason: "Registro", recordedBy: by },
      { status: "2", date: d("2024-02-01"), reason: "Inicio", recordedBy: by },
    ],
    writes: [],
    revision: 1,
    createdAt,
    updatedAt: createdAt,
  };
}

/** An enrollment as version 1 stored it. */
function oldEnrollment(project: string, ruc: string, by: string, on: string) {
  return {
    _id: `${project}|${ruc}`,
    iatiIdentifier: project,
    ruc,
    enrolledOn: d(on),
    status: "ENROLLED",
    formerReinfoStatus: null,
    history: [{ status: "ENROLLED", date: d(on), reason: "Inscripción", recordedBy: by }],
  };
}

async function stored() {
  const { Project, Enrollment, Donor, RegionMoney } = h.server.models;
  return {
    projects: new Map(
      (await Project.find({}).lean<ProjectDoc[]>()).map((p) => [p.iatiIdentifier, p] as const),
    ),
    enrollments: await Enrollment.find({}).sort({ _id: 1 }).lean<EnrollmentDoc[]>(),
    donors: new Map((await Donor.find({}).lean<DonorDoc[]>()).map((donor) => [donor._id, donor] as const)),
    counters: await RegionMoney.find({}).sort({ _id: 1 }).lean<RegionMoneyDoc[]>(),
  };
}

beforeAll(async () => {
  const db = h.connection;
  await db
    .collection("projects")
    .insertMany([
      oldProject(SEEDED, DEVIDA, "seed:livelihoods", d("2024-01-05"), "170102"),
      oldProject(ENTERED, SIDA, EDITOR, new Date("2025-01-20T16:45:00.000Z"), "170204"),
    ]);
  await db
    .collection<OldDoc>("enrollments")
    .insertMany([
      oldEnrollment(SEEDED, RUC, "seed:livelihoods", "2024-06-01"),
      oldEnrollment(ENTERED, RUC, EDITOR, "2025-03-02"),
    ]);
  await db.collection<OldDoc>("donors").insertMany([
    { _id: DEVIDA, name: "DEVIDA", type: "10" },
    { _id: SIDA, name: "Sida", type: "10" },
    { _id: UK, name: "FCDO", type: "10" },
  ]);
  // Counters as version 1 kept them: money only, no `sources`.
  await db.collection<OldDoc>("region_money").insertMany([
    {
      _id: "17|2025-02",
      ubigeo: "17",
      month: "2025-02",
      committed: { PEN: 2_000_000, USD: 0 },
      disbursed: { PEN: 0, USD: 0 },
    },
  ]);
  await prepare(h.server);
});

describe("the provenance migration at start", () => {
  it("marks what a seed wrote SYNTHETIC and what editors wrote ENTERED by DEVIDA, on projects and their transactions", async () => {
    const { projects } = await stored();
    const seeded = projects.get(SEEDED);
    expect(seeded?.provenance).toMatchObject({
      kind: "SYNTHETIC",
      dataset: "tinkuy-demo:livelihoods",
      source: "Tinkuy demo-data generator",
      asOf: d("2026-11-20"),
    });
    expect(seeded?.provenance.note).toMatch(
      /^synthetic, modelled on .+inferred from the record's seed author\)$/,
    );
    for (const t of seeded?.transactions ?? []) expect(t.provenance.kind).toBe("SYNTHETIC");
    const entered = projects.get(ENTERED);
    expect(entered?.provenance).toEqual({
      kind: "ENTERED",
      dataset: null,
      source: AGENCY,
      url: null,
      asOf: d("2025-01-20"),
      licence: null,
      note: enteredNote(AGENCY),
    });
    expect(entered?.transactions.map((t) => [t.provenance.kind, t.provenance.asOf])).toEqual([
      ["ENTERED", d("2025-02-10")],
      ["ENTERED", d("2025-05-15")],
    ]);
  });

  it("marks enrollments by who enrolled the miner, and donors by the projects that fund them", async () => {
    const { enrollments, donors, projects } = await stored();
    expect(enrollments.map((e) => [e.iatiIdentifier, e.provenance.kind, e.provenance.source])).toEqual([
      [SEEDED, "SYNTHETIC", "Tinkuy demo-data generator"],
      [ENTERED, "ENTERED", AGENCY],
    ]);
    expect(enrollments[1]?.provenance.asOf).toEqual(d("2025-03-02"));
    expect(donors.get(DEVIDA)?.provenance.kind).toBe("SYNTHETIC");
    // Named only by an entered project: recorded with it, on its editor's word.
    expect(donors.get(SIDA)?.provenance).toEqual(projects.get(ENTERED)?.provenance);
    // Named by no project, on a hub that holds seeded projects: the seed wrote it with the whole registry.
    expect(donors.get(UK)?.provenance.kind).toBe("SYNTHETIC");
  });

  it("rebuilds counters that lack sources, so region figures say which records are synthetic and which entered", async () => {
    const { counters } = await stored();
    expect(counters.length).toBeGreaterThan(1);
    for (const counter of counters) expect(Object.keys(counter.sources).length).toBeGreaterThan(0);
    const result = await queryRegions(
      h.run,
      "17",
      `livelihoods(period: $period) { committed { currency value } sources { kind source asOf records } }`,
      {
        variableDefinitions: "$period: PeriodInput",
        variables: { period: { from: "2025-01-01", to: "2025-12-31" } },
      },
    );
    expect(result.errors).toBeUndefined();
    const { livelihoods } = result.data?.region as {
      livelihoods: {
        committed: { value: string }[];
        sources: { kind: string; source: string; asOf: string; records: number }[];
      };
    };
    expect(livelihoods.committed[0]).toEqual({ currency: "PEN", value: "20000.00" });
    // The seeded project and its two funding transactions under the one demo dataset; the entered ones each
    // as of the day they were entered.
    const shares = [...livelihoods.sources].sort((a, b) => a.asOf.localeCompare(b.asOf));
    expect(shares).toEqual([
      { kind: "ENTERED", source: AGENCY, asOf: "2025-01-20", records: 1 },
      { kind: "ENTERED", source: AGENCY, asOf: "2025-02-10", records: 1 },
      { kind: "ENTERED", source: AGENCY, asOf: "2025-05-15", records: 1 },
      { kind: "SYNTHETIC", source: "Tinkuy demo-data generator", asOf: "2026-11-20", records: 3 },
    ]);
  });

  it("rewrites the notes the first provenance version stored naming the editor, on every kind of record", async () => {
    // What that version wrote on an editor's project, its transactions, an enrollment and a donor it brought.
    const named = {
      kind: "ENTERED",
      dataset: null,
      source: AGENCY,
      url: null,
      asOf: d("2025-06-01"),
      licence: null,
      note: `entered through the API by ${EDITOR}`,
    };
    const LATER = `${SIDA}-MVA-2025-0003`;
    const project = oldProject(LATER, "XE-EXAMPLE-OLDNOTE", EDITOR, d("2025-06-01"), "211002");
    await h.connection.collection("projects").insertOne({
      ...project,
      provenance: named,
      transactions: project.transactions.map((t) => ({ ...t, provenance: named })),
    });
    await h.connection
      .collection<OldDoc>("enrollments")
      .insertOne({ ...oldEnrollment(LATER, RUC, EDITOR, "2025-06-02"), provenance: named });
    await h.connection
      .collection<OldDoc>("donors")
      .insertOne({ _id: "XE-EXAMPLE-OLDNOTE", name: "Donante de ejemplo", type: "10", provenance: named });

    expect(await migrateProvenance(h.server.models)).toEqual({
      projects: 0,
      transactions: 0,
      enrollments: 0,
      donors: 0,
      notes: 5,
      countersRebuilt: false,
    });
    const after = await stored();
    const rewritten = { ...named, note: enteredNote(AGENCY) };
    const later = after.projects.get(LATER);
    expect([later?.provenance, ...(later?.transactions ?? []).map((t) => t.provenance)]).toEqual([
      rewritten,
      rewritten,
      rewritten,
    ]);
    expect(after.enrollments.find((e) => e.iatiIdentifier === LATER)?.provenance).toEqual(rewritten);
    expect(after.donors.get("XE-EXAMPLE-OLDNOTE")?.provenance).toEqual(rewritten);
    // Who wrote them stays where staff read it.
    expect(later?.transactions.map((t) => t.recordedBy)).toEqual([EDITOR, EDITOR]);
  });

  it("is idempotent: a second start finds nothing to do and changes nothing", async () => {
    const before = await h.domainDigest();
    await prepare(h.server);
    expect(await h.domainDigest()).toBe(before);
    expect(await migrateProvenance(h.server.models)).toEqual({
      projects: 0,
      transactions: 0,
      enrollments: 0,
      donors: 0,
      notes: 0,
      countersRebuilt: false,
    });
    expect(await h.domainDigest()).toBe(before);
  });
});

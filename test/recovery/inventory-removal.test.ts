import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AUDIT_COLLECTION } from "../../packages/kit/src/index.ts";
import { importPam, type PamImportSummary } from "../../subgraphs/recovery/src/import/import-pam.ts";
import { rebuildRegionStats } from "../../subgraphs/recovery/src/region-stats.ts";
import { validRuc } from "./fixtures.ts";
import { useRecovery } from "./harness.ts";

const h = useRecovery();

/** The annex's columns, as RM 338-2025's annex heads them. */
const HEADER = [
  "N",
  "ID",
  "EUM",
  "TIPO",
  "SUBTIPO",
  "CUENCA",
  "REGION",
  "PROVINCIA",
  "DISTRITO",
  "ESTE",
  "NORTE",
  "ZONA",
  "CÓDIGO DM",
  "NOMBRE DM",
  "TITULAR",
  "GENERADOR",
  "RESPONSABLE",
  "ESTUDIO AMBIENTAL",
];

/** A liability in El Tambo (Huancayo, Junín, 120114), zone 18. Fictitious names. */
function row(n: number, id: string): string {
  return [
    n,
    id,
    "EX UNIDAD DE PRUEBA",
    "RESIDUO MINERO",
    "RELAVE",
    "Mantaro",
    "JUNÍN",
    "HUANCAYO",
    "EL TAMBO",
    477144,
    8667909,
    18,
    "10000123",
    "DERECHO DE PRUEBA",
    "MINERA DE PRUEBA S.A.C.",
    "DESCONOCIDO",
    "DESCONOCIDO",
    "",
  ].join(";");
}

let dir: string;
let files = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tinkuy-removal-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  const { models } = h.server;
  await Promise.all([
    models.Liability.deleteMany({}),
    models.Area.deleteMany({}),
    models.Project.deleteMany({}),
    models.RegionStats.deleteMany({}),
    models.Sequence.deleteMany({}),
    h.connection.collection(AUDIT_COLLECTION).deleteMany({}),
  ]);
});

/** Imports an annex listing `ids` (rows 1, 2, …) as of `asOf`, approved by `resolution`. */
async function annex(ids: string[], asOf: string, resolution: string): Promise<PamImportSummary> {
  const file = join(dir, `anexo-${++files}.csv`);
  await writeFile(file, [HEADER.join(";"), ...ids.map((id, i) => row(i + 1, id))].join("\r\n") + "\r\n");
  return importPam(h.server.models, {
    file,
    reportPath: join(dir, `report-${++files}.csv`),
    resolution,
    asOf: new Date(`${asOf}T00:00:00.000Z`),
    now: new Date("2025-11-20T15:00:00.000Z"),
  });
}

/** The counters, a risk level at 0 left out (a write moving a liability leaves it; a rebuild writes none). */
async function counters(): Promise<Record<string, unknown>[]> {
  const docs = await h.server.models.RegionStats.collection.find({}).sort({ _id: 1 }).toArray();
  return docs.map((doc) =>
    doc.liabilities
      ? {
          ...doc,
          liabilities: Object.fromEntries(
            Object.entries(doc.liabilities as Record<string, number>).filter(([, n]) => n !== 0),
          ),
        }
      : doc,
  );
}

/** The counters, checked against what a rebuild from the liabilities computes. */
async function reconciled(): Promise<Record<string, unknown>[]> {
  const kept = await counters();
  await rebuildRegionStats(h.server.models);
  expect(await counters()).toEqual(kept);
  return kept;
}

interface Counts {
  total: number;
  high: number;
  unknown: number;
  sources: number;
}

/** `Region.recovery`'s liabilities of a region for a period (the current year when omitted). */
async function liabilities(ubigeo: string, period?: { from: string; to: string }): Promise<Counts> {
  const argument = period ? `(period: { from: "${period.from}", to: "${period.to}" })` : "";
  const data = await h.ok<{
    _entities: {
      recovery: {
        liabilities: { total: number; high: number; unknown: number };
        sources: { records: number }[];
      };
    }[];
  }>(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { recovery${argument} {
      liabilities { total high unknown } sources { records } } } } }`,
    { r: [{ __typename: "Region", ubigeo }] },
  );
  const recovery = data._entities[0]?.recovery;
  return {
    ...(recovery?.liabilities as Counts),
    sources: (recovery?.sources ?? []).reduce((sum, share) => sum + share.records, 0),
  };
}

async function listed(filter: string): Promise<{ ids: string[]; totalCount: number }> {
  const data = await h.ok<{
    miningLiabilities: { totalCount: number; edges: { node: { id: string } }[] };
  }>(`{ miningLiabilities(first: 50${filter}) { totalCount edges { node { id } } } }`);
  return {
    ids: data.miningLiabilities.edges.map((e) => e.node.id),
    totalCount: data.miningLiabilities.totalCount,
  };
}

const ASSESS = `mutation($input: AssessLiabilityRiskInput!, $key: String!) {
  assessLiabilityRisk(input: $input, idempotencyKey: $key) { id riskLevel } }`;

/** Annex A (as of 1 March 2025) lists four liabilities; PAM-R-2 is assessed HIGH; annex B (1 July) drops 2 and 3. */
async function removeTwo(): Promise<void> {
  await annex(["PAM-R-1", "PAM-R-2", "PAM-R-3", "PAM-R-4"], "2025-03-01", "RM 100-2025-MINEM/DM");
  await h.ok(ASSESS, {
    input: {
      liabilityId: "PAM-R-2",
      riskLevel: "HIGH",
      study: "Estudio de riesgo 2025",
      assessedOn: "2025-04-01",
    },
    key: "risk-pam-r-2",
  });
  const summary = await annex(["PAM-R-1", "PAM-R-4"], "2025-07-01", "RM 200-2025-MINEM/DM");
  expect(summary).toMatchObject({ noLongerListed: 2, rejected: 0 });
}

describe("liabilities removed from MINEM's inventory", () => {
  it("leave the region counters from their removal's day, counted apart by that day, as a rebuild computes them", async () => {
    await removeTwo();
    const stats = await reconciled();
    const byId = new Map(stats.map((doc) => [doc._id, doc]));
    for (const code of ["12", "1201", "120114"]) {
      expect(byId.get(code)).toMatchObject({ liabilities: { UNKNOWN: 2 } });
      expect((byId.get(code) as { liabilities: Record<string, number> }).liabilities.HIGH ?? 0).toBe(0);
      expect(byId.get(`${code}|removed|2025-07-01`)).toMatchObject({
        ubigeo: code,
        month: "2025-07",
        removedOn: "2025-07-01",
        liabilities: { HIGH: 1, UNKNOWN: 1 },
      });
    }
  });

  it("count in a period's figures only if the inventory listed them on its last day", async () => {
    await removeTwo();
    // Today (the current year): the inventory as it stands.
    expect(await liabilities("120114")).toEqual({ total: 2, high: 0, unknown: 2, sources: 2 });
    // The first half of 2025 ends before 1 July: all four were listed then, each with its risk.
    const half = { from: "2025-01-01", to: "2025-06-30" };
    expect(await liabilities("120114", half)).toEqual({ total: 4, high: 1, unknown: 3, sources: 4 });
    expect(await liabilities("12", half)).toEqual({ total: 4, high: 1, unknown: 3, sources: 4 });
    // A period cutting June ends before the removal too; one ending on 15 July does not.
    expect(await liabilities("1201", { from: "2025-06-10", to: "2025-06-30" })).toMatchObject({ total: 4 });
    expect(await liabilities("1201", { from: "2025-06-10", to: "2025-07-15" })).toMatchObject({ total: 2 });
    expect(await liabilities("120114", { from: "2025-07-01", to: "2025-07-01" })).toMatchObject({ total: 2 });
    // Still one find on the counters for a past period, whatever it cuts.
    h.mongo.resetStats();
    await liabilities("12", half);
    expect(h.allCommands()).toEqual({ region_stats: { find: 1 } });
  });

  it("are left out of the listing unless asked for, and answer by their ID with their removal", async () => {
    await removeTwo();
    expect(await listed("")).toEqual({ ids: ["PAM-R-1", "PAM-R-4"], totalCount: 2 });
    expect(await listed(", filter: { inventory: CURRENT }")).toEqual({
      ids: ["PAM-R-1", "PAM-R-4"],
      totalCount: 2,
    });
    expect(await listed(", filter: { inventory: REMOVED }")).toEqual({
      ids: expect.arrayContaining(["PAM-R-2", "PAM-R-3"]) as string[],
      totalCount: 2,
    });
    expect((await listed(", filter: { inventory: ALL }")).totalCount).toBe(4);
    expect(await listed(`, filter: { inventory: REMOVED, ubigeo: "12", riskLevel: HIGH }`)).toEqual({
      ids: ["PAM-R-2"],
      totalCount: 1,
    });
    expect(await listed(`, filter: { riskLevel: HIGH }`)).toEqual({ ids: [], totalCount: 0 });

    const one = await h.ok<{ miningLiability: Record<string, unknown> }>(
      `{ miningLiability(id: "PAM-R-3") { id removedFromInventory { since resolution lastRow } } }`,
    );
    expect(one.miningLiability).toEqual({
      id: "PAM-R-3",
      removedFromInventory: { since: "2025-07-01", resolution: "RM 200-2025-MINEM/DM", lastRow: 3 },
    });
    // The catalogue counts the listed ones: the two of annex B (the two A no longer backs are left out).
    const catalogue = await h.ok<{ datasets: { totalRecords: number } }>(
      `{ datasets { totalRecords(kind: OFFICIAL) } }`,
    );
    expect(catalogue.datasets.totalRecords).toBe(2);
  });

  it("are left out of an operator's liabilities unless asked for", async () => {
    await removeTwo();
    const company = validRuc("2045678912");
    await h.server.models.Liability.updateMany({}, { $set: { responsibleRuc: company } });
    const data = await h.ok<{ _entities: Record<string, { id: string }[]>[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Operator {
        current: liabilities { id } removed: liabilities(inventory: REMOVED) { id }
        all: liabilities(inventory: ALL) { id } } } }`,
      { r: [{ __typename: "Operator", ruc: company }] },
    );
    const ids = (key: string) => (data._entities[0]?.[key] ?? []).map((l) => l.id);
    expect(ids("current")).toEqual(["PAM-R-1", "PAM-R-4"]);
    expect(ids("removed").sort()).toEqual(["PAM-R-2", "PAM-R-3"]);
    expect(ids("all")).toHaveLength(4);
  });

  it("refuse a risk assessment or a restoration project naming them, changing nothing", async () => {
    await removeTwo();
    const before = await h.server.models.Liability.collection.find({}).sort({ ID: 1 }).toArray();
    const countersBefore = await counters();

    const assessed = await h.run(ASSESS, {
      input: { liabilityId: "PAM-R-3", riskLevel: "LOW", study: "Estudio tardío", assessedOn: "2025-08-01" },
      key: "risk-pam-r-3",
    });
    expect(assessed.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.liabilityId",
    });
    expect(assessed.errors?.[0]?.message).toMatch(
      /PAM-R-3 is no longer in MINEM's inventory: the annex as of 2025-07-01 \(RM 200-2025-MINEM\/DM\) removed it/,
    );

    const area = await h.ok<{ registerDegradedArea: { id: string } }>(
      `mutation { registerDegradedArea(input: { ubigeo: "120114", hectares: 2, cause: OTHER, source: MINEM,
        detectedOn: "2025-02-01" }, idempotencyKey: "area-removal-test") { id } }`,
    );
    const areasBefore = await h.server.models.Area.collection.find({}).toArray();
    const countersWithArea = await counters();
    const project = await h.run(
      `mutation($input: RegisterRestorationProjectInput!) {
        registerRestorationProject(input: $input, idempotencyKey: "project-removal-test") { id } }`,
      {
        input: {
          name: "Cierre de pasivos de prueba",
          ubigeo: "120114",
          degradedAreaIds: [area.registerDegradedArea.id],
          liabilityIds: ["PAM-R-1", "PAM-R-2"],
          hectaresPlanned: 1,
          budget: "1000.00",
          implementingAgency: "AMSAC",
          startDate: "2025-09-01",
        },
      },
    );
    expect(project.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.liabilityIds.1",
    });
    expect(project.errors?.[0]?.message).toMatch(/a project cannot remediate it/);

    // Nothing changed: the liabilities, the areas, no project, the counters (beyond the area's own).
    expect(await h.server.models.Liability.collection.find({}).sort({ ID: 1 }).toArray()).toEqual(before);
    expect(await h.server.models.Area.collection.find({}).toArray()).toEqual(areasBefore);
    expect(await h.server.models.Project.countDocuments()).toBe(0);
    expect(countersWithArea.filter((doc) => !String(doc._id).includes("|2025-02"))).toEqual(countersBefore);
    expect(await counters()).toEqual(countersWithArea);
  });

  it("come back, risk and all, when a newer annex lists them again, with the counters reconciled", async () => {
    await removeTwo();
    const summary = await annex(["PAM-R-1", "PAM-R-2", "PAM-R-4"], "2025-10-01", "RM 300-2025-MINEM/DM");
    expect(summary).toMatchObject({ updated: 3, noLongerListed: 0 });
    const byId = new Map((await reconciled()).map((doc) => [doc._id, doc]));
    expect(byId.get("120114")).toMatchObject({ liabilities: { UNKNOWN: 2, HIGH: 1 } });
    expect(byId.get("120114|removed|2025-07-01")).toMatchObject({ liabilities: { UNKNOWN: 1 } });
    expect(
      (byId.get("120114|removed|2025-07-01") as { liabilities: Record<string, number> }).liabilities.HIGH ??
        0,
    ).toBe(0);

    expect(await liabilities("120114")).toEqual({ total: 3, high: 1, unknown: 2, sources: 3 });
    expect(await liabilities("120114", { from: "2025-01-01", to: "2025-06-30" })).toMatchObject({ total: 4 });
    expect(await listed("")).toEqual({ ids: ["PAM-R-1", "PAM-R-2", "PAM-R-4"], totalCount: 3 });
    expect(await listed(", filter: { inventory: REMOVED }")).toEqual({ ids: ["PAM-R-3"], totalCount: 1 });

    // Listed again, it can be assessed again.
    const assessed = await h.run(ASSESS, {
      input: {
        liabilityId: "PAM-R-2",
        riskLevel: "VERY_HIGH",
        study: "Estudio 2025-II",
        assessedOn: "2025-10-15",
      },
      key: "risk-pam-r-2-again",
    });
    expect(assessed.errors).toBeUndefined();
    expect(await liabilities("120114")).toMatchObject({ total: 3, high: 0 });
    await reconciled();
  });
});

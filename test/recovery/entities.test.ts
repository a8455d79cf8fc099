import { beforeAll, describe, expect, it } from "vitest";
import { departments } from "../support/region-entity.ts";
import {
  REGISTER_AREA,
  REGISTER_PROJECT,
  area,
  liability,
  loadLiabilities,
  project,
  validRuc,
} from "./fixtures.ts";
import { useRecovery } from "./harness.ts";

const h = useRecovery();

/** 100 operators; 100 liabilities, two for each of the first 50 operators (in Recuay, Áncash, and Ananea, Puno). */
const RUCS = Array.from({ length: 100 }, (_, i) => validRuc(`20${String(30000000 + i * 977)}`));

beforeAll(async () => {
  await loadLiabilities(
    h.server.models,
    Array.from({ length: 100 }, (_, i) =>
      liability(i + 1, { ID_DIST: i % 2 === 0 ? "021701" : "211002", responsibleRuc: RUCS[i % 50] ?? null }),
    ),
  );
  for (let i = 0; i < 5; i++) {
    const result = await h.run(REGISTER_AREA, {
      input: area({ hectares: 20 + i }),
      key: `key-entity-area-${i}`,
    });
    expect(result.errors).toBeUndefined();
  }
  const registered = await h.run(REGISTER_PROJECT, {
    input: project({ degradedAreaIds: ["DA-0000001", "DA-0000002"], hectaresPlanned: 30 }),
    key: "key-entity-project-1",
  });
  expect(registered.errors).toBeUndefined();
  const remediation = await h.run(REGISTER_PROJECT, {
    input: project({
      ubigeo: "17",
      degradedAreaIds: ["DA-0000003"],
      hectaresPlanned: 5,
      liabilityIds: [],
    }),
    key: "key-entity-project-2",
  });
  expect(remediation.errors).toBeUndefined();
});

async function entities(representations: Record<string, unknown>[], selection: string): Promise<unknown[]> {
  const result = await h.run(`query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`, {
    r: representations,
  });
  expect(result.errors).toBeUndefined();
  return result.data?._entities as unknown[];
}

describe("entity resolution", () => {
  it("resolves 100 Operator entities and their liabilities with one database command", async () => {
    h.mongo.resetStats();
    const found = (await entities(
      RUCS.map((ruc) => ({ __typename: "Operator", ruc })),
      `... on Operator { ruc liabilities { id district { ubigeo } } }`,
    )) as { ruc: string; liabilities: { id: string }[] }[];
    expect(found).toHaveLength(100);
    expect(found[0]?.liabilities.map((l) => l.id)).toEqual(["1001", "1051"]);
    expect(found[99]?.liabilities).toEqual([]);
    expect(h.allCommands()).toEqual({ mining_liabilities: { find: 1 } });
  });

  it("resolves 100 MiningLiability entities with one database command, null for unknown IDs", async () => {
    h.mongo.resetStats();
    const found = (await entities(
      Array.from({ length: 100 }, (_, i) => ({ __typename: "MiningLiability", id: String(1001 + i * 2) })),
      `... on MiningLiability { id riskLevel responsible { ruc } district { name } location { latitude } }`,
    )) as ({ id: string } | null)[];
    expect(found.filter((l) => l !== null)).toHaveLength(50);
    expect(found[50]).toBeNull();
    expect(h.allCommands()).toEqual({ mining_liabilities: { find: 1 } });
  });

  it("resolves DegradedArea and RestorationProject entities with one command per collection", async () => {
    h.mongo.resetStats();
    const areas = await entities(
      Array.from({ length: 100 }, (_, i) => ({
        __typename: "DegradedArea",
        id: `DA-${String(i + 1).padStart(7, "0")}`,
      })),
      `... on DegradedArea { id hectares district { ubigeo } }`,
    );
    expect(areas.filter((a) => a !== null)).toHaveLength(5);
    expect(h.allCommands()).toEqual({ degraded_areas: { find: 1 } });

    h.mongo.resetStats();
    const projects = (await entities(
      Array.from({ length: 100 }, (_, i) => ({
        __typename: "RestorationProject",
        id: `RP-${String(i + 1).padStart(4, "0")}`,
      })),
      `... on RestorationProject { id degradedAreas { id } liabilities { id } measurements { value } }`,
    )) as ({ id: string; degradedAreas: { id: string }[] } | null)[];
    expect(projects.filter((p) => p !== null).map((p) => p?.degradedAreas.map((a) => a.id))).toEqual([
      ["DA-0000001", "DA-0000002"],
      ["DA-0000003"],
    ]);
    // Projects, then their areas and measurements, each in one batch (no project lists liabilities).
    expect(h.allCommands()).toEqual({
      restoration_projects: { find: 1 },
      degraded_areas: { find: 1 },
      monitoring_measurements: { find: 1 },
    });
  });

  it("resolves Region entities from the catalog: unknown codes and invalid RUCs give null, not errors", async () => {
    const found = await entities(
      [
        { __typename: "Region", ubigeo: "021701" },
        { __typename: "Region", ubigeo: "999999" },
        { __typename: "Operator", ruc: "20512333798" },
      ],
      `... on Region { ubigeo name } ... on Operator { ruc }`,
    );
    expect(found).toEqual([{ ubigeo: "021701", name: "Recuay" }, null, null]);
  });

  it("lists the RUCs responsible for liabilities in each region, one aggregation per region level", async () => {
    h.mongo.resetStats();
    const found = (await entities(
      departments().map((ubigeo) => ({ __typename: "Region", ubigeo })),
      `... on Region { ubigeo liabilityResponsibleRucs }`,
    )) as { ubigeo: string; liabilityResponsibleRucs: string[] }[];
    expect(found).toHaveLength(25);
    const even = RUCS.slice(0, 50).filter((_, i) => i % 2 === 0);
    expect(found.find((r) => r.ubigeo === "02")?.liabilityResponsibleRucs).toEqual([...even].sort());
    expect(found.find((r) => r.ubigeo === "21")?.liabilityResponsibleRucs).toHaveLength(25);
    expect(found.find((r) => r.ubigeo === "17")?.liabilityResponsibleRucs).toEqual([]);
    expect(h.allCommands()).toEqual({ mining_liabilities: { aggregate: 1 } });

    h.mongo.resetStats();
    const mixed = (await entities(
      ["02", "0217", "021701", "21", "211002"].map((ubigeo) => ({ __typename: "Region", ubigeo })),
      `... on Region { liabilityResponsibleRucs }`,
    )) as { liabilityResponsibleRucs: string[] }[];
    expect(mixed.map((r) => r.liabilityResponsibleRucs.length)).toEqual([25, 25, 25, 25, 25]);
    expect(h.allCommands()).toEqual({ mining_liabilities: { aggregate: 3 } });
  });
});

describe("Region.degradedAreaSightings", () => {
  it("lists every located area of each region with its point and detection date, one find per region level", async () => {
    // An area with no point (registered by an earlier version without one) in another district of Tambopata.
    await h.server.models.Area.collection.insertOne({
      code: "DA-0000099",
      department: "17",
      province: "1701",
      district: "170101",
      ares: 100,
      restoredAres: 0,
      cause: "ILLEGAL_MINING",
      source: "OTHER",
      detectedOn: new Date("2020-02-02T00:00:00.000Z"),
      latitude: null,
      longitude: null,
    });
    const located = (
      await h.server.models.Area.find({ latitude: { $ne: null } })
        .sort({ detectedOn: 1, code: 1 })
        .lean()
    ).map((a) => ({
      latitude: a.latitude,
      longitude: a.longitude,
      detectedOn: a.detectedOn.toISOString().slice(0, 10),
    }));
    expect(located).toHaveLength(5);
    h.mongo.resetStats();
    const found = (await entities(
      [...departments(), "1701", "170101", "170102", "0217"].map((ubigeo) => ({
        __typename: "Region",
        ubigeo,
      })),
      `... on Region { ubigeo degradedAreaSightings { latitude longitude detectedOn } }`,
    )) as { ubigeo: string; degradedAreaSightings: unknown[] }[];
    const of = (ubigeo: string) => found.find((r) => r.ubigeo === ubigeo)?.degradedAreaSightings;
    // The five registered areas lie in 170102; the one without a point cannot be placed, so no region lists it.
    expect(of("170102")).toEqual(located);
    expect(of("1701")).toEqual(located);
    expect(of("17")).toEqual(located);
    expect(of("170101")).toEqual([]);
    expect(of("0217")).toEqual([]);
    expect(of("02")).toEqual([]);
    expect(h.allCommands()).toEqual({ degraded_areas: { find: 3 } });
    await h.server.models.Area.deleteOne({ code: "DA-0000099" });
  });
});

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AUDIT_COLLECTION, AuditLog, importExitCode, ImportError } from "../../packages/kit/src/index.ts";
import {
  importDegradedAreas,
  type DegradedAreasImportOptions,
  type DegradedAreasImportSummary,
} from "../../subgraphs/recovery/src/import/degraded-areas/import-degraded-areas.ts";
import { rebuildRegionStats } from "../../subgraphs/recovery/src/region-stats.ts";
import { auditEntries } from "../support/database.ts";
import { TEST_KEYS, viewers } from "../support/viewers.ts";
import { useRecovery } from "./harness.ts";

const h = useRecovery();
/** The import's clock: fixed, so that two imports of the same file write the same documents. */
const NOW = new Date("2025-11-20T15:00:00.000Z");

type Feature = Record<string, unknown>;

/** A square `size` degrees wide whose south-west corner is (west, south), counter-clockwise. */
function square(west: number, south: number, size = 0.01): number[][] {
  return [
    [west, south],
    [west + size, south],
    [west + size, south + size],
    [west, south + size],
    [west, south],
  ];
}

/** An area near Puerto Maldonado (Tambopata, Madre de Dios), detected in 2024. Fictitious. */
function feature(id: string | number | undefined, extra: Feature = {}, properties: Feature = {}): Feature {
  return {
    type: "Feature",
    ...(id === undefined ? {} : { id }),
    properties: { detected_on: "2024-03-15", name: `Frente de prueba ${String(id)}`, ...properties },
    geometry: { type: "Polygon", coordinates: [square(-69.25, -12.62)] },
    ...extra,
  };
}

let dir: string;
let files = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tinkuy-areas-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  const { models } = h.server;
  await Promise.all([
    models.Area.deleteMany({}),
    models.RegionStats.deleteMany({}),
    h.connection.collection(AUDIT_COLLECTION).deleteMany({}),
  ]);
});

async function layer(features: Feature[], extra: Record<string, unknown> = {}): Promise<string> {
  const path = join(dir, `areas-${++files}.geojson`);
  await writeFile(path, JSON.stringify({ type: "FeatureCollection", ...extra, features }));
  return path;
}

function load(
  file: string,
  options: Partial<DegradedAreasImportOptions> = {},
): Promise<DegradedAreasImportSummary> {
  return importDegradedAreas(h.server.models, {
    file,
    reportPath: join(dir, `report-${++files}.csv`),
    source: "MAAP",
    asOf: new Date("2025-07-01T00:00:00.000Z"),
    now: NOW,
    ...options,
  });
}

async function report(summary: DegradedAreasImportSummary): Promise<string[][]> {
  return parseCsv(await readFile(summary.reportPath), { bom: true });
}

async function stored(): Promise<Record<string, unknown>[]> {
  return h.server.models.Area.collection
    .find({}, { projection: { _id: 0 } })
    .sort({ code: 1 })
    .toArray();
}

async function counters(): Promise<Record<string, unknown>[]> {
  return h.server.models.RegionStats.collection.find({}).sort({ _id: 1 }).toArray();
}

/** The area of a `size`-degree lon/lat square whose south edge is at `south`, on a sphere of turf's radius, in hectares: R² Δλ |sin φ₁ − sin φ₂|. */
function sphericalHectares(south: number, size: number): number {
  const R = 6_371_008.8;
  const rad = Math.PI / 180;
  return (R * R * size * rad * Math.abs(Math.sin((south + size) * rad) - Math.sin(south * rad))) / 10_000;
}

describe("import:degraded-areas", () => {
  it("loads a layer: the feature's id, hectares on the sphere, the district of its point, PUBLISHED provenance, counters, one audit entry", async () => {
    const file = await layer([
      feature("MAAP-T-1", {}, { cause: "illegal mining" }),
      // The id as a property, a MultiPolygon of two squares, no name, no cause.
      {
        type: "Feature",
        properties: { id: 2002, detected_on: "2024-11-30T00:00:00Z" },
        geometry: {
          type: "MultiPolygon",
          coordinates: [[square(-69.3, -12.7, 0.02)], [square(-69.26, -12.7, 0.01)]],
        },
      },
    ]);
    const summary = await load(file, {
      audit: {
        log: new AuditLog(h.connection, pino({ level: "silent" }), TEST_KEYS.auditKey),
        viewer: viewers.admin,
        requestId: "import-test",
      },
    });
    expect(summary).toMatchObject({
      read: 2,
      inserted: 2,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      approximateDistricts: 0,
    });
    expect(importExitCode(summary)).toBe(0);
    expect(summary.dataset).toMatch(/^areas-\d+\.geojson sha256:[0-9a-f]{64}$/);

    const areas = await h.server.models.Area.find({}).sort({ code: 1 }).lean();
    expect(
      areas.map((a) => [a.code, a.district, a.province, a.department, a.cause, a.source, a.name ?? null]),
    ).toEqual([
      ["2002", "170101", "1701", "17", "OTHER", "MAAP", null],
      ["MAAP-T-1", "170101", "1701", "17", "ILLEGAL_MINING", "MAAP", "Frente de prueba MAAP-T-1"],
    ]);
    const [multi, single] = areas as [(typeof areas)[0], (typeof areas)[0]];
    // On the sphere, to the are: a planar degree-square would be off by cos(latitude), about 2.4% here.
    expect(single.ares).toBe(Math.round(sphericalHectares(-12.62, 0.01) * 100));
    expect(multi.ares).toBe(
      Math.round((sphericalHectares(-12.7, 0.02) + sphericalHectares(-12.7, 0.01)) * 100),
    );
    expect(single.ares).toBeGreaterThan(12_000);
    expect(single.detectedOn.toISOString()).toBe("2024-03-15T00:00:00.000Z");
    expect(multi.detectedOn.toISOString()).toBe("2024-11-30T00:00:00.000Z");
    // The representative point lies on the surface.
    expect(single.longitude).toBeGreaterThan(-69.25);
    expect(single.longitude).toBeLessThan(-69.24);
    expect(single.provenance).toMatchObject({
      kind: "PUBLISHED",
      dataset: summary.dataset,
      source: expect.stringContaining("MAAP"),
    });
    expect(single.provenance.asOf.toISOString()).toBe("2025-07-01T00:00:00.000Z");

    const march = await h.server.models.RegionStats.findById("170101|2024-03").lean();
    expect(march).toMatchObject({ degradedAreas: 1, degradedAres: single.ares });
    const region = await h.server.models.RegionStats.findById("17|2024-11").lean();
    expect(region).toMatchObject({ degradedAreas: 1, degradedAres: multi.ares });

    const entries = await auditEntries(h.connection);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      operation: "importDegradedAreas",
      outcome: "OK",
      counts: { read: 2, inserted: 2, rejected: 0 },
    });

    // Through the API: the feature's id is the area's id.
    const result = await h.run(
      `{ degradedAreas(first: 5) { edges { node { id hectares source district { ubigeo } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const nodes = (result.data as { degradedAreas: { edges: { node: Record<string, unknown> }[] } })
      .degradedAreas.edges;
    expect(nodes.map((e) => e.node)).toContainEqual({
      id: "MAAP-T-1",
      hectares: single.ares / 100,
      source: "MAAP",
      district: { ubigeo: "170101" },
    });
    // And by its id, as a restoration project names it.
    const one = await h.run(`{ degradedArea(id: "MAAP-T-1") { id source } }`);
    expect(one.errors).toBeUndefined();
    expect(one.data).toEqual({ degradedArea: { id: "MAAP-T-1", source: "MAAP" } });

    // Run again: nothing changes.
    const again = await load(file);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejected: 0 });
  });

  it("refuses, by id, a polygon outside Peru, an unclosed ring, a self-intersecting ring, what is not an area, a missing date, and an id twice", async () => {
    const file = await layer([
      feature("OK-1"),
      feature("BRASIL", { geometry: { type: "Polygon", coordinates: [square(-60, -10)] } }),
      feature("OPEN", { geometry: { type: "Polygon", coordinates: [square(-69.25, -12.62).slice(0, 4)] } }),
      feature("BOWTIE", {
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [-69.25, -12.62],
              [-69.24, -12.61],
              [-69.24, -12.62],
              [-69.25, -12.61],
              [-69.25, -12.62],
            ],
          ],
        },
      }),
      feature("POINT", { geometry: { type: "Point", coordinates: [-69.25, -12.62] } }),
      feature("LINE", {
        geometry: {
          type: "LineString",
          coordinates: [
            [-69.25, -12.62],
            [-69.24, -12.61],
          ],
        },
      }),
      feature("NOGEOM", { geometry: null }),
      feature("NODATE", {}, { detected_on: undefined }),
      feature("BADDATE", {}, { detected_on: "15/03/2024" }),
      feature("BADCAUSE", {}, { cause: "FLOODS" }),
      feature(undefined),
      feature("DA-0000001"),
      feature("TWICE"),
      feature("TWICE"),
    ]);
    const summary = await load(file);
    expect(summary).toMatchObject({ read: 14, inserted: 1, rejected: 13 });
    expect(importExitCode(summary)).toBe(2);
    expect(await h.server.models.Area.countDocuments()).toBe(1);
    const rows = await report(summary);
    expect(rows[0]).toEqual(["id", "feature", "field", "reason"]);
    const byId = new Map(rows.slice(1).map((r) => [`${r[0]}|${r[1]}`, `${r[2]}: ${r[3]}`]));
    expect(byId.get("BRASIL|2")).toMatch(/^geometry: outside Peru/);
    expect(byId.get("OPEN|3")).toMatch(/^geometry: ring 1 is not closed/);
    expect(byId.get("BOWTIE|4")).toMatch(/^geometry: self-intersecting ring/);
    expect(byId.get("POINT|5")).toMatch(/^geometry: a Point is not an area/);
    expect(byId.get("LINE|6")).toMatch(/^geometry: a LineString is not an area/);
    expect(byId.get("NOGEOM|7")).toMatch(/^geometry: .*not an area/);
    expect(byId.get("NODATE|8")).toMatch(/^detected_on: missing date/);
    expect(byId.get("BADDATE|9")).toMatch(/^detected_on: .*not an ISO date/);
    expect(byId.get("BADCAUSE|10")).toMatch(/^cause: "FLOODS" is not one of/);
    expect(byId.get("|11")).toMatch(/^id: the feature has no id/);
    expect(byId.get("DA-0000001|12")).toMatch(/^id: .*the register's own/);
    expect(byId.get("TWICE|13")).toBe("id: id TWICE is also feature 14: none of them is loaded");
    expect(byId.get("TWICE|14")).toBe("id: id TWICE is also feature 13: none of them is loaded");
  });

  it("reads the date from --date-property or the year from --year-property", async () => {
    const byDate = await load(
      await layer([feature("D-1", {}, { detected_on: undefined, fecha: "2023-05-02" })]),
      {
        date: { dateProperty: "fecha" },
      },
    );
    expect(byDate).toMatchObject({ inserted: 1, rejected: 0 });
    const byYear = await load(
      await layer([
        feature("Y-1", {}, { detected_on: undefined, year: 2021 }),
        feature("Y-2", {}, { year: "1900" }),
      ]),
      { date: { yearProperty: "year" }, source: "GEOBOSQUES" },
    );
    expect(byYear).toMatchObject({ inserted: 1, rejected: 1 });
    expect((await report(byYear))[1]).toEqual(["Y-2", "2", "year", '"1900" is not a year from 1985 to 2025']);
    const dates = await h.server.models.Area.find({}).sort({ code: 1 }).lean();
    expect(dates.map((a) => [a.code, a.source, a.detectedOn.toISOString().slice(0, 10)])).toEqual([
      ["D-1", "MAAP", "2023-05-02"],
      ["Y-1", "GEOBOSQUES", "2021-01-01"],
    ]);
  });

  it("says, in each area's provenance, why its district is approximate: newer districts, a point off the lines, or a disc for a dropped district", async () => {
    const summary = await load(
      await layer([
        // Near San Antonio del Estrecho: in 2007 Maynas's Putumayo (160109), now Putumayo province's districts.
        feature("PUT-1", { geometry: { type: "Polygon", coordinates: [square(-72.68, -2.46)] } }),
        // On the shore at Lomas (Caravelí, Arequipa), about 2.1 km outside the simplified coastline.
        feature("LOM-1", { geometry: { type: "Polygon", coordinates: [square(-74.861, -15.571, 0.002)] } }),
        // La Punta (Callao): the source's simplification dropped it; its polygon is a disc around its capital.
        feature("PUN-1", { geometry: { type: "Polygon", coordinates: [square(-77.1643, -12.0738, 0.002)] } }),
        feature("EXACT-1"),
      ]),
    );
    expect(summary).toMatchObject({ inserted: 4, approximateDistricts: 3 });
    const areas = new Map((await h.server.models.Area.find({}).lean()).map((a) => [a.code, a] as const));
    const note = (code: string): string => areas.get(code)?.provenance.note ?? "";

    expect(areas.get("PUT-1")?.district).toBe("160801");
    expect(note("PUT-1")).toMatch(
      /Distrito aproximado: el punto cae en el polígono 2007 de 160109, distrito que ya no existe; se asignó 160801/,
    );
    expect(note("PUT-1")).not.toMatch(/fuera del límite|círculo/);

    expect(areas.get("LOM-1")?.district).toBe("040311");
    expect(note("LOM-1")).toMatch(
      /Distrito aproximado: el punto queda a \d+ m fuera del límite simplificado de 040311/,
    );
    expect(note("LOM-1")).not.toMatch(/se crearon|círculo/);

    expect(areas.get("PUN-1")?.district).toBe("070105");
    expect(note("PUN-1")).toMatch(/Distrito aproximado: el límite de 070105 es aproximado: un círculo/);
    expect(note("PUN-1")).not.toMatch(/se crearon|fuera del límite/);

    expect(note("EXACT-1")).not.toContain("Distrito aproximado");
  });

  it("updates an area its source changed, never one of another source or the API's, and refuses a file that is no FeatureCollection", async () => {
    await load(await layer([feature("U-1")]));
    const changed = await load(await layer([feature("U-1", {}, { cause: "INFORMAL_MINING" })]));
    expect(changed).toMatchObject({ updated: 1, inserted: 0 });
    expect((await h.server.models.Area.findOne({ code: "U-1" }).lean())?.cause).toBe("INFORMAL_MINING");

    const other = await load(await layer([feature("U-1", {}, { cause: "OTHER" })]), { source: "OEFA_PIFA" });
    expect(other).toMatchObject({ updated: 0, rejected: 1 });
    expect((await report(other))[1]).toEqual([
      "U-1",
      "1",
      "id",
      expect.stringMatching(/already names an area from MAAP/),
    ]);
    expect((await h.server.models.Area.findOne({ code: "U-1" }).lean())?.cause).toBe("INFORMAL_MINING");

    const notCollection = join(dir, "feature.geojson");
    await writeFile(notCollection, JSON.stringify(feature("X")));
    await expect(load(notCollection)).rejects.toThrow(ImportError);
    await writeFile(notCollection, "{ not json");
    await expect(load(notCollection)).rejects.toThrow(/is not JSON/);
    const utm = await layer([feature("UTM")], { crs: { type: "name", properties: { name: "EPSG:32719" } } });
    await expect(load(utm)).rejects.toThrow(/reproject/);
    expect(await h.server.models.Area.countDocuments()).toBe(1);
  });

  it("converges when killed part-way and run again, and a dry run writes nothing", async () => {
    const features = Array.from({ length: 7 }, (_, i) =>
      feature(
        `K-${i + 1}`,
        { geometry: { type: "Polygon", coordinates: [square(-69.4 + i * 0.02, -12.62)] } },
        {
          detected_on: `2024-0${(i % 3) + 1}-10`,
        },
      ),
    );
    const file = await layer(features);
    const dry = await load(file, { dryRun: true });
    expect(dry).toMatchObject({ inserted: 7, dryRun: true });
    expect(await h.server.models.Area.countDocuments()).toBe(0);
    expect(await h.server.models.RegionStats.countDocuments()).toBe(0);

    await load(file);
    const clean = await stored();
    const cleanCounters = await counters();
    await h.server.models.Area.deleteMany({});
    await h.server.models.RegionStats.deleteMany({});

    await expect(
      load(file, {
        batchSize: 3,
        afterBatch: (batch) => {
          if (batch === 1) throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
    expect(await h.server.models.Area.countDocuments()).toBe(3);
    // A kill leaves no chance to fix the counters: leave them wrong, as a SIGKILL would.
    await h.server.models.RegionStats.deleteMany({});
    const rerun = await load(file, { batchSize: 3 });
    expect(rerun).toMatchObject({ inserted: 4, unchanged: 3, rejected: 0 });
    expect(await stored()).toEqual(clean);
    expect(await counters()).toEqual(cleanCounters);
    // And the counters are those a full rebuild computes from the areas.
    await rebuildRegionStats(h.server.models);
    expect(await counters()).toEqual(cleanCounters);
  });
});

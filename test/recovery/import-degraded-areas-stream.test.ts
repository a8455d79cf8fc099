import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AUDIT_COLLECTION,
  AuditLog,
  ImportError,
  type ImportProgress,
} from "../../packages/kit/src/index.ts";
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
const NOW = new Date("2025-11-20T15:00:00.000Z");
const BATCH = 250;
/**
 * How far past the features it holds the reader may have read: the blocks in flight between the file, the byte
 * counter and the parser (64 KiB each; about seven seen at most). A reader that took the file whole would be
 * megabytes past.
 */
const READ_AHEAD = 16 * 64 * 1024;

let dir: string;
let files = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tinkuy-areas-stream-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await Promise.all([
    h.server.models.Area.deleteMany({}),
    h.server.models.RegionStats.deleteMany({}),
    h.connection.collection(AUDIT_COLLECTION).deleteMany({}),
  ]);
});

/**
 * Feature `i` of a generated layer: a 40-vertex polygon of about 1 ha in Tambopata (Madre de Dios), on a grid so
 * that no two are alike, detected in one of the first months of 2024, with a long description (ignored, as a
 * source's other properties are) that makes the file large without making it slow to check. Fictitious.
 */
function feature(i: number): string {
  const lon = -69.45 + (i % 60) * 0.004;
  const lat = -12.75 + Math.floor(i / 60) * 0.003;
  const ring: number[][] = [];
  for (let k = 0; k < 40; k++) {
    const angle = (2 * Math.PI * k) / 40;
    ring.push([+(lon + 0.0006 * Math.cos(angle)).toFixed(7), +(lat + 0.0006 * Math.sin(angle)).toFixed(7)]);
  }
  ring.push(ring[0] as number[]);
  return JSON.stringify({
    type: "Feature",
    id: `S-${i + 1}`,
    properties: {
      detected_on: `2024-0${(i % 6) + 1}-15`,
      name: `Frente generado ${i + 1}`,
      description: `Frente ${i + 1}: `.padEnd(1000, "deforestacion por mineria aluvial "),
    },
    geometry: { type: "Polygon", coordinates: [ring] },
  });
}

/**
 * A layer of `count` generated features written member by member, `type` last (RFC 7946 does not order members),
 * with the byte offset where each feature ends; `tail` replaces the closing text (to break the file).
 */
async function bigLayer(
  count: number,
  options: { type?: string; tail?: string } = {},
): Promise<{ file: string; ends: number[]; size: number }> {
  const ends: number[] = [];
  let text = '{"features":[';
  for (let i = 0; i < count; i++) {
    text += (i > 0 ? "," : "") + feature(i);
    ends.push(text.length);
  }
  text += options.tail ?? `],"type":${JSON.stringify(options.type ?? "FeatureCollection")}}`;
  const file = join(dir, `stream-${++files}.geojson`);
  await writeFile(file, text);
  // ASCII only, so offsets in the text are offsets in the file.
  expect(Buffer.byteLength(text)).toBe(text.length);
  return { file, ends, size: text.length };
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
    batchSize: BATCH,
    ...options,
  });
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

describe("import:degraded-areas streams the layer", () => {
  it("imports 3,000 features in batches of 250, never more than a batch and a read-ahead window into the file, with type after features", async () => {
    const { file, ends, size } = await bigLayer(3000);
    expect(size).toBeGreaterThan(5_000_000);
    const progress: ImportProgress[] = [];
    const summary = await load(file, { onProgress: (p) => progress.push({ ...p }) });
    expect(summary).toMatchObject({ read: 3000, inserted: 3000, rejected: 0, batches: 12 });
    expect(await h.server.models.Area.countDocuments()).toBe(3000);

    // One report per batch: each batch held exactly 250 features, and when batch k was written the reader had
    // read the file up to the end of its 250·k-th feature and at most a read-ahead window beyond.
    expect(progress).toHaveLength(12);
    for (const [k, p] of progress.entries()) {
      expect(p.rows).toBe(BATCH * (k + 1));
      expect(p.totalBytes).toBe(size);
      const end = ends[BATCH * (k + 1) - 1] as number;
      expect(p.bytes).toBeGreaterThanOrEqual(Math.min(end, size));
      expect(p.bytes).toBeLessThanOrEqual(end + READ_AHEAD);
    }
    // The first batch was written with less than a third of the file read.
    expect((progress[0] as ImportProgress).bytes).toBeLessThan(size / 3);
  });

  it("refuses, before writing anything, a file whose type (after its features) is not FeatureCollection", async () => {
    const { file } = await bigLayer(600, { type: "Feature" });
    const failure = await load(file).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImportError);
    expect((failure as ImportError).field).toBe("type");
    expect(await h.server.models.Area.countDocuments()).toBe(0);
  });

  it("refuses, before writing anything, a file that stops being JSON part-way, saying at which line and column", async () => {
    const { file } = await bigLayer(2000, { tail: ',{"id": "S-broken", "properties": {"name": }}]}' });
    const failure = await load(file, {
      audit: {
        log: new AuditLog(h.connection, pino({ level: "silent" }), TEST_KEYS.auditKey),
        viewer: viewers.admin,
        requestId: "import-broken",
      },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImportError);
    expect((failure as Error).message).toMatch(
      /^.*stream-\d+\.geojson is not JSON: line 1, column \d+: expected a value$/,
    );
    expect(await h.server.models.Area.countDocuments()).toBe(0);
    expect(await h.server.models.RegionStats.countDocuments()).toBe(0);
    expect(await auditEntries(h.connection)).toHaveLength(0);
  });

  it("fails on a file broken while it is imported with the batches written whole and counted, and converges when the mended file is run again", async () => {
    const { file, ends } = await bigLayer(1500);
    await load(file);
    const clean = await stored();
    const cleanCounters = await counters();
    await h.server.models.Area.deleteMany({});
    await h.server.models.RegionStats.deleteMany({});

    // After the first batch, break the file where feature 1,351 starts (past anything read yet), as a copy
    // still being written would be: the second pass meets text that is not JSON there.
    const at = (ends[1349] as number) + 1;
    let original = Buffer.alloc(0);
    const failure = await load(file, {
      audit: {
        log: new AuditLog(h.connection, pino({ level: "silent" }), TEST_KEYS.auditKey),
        viewer: viewers.admin,
        requestId: "import-changed",
      },
      afterBatch: async (batch) => {
        if (batch !== 1) return;
        const handle = await open(file, "r+");
        original = Buffer.alloc(8);
        await handle.read(original, 0, 8, at);
        await handle.write(Buffer.from("@@@@@@@@"), 0, 8, at);
        await handle.close();
      },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ImportError);
    expect((failure as Error).message).toMatch(
      /changed while it was imported and is no longer JSON \(line 1, column \d+/,
    );

    // Whole batches only, each area exactly as a clean import writes it, and the counters rebuilt from them.
    const written = await stored();
    expect(written.length % BATCH).toBe(0);
    expect(written.length).toBeGreaterThanOrEqual(BATCH);
    expect(written.length).toBeLessThan(1500);
    const byCode = new Map(clean.map((area) => [area.code, area]));
    for (const area of written) expect(area).toEqual(byCode.get(area.code as string));
    const afterFailure = await counters();
    await rebuildRegionStats(h.server.models);
    expect(await counters()).toEqual(afterFailure);
    expect(await auditEntries(h.connection)).toMatchObject([
      { operation: "importDegradedAreas", outcome: "FAILED", counts: { inserted: written.length } },
    ]);

    // Mend the file and run again: the rest is written, nothing twice.
    const handle = await open(file, "r+");
    await handle.write(original, 0, 8, at);
    await handle.close();
    const rerun = await load(file);
    expect(rerun).toMatchObject({ inserted: 1500 - written.length, unchanged: written.length, rejected: 0 });
    expect(await stored()).toEqual(clean);
    expect(await counters()).toEqual(cleanCounters);
  });

  it("fails when the file changed between its two passes, even into other valid JSON, with the batches written whole", async () => {
    const { file, ends } = await bigLayer(600);
    const failure = await load(file, {
      afterBatch: async (batch) => {
        if (batch !== 1) return;
        // Feature 551's description, inside a string: still JSON, no longer the file the first pass hashed.
        const handle = await open(file, "r+");
        await handle.write(Buffer.from("CHANGED!"), 0, 8, (ends[549] as number) + 200);
        await handle.close();
      },
    }).catch((error: unknown) => error);
    expect(failure).not.toBeInstanceOf(ImportError);
    expect((failure as Error).message).toMatch(
      /changed while it was imported \(its SHA-256 is no longer [0-9a-f]{64}\)/,
    );
    // Every batch was written (the change is only found at the end), each area whole.
    expect(await h.server.models.Area.countDocuments()).toBe(600);
  });
});

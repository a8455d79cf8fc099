import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import {
  datasetName,
  fileSha256,
  ImportError,
  importAuditOutcome,
  provenance,
  RejectionReport,
  type AuditLog,
  type ImportProgress,
  type ProvenanceDoc,
  type Viewer,
} from "@tinkuy/kit";
import type { mongo } from "mongoose";
import type { AreaDoc, Models } from "../../models.ts";
import { rebuildRegionStats } from "../../region-stats.ts";
import type { DetectionSource } from "../../vocabulary.ts";
import { featureId, readAreaFeature, type AreaFeature, type DateRule } from "./area-feature.ts";
import { LAYER_PUBLISHERS } from "./publishers.ts";

/** Areas written per database round trip. */
export const DEFAULT_BATCH_SIZE = 200;

/** The largest layer read: the file is parsed whole (GeoJSON has no line to stream by). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface DegradedAreasImportOptions {
  file: string;
  reportPath: string;
  /** Whose layer it is: stored as each area's `source` and named in its provenance. */
  source: DetectionSource;
  /** Where the detection date is (default: the `detected_on` property, an ISO date). */
  date?: DateRule;
  /** The day the layer describes (its publication); the import's day when omitted. */
  asOf?: Date | undefined;
  dryRun?: boolean;
  batchSize?: number;
  now?: Date;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** Called after each batch is written (its number, from 1): where tests interrupt an import. */
  afterBatch?: (batch: number) => void | Promise<void>;
  audit?: { log: AuditLog; viewer: Viewer; requestId: string };
}

export interface DegradedAreasImportSummary {
  /** Features read. */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Areas placed in a district whose 2007 polygon has newer districts inside it (see `locateDistrict`). */
  approximateDistricts: number;
  batches: number;
  regionsCorrected: number;
  interrupted: boolean;
  sha256: string;
  dataset: string;
  reportPath: string;
  dryRun: boolean;
}

interface Context {
  models: Models;
  dryRun: boolean;
  now: Date;
  source: DetectionSource;
  origin: ProvenanceDoc;
}

/**
 * Imports a layer of degraded areas (an RFC 7946 FeatureCollection of Polygon and MultiPolygon features) into
 * the areas, upserted by the feature's id. Each feature is checked (`readAreaFeature`); a refused one is
 * reported by its id with the property and reason and changes nothing; an id twice in the file refuses both
 * features (the file contradicts itself); an id an area of another source (or the API) already has is refused
 * rather than overwritten. The region counters are rebuilt at the end, so a run killed part-way and run again
 * converges. A problem with the whole file is an {@link ImportError} before anything is written.
 */
export async function importDegradedAreas(
  models: Models,
  options: DegradedAreasImportOptions,
): Promise<DegradedAreasImportSummary> {
  const now = options.now ?? new Date();
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const rule: DateRule = options.date ?? { dateProperty: "detected_on" };
  const features = await readCollection(options.file);
  const sha256 = await fileSha256(options.file);
  const dataset = datasetName(options.file, sha256);
  const origin = provenance({
    kind: "PUBLISHED",
    dataset,
    source: LAYER_PUBLISHERS[options.source],
    asOf: dayOf(options.asOf ?? now),
    note:
      `Capa de áreas degradadas de ${options.source}; hectáreas sobre la esfera, distrito según los límites ` +
      "distritales INEI 2007 del punto representativo de cada polígono",
  });
  const report = await RejectionReport.open(options.reportPath, { locator: "id", codeColumn: "feature" });
  const summary: DegradedAreasImportSummary = {
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    approximateDistricts: 0,
    batches: 0,
    regionsCorrected: 0,
    interrupted: false,
    sha256,
    dataset,
    reportPath: report.path,
    dryRun,
  };
  const positions = new Map<string, number[]>();
  for (const [i, feature] of features.entries()) {
    const id = featureId(feature);
    if (id !== undefined) positions.set(id, [...(positions.get(id) ?? []), i + 1]);
  }
  const context: Context = { models, dryRun, now, source: options.source, origin };
  const today = dayOf(now);
  let failure: unknown;
  try {
    let batch: AreaFeature[] = [];
    const flush = async (): Promise<void> => {
      const outcome = await applyBatch(context, batch);
      batch = [];
      summary.batches++;
      summary.inserted += outcome.inserted;
      summary.updated += outcome.updated;
      summary.unchanged += outcome.unchanged;
      summary.rejected += outcome.rejections.length;
      for (const r of outcome.rejections) {
        await report.add({ ...r, code: String(positions.get(r.id)?.[0] ?? "") });
      }
      options.onProgress?.({ bytes: summary.read, totalBytes: features.length, rows: summary.read });
      await options.afterBatch?.(summary.batches);
    };
    for (const [i, feature] of features.entries()) {
      summary.read++;
      const id = featureId(feature);
      const where = { id: id ?? "", code: String(i + 1) };
      const same = id === undefined ? [] : (positions.get(id) ?? []);
      if (same.length > 1) {
        summary.rejected++;
        const others = same.filter((n) => n !== i + 1).join(", ");
        await report.add({
          ...where,
          field: "id",
          reason: `id ${id} is also feature ${others}: none of them is loaded`,
        });
        continue;
      }
      const read = readAreaFeature(feature, rule, today);
      if (Array.isArray(read)) {
        summary.rejected++;
        for (const problem of read) await report.add({ ...where, ...problem });
        continue;
      }
      if (!read.location.exact) summary.approximateDistricts++;
      batch.push(read);
      if (batch.length >= batchSize) {
        await flush();
        if (options.signal?.aborted) {
          summary.interrupted = true;
          break;
        }
      }
    }
    if (!summary.interrupted && batch.length > 0) await flush();
    if (!dryRun) summary.regionsCorrected = await rebuildRegionStats(models);
  } catch (error) {
    failure = error;
    if (!dryRun && summary.batches > 0) {
      summary.regionsCorrected = await rebuildRegionStats(models).catch(() => 0);
    }
    throw error;
  } finally {
    await report.close();
    if (options.audit && !dryRun) {
      await options.audit.log.record({
        viewer: options.audit.viewer,
        requestId: options.audit.requestId,
        operation: "importDegradedAreas",
        args: { file: basename(options.file), sha256, source: options.source },
        outcome: importAuditOutcome(summary, failure),
        counts: {
          read: summary.read,
          inserted: summary.inserted,
          updated: summary.updated,
          unchanged: summary.unchanged,
          rejected: summary.rejected,
          approximateDistricts: summary.approximateDistricts,
          regionsCorrected: summary.regionsCorrected,
        },
      });
    }
  }
  return summary;
}

/** The file's features, or an {@link ImportError} saying why it is no FeatureCollection. */
async function readCollection(file: string): Promise<unknown[]> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new ImportError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (size > MAX_FILE_BYTES) {
    throw new ImportError(
      `${file} has ${size} bytes, more than the ${MAX_FILE_BYTES} a layer may have: split it`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse((await readFile(file, "utf8")).replace(/^\uFEFF/, "")) as unknown;
  } catch (error) {
    throw new ImportError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const collection = value as { type?: unknown; features?: unknown; crs?: unknown };
  if (typeof value !== "object" || value === null || collection.type !== "FeatureCollection") {
    throw new ImportError(`${file} is not a GeoJSON FeatureCollection (RFC 7946)`, "type");
  }
  if (!Array.isArray(collection.features)) {
    throw new ImportError(`${file} has no features list`, "features");
  }
  if (collection.crs !== undefined && !/CRS84|4326/.test(JSON.stringify(collection.crs))) {
    throw new ImportError(
      `${file} declares the CRS ${JSON.stringify(collection.crs)}: RFC 7946 layers are WGS84 longitude/latitude; reproject it`,
      "crs",
    );
  }
  return collection.features;
}

type Stored = Pick<
  AreaDoc,
  | "code"
  | "name"
  | "district"
  | "ares"
  | "cause"
  | "source"
  | "detectedOn"
  | "geometry"
  | "latitude"
  | "longitude"
  | "provenance"
  | "registrationKey"
>;

/**
 * Upserts one batch by id, each area whole in one single-document write. An area already stored under the id is
 * updated only when it came from the same source's import, and left alone (unchanged) when nothing differs.
 */
async function applyBatch(
  context: Context,
  areas: readonly AreaFeature[],
): Promise<{
  inserted: number;
  updated: number;
  unchanged: number;
  rejections: { id: string; field: string; reason: string }[];
}> {
  const { models } = context;
  const outcome = {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejections: [] as { id: string; field: string; reason: string }[],
  };
  const stored = (await models.Area.collection
    .find({ code: { $in: areas.map((a) => a.id) } })
    .toArray()) as unknown as Stored[];
  const byCode = new Map(stored.map((doc) => [doc.code, doc]));
  const ops: mongo.AnyBulkWriteOperation[] = [];
  for (const a of areas) {
    const existing = byCode.get(a.id);
    if (
      existing &&
      (existing.registrationKey ||
        existing.source !== context.source ||
        existing.provenance?.kind !== "PUBLISHED")
    ) {
      outcome.rejections.push({
        id: a.id,
        field: "id",
        reason: `id ${a.id} already names an area ${existing.registrationKey ? "registered through the API" : `from ${existing.source} (${existing.provenance?.kind ?? "no provenance"})`}: it is not overwritten`,
      });
      continue;
    }
    const fields = {
      name: a.name,
      department: a.location.ubigeo.slice(0, 2),
      province: a.location.ubigeo.slice(0, 4),
      district: a.location.ubigeo,
      ares: a.ares,
      cause: a.cause,
      source: context.source,
      sourceReference: a.id,
      detectedOn: a.detectedOn,
      geometry: a.geometry,
      latitude: a.latitude,
      longitude: a.longitude,
    };
    if (!existing) outcome.inserted++;
    else if (differs(existing, fields)) outcome.updated++;
    else {
      outcome.unchanged++;
      continue;
    }
    ops.push({
      updateOne: {
        filter: { code: a.id },
        update: {
          $set: {
            ...fields,
            miningCorridor: null,
            registeredBy: `import:${context.source.toLowerCase()}`,
            provenance: provenanceFor(context.origin, a),
            updatedAt: context.now,
          },
          $setOnInsert: { code: a.id, restoredAres: 0, createdAt: context.now },
        },
        upsert: true,
      },
    });
  }
  if (!context.dryRun && ops.length > 0) await models.Area.collection.bulkWrite(ops, { ordered: true });
  return outcome;
}

/** The layer's provenance, saying so when the district is the 2007 polygon's and newer districts lie in it. */
function provenanceFor(origin: ProvenanceDoc, a: AreaFeature): ProvenanceDoc {
  if (a.location.exact) return origin;
  const newer = a.location.carvedOut.join(", ");
  return {
    ...origin,
    note:
      `${origin.note}. Distrito aproximado: el punto cae en el polígono 2007 de ${a.location.polygon}, ` +
      `del que se crearon después ${newer}; puede estar en uno de ellos`,
  };
}

function differs(existing: Stored, fields: Record<string, unknown>): boolean {
  const stored = existing as unknown as Record<string, unknown>;
  return Object.entries(fields).some(([name, value]) => {
    const before = stored[name] ?? null;
    if (value instanceof Date) return !(before instanceof Date) || before.getTime() !== value.getTime();
    if (typeof value === "object" && value !== null) return JSON.stringify(before) !== JSON.stringify(value);
    return before !== value;
  });
}

function dayOf(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

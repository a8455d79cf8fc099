import { stat } from "node:fs/promises";
import { basename } from "node:path";
import {
  BORDER_TOLERANCE_METRES,
  datasetName,
  importAuditOutcome,
  ImportError,
  provenance,
  RejectionReport,
  type ImportRun,
  type ProvenanceDoc,
} from "@tinkuy/kit";
import type { mongo } from "mongoose";
import type { AreaDoc, Models } from "../../models.ts";
import { rebuildRegionStats } from "../../region-stats.ts";
import type { DetectionSource } from "../../vocabulary.ts";
import { featureId, readAreaFeature, type AreaFeature, type DateRule } from "./area-feature.ts";
import { LayerReader, LayerSyntaxError } from "./layer-reader.ts";
import { LAYER_PUBLISHERS } from "./publishers.ts";

/** Areas written per database round trip. */
export const DEFAULT_BATCH_SIZE = 200;

export interface DegradedAreasImportOptions extends Partial<ImportRun> {
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
  /** Called after each batch is written (its number, from 1): where tests interrupt an import. */
  afterBatch?: (batch: number) => void | Promise<void>;
}

export interface DegradedAreasImportSummary {
  /** Features read. */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /**
   * Areas whose district the kit's boundaries answer inexactly (see `locateDistrict`): newer districts inside its
   * 2007 polygon, a point just outside the simplified lines, or a polygon that is only a disc around the capital.
   */
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
 * the areas, upserted by the feature's id, reading the file feature by feature (`LayerReader`): memory holds one
 * batch of features, never the layer.
 *
 * Two streamed passes. The first reads ids only (geometries are read past, not assembled) and the top level: a
 * file that is not JSON or not a FeatureCollection (RFC 7946 does not order members, so `type` may come after
 * `features`: only the end of the file settles it) is an {@link ImportError} before anything is written, and the
 * ids that appear twice are known before the first write. The second checks each feature (`readAreaFeature`):
 * a refused one is reported by its id with the property and reason and changes nothing; an id twice in the file
 * refuses every feature that has it (the file contradicts itself); an id an area of another source (or the API)
 * already has is refused rather than overwritten; the rest are upserted in batches, each area whole in one
 * write. The file must read the same both times (its SHA-256 names the dataset): one that changes or breaks
 * during the second pass fails the import with the areas written so far whole, and a rerun finishes it. The
 * region counters are rebuilt at the end (or after a failure), so a run killed part-way and run again converges.
 */
export async function importDegradedAreas(
  models: Models,
  options: DegradedAreasImportOptions,
): Promise<DegradedAreasImportSummary> {
  const now = options.now ?? new Date();
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const rule: DateRule = options.date ?? { dateProperty: "detected_on" };
  const { sha256, size, twice } = await scanLayer(options.file);
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
  const context: Context = { models, dryRun, now, source: options.source, origin };
  const today = dayOf(now);
  const reader = new LayerReader(options.file);
  let failure: unknown;
  try {
    /** The batch, with each feature's number in the file (for the report). */
    let batch: { area: AreaFeature; number: number }[] = [];
    const flush = async (): Promise<void> => {
      const numbers = new Map(batch.map(({ area, number }) => [area.id, number]));
      const outcome = await applyBatch(
        context,
        batch.map(({ area }) => area),
      );
      batch = [];
      summary.batches++;
      summary.inserted += outcome.inserted;
      summary.updated += outcome.updated;
      summary.unchanged += outcome.unchanged;
      summary.rejected += outcome.rejections.length;
      for (const r of outcome.rejections) await report.add({ ...r, code: String(numbers.get(r.id) ?? "") });
      options.onProgress?.({ bytes: reader.bytesRead(), totalBytes: size, rows: summary.read });
      await options.afterBatch?.(summary.batches);
    };
    try {
      for await (const feature of reader.features()) {
        const number = ++summary.read;
        const id = featureId(feature);
        const where = { id: id ?? "", code: String(number) };
        const same = id === undefined ? undefined : twice.get(id);
        if (same) {
          summary.rejected++;
          const others = same.filter((n) => n !== number).join(", ");
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
        batch.push({ area: read, number });
        if (batch.length >= batchSize) {
          await flush();
          if (options.signal?.aborted) {
            summary.interrupted = true;
            break;
          }
        }
      }
    } catch (error) {
      // The first pass read this file whole: it changed since, part of it is written, so it is no ImportError.
      if (error instanceof LayerSyntaxError) {
        throw new Error(
          `${options.file} changed while it was imported and is no longer JSON (${error.message})`,
        );
      }
      throw error;
    }
    if (!summary.interrupted) {
      if (batch.length > 0) await flush();
      if (reader.sha256() !== sha256) {
        throw new Error(
          `${options.file} changed while it was imported (its SHA-256 is no longer ${sha256}): run the import again`,
        );
      }
    }
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

/**
 * The first pass: the file's SHA-256 and size, the ids that several features have (with each one's feature
 * numbers, from 1), and whether it is a FeatureCollection at all. It reads ids only (no geometry is assembled),
 * so it holds one id per feature and no coordinates. An
 * {@link ImportError} when the file cannot be read, is not JSON, or is not a WGS84 FeatureCollection.
 */
async function scanLayer(
  file: string,
): Promise<{ sha256: string; size: number; twice: ReadonlyMap<string, number[]> }> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new ImportError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const reader = new LayerReader(file, { skipGeometry: true });
  const first = new Map<string, number>();
  const twice = new Map<string, number[]>();
  let number = 0;
  try {
    for await (const feature of reader.features()) {
      number++;
      const id = featureId(feature);
      if (id === undefined) continue;
      const seen = first.get(id);
      if (seen === undefined) first.set(id, number);
      else twice.set(id, [...(twice.get(id) ?? [seen]), number]);
    }
  } catch (error) {
    if (error instanceof LayerSyntaxError) throw new ImportError(`${file} is not JSON: ${error.message}`);
    throw new ImportError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const header = reader.header();
  if (!header.object || header.type !== "FeatureCollection") {
    throw new ImportError(`${file} is not a GeoJSON FeatureCollection (RFC 7946)`, "type");
  }
  if (header.features !== "array") {
    throw new ImportError(
      header.features === "twice" ? `${file} has two features lists` : `${file} has no features list`,
      "features",
    );
  }
  if (header.crs !== undefined && !/CRS84|4326/.test(JSON.stringify(header.crs))) {
    throw new ImportError(
      `${file} declares the CRS ${JSON.stringify(header.crs)}: RFC 7946 layers are WGS84 longitude/latitude; reproject it`,
      "crs",
    );
  }
  return { sha256: reader.sha256(), size, twice };
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

/**
 * The layer's provenance, saying why the district may be wrong when the kit's locator answers it inexactly: each
 * of its causes (newer districts inside the 2007 polygon, a point outside the simplified lines, a polygon that is
 * only a disc around the capital) in its own words, as a reviewer checks each differently.
 */
function provenanceFor(origin: ProvenanceDoc, a: AreaFeature): ProvenanceDoc {
  const { exact, polygon, ubigeo, carvedOut, approximate, metresOutside } = a.location;
  if (exact) return origin;
  const causes: string[] = [];
  if (ubigeo !== polygon) {
    causes.push(
      `el punto cae en el polígono 2007 de ${polygon}, distrito que ya no existe; se asignó ${ubigeo}, ` +
        `el de capital más cercana entre los creados en él (${carvedOut.join(", ")})`,
    );
  } else if (carvedOut.length > 0) {
    causes.push(
      `el punto cae en el polígono 2007 de ${polygon}, del que se crearon después ` +
        `${carvedOut.join(", ")}; puede estar en uno de ellos`,
    );
  }
  if (metresOutside > 0) {
    causes.push(
      `el punto queda a ${metresOutside} m fuera del límite simplificado de ${polygon}, ` +
        `el distrito más cercano (se acepta hasta ${BORDER_TOLERANCE_METRES} m, en la costa y las fronteras)`,
    );
  }
  if (approximate) {
    causes.push(
      `el límite de ${polygon} es aproximado: un círculo de su superficie alrededor de su capital, ` +
        `porque la simplificación de la fuente omitió el distrito; puede estar en un distrito vecino`,
    );
  }
  return { ...origin, note: `${origin.note}. Distrito aproximado: ${causes.join("; ")}` };
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

import { provenanceSchema, type ProvenanceDoc, type SourceCounter } from "@tinkuy/kit";
import { Schema, type Connection, type Model } from "mongoose";
import type { Estado } from "./status.ts";

/** One entry of a record's status history, as stored. */
export interface StatusEntry {
  status: Estado;
  date: Date;
  reason: string;
  legalBasis: string;
  recordedBy: string;
  /**
   * Where the change was recorded from: an extract (OFFICIAL), an editor (ENTERED), the seed (SYNTHETIC). Each
   * entry is written by a write of its own, so it carries its own provenance besides the record's.
   */
  provenance: ProvenanceDoc;
  /** The key of the mutation that wrote this entry: a retry finds it and does not write again. */
  idempotencyKey?: string;
  /** The fingerprint of that mutation's validated input (kit's `requestHash`), to refuse the key's reuse. */
  requestHash?: string;
}

/**
 * A REINFO record as stored. Columns that REINFO publishes keep MINEM's names (GEOCATMIN's SERV_REINFO layer),
 * so that an extract loads without renaming; fields of our own are camelCase.
 */
export interface RecordDoc {
  COD_REINFO: string;
  M_RUC: string;
  NOMBRE_MIN: string;
  NOMBRE_REP?: string | null;
  /** INGEMMET's code of the mining right: always 9 characters, zero-padded (never a number). */
  ID_UNIDAD: string;
  NOMBRE_DM?: string | null;
  /** UBIGEO of the department, province and district: three fields so each level is an equality lookup. */
  ID_DEPA: string;
  ID_PROV: string;
  ID_DIST: string;
  TIPO_ACT?: string | null;
  ESTADO: Estado;
  A_INSCRIPCION: number;
  LATITUD_G84?: number | null;
  LONGITUD_G84?: number | null;
  FECHA_ACTUALIZACION?: Date | null;
  history: StatusEntry[];
  /**
   * Where the registration came from and as of when: the seed (SYNTHETIC), an extract (OFFICIAL, the file and
   * its SHA-256), an editor (ENTERED). Status changes keep it (each history entry carries its own); a newer
   * extract that changes the record replaces it.
   */
  provenance: ProvenanceDoc;
  /** The key of the registration, so a retried registration returns this record. */
  registrationKey?: string;
  /** The fingerprint of the registration's validated input, to refuse the key's reuse for another. */
  registrationHash?: string;
}

/** Counts of records by status for one region (department, province or district), kept current on write. */
export interface RegionStatsDoc {
  _id: string;
  total: number;
  VIGENTE: number;
  SUSPENDIDO: number;
  EXCLUIDO: number;
  FORMALIZADO: number;
  /** The counted records by dataset, under `sourceKey(provenance)` (kit): what `sources` answers. */
  sources: Record<string, SourceCounter>;
  /**
   * The records' history entries (registrations included) by the entry's own dataset, with each dataset's
   * landing page, licence and note: what the catalogue reads. Absent in counters written by earlier versions
   * (rebuilt at start).
   */
  changes?: Record<string, SourceCounter>;
}

/**
 * One region's status transitions in one year, month or day (UTC), from the records' status histories: how
 * many records entered and left each status, how many were registered and from which datasets. A region's
 * figures as of a day are the sums of its entries up to that day; written next to the region counters on
 * every write, each change at its three grains.
 */
export interface LedgerDoc {
  /** `<ubigeo>|<YYYY>`, `<ubigeo>|<YYYY-MM>` or `<ubigeo>|<YYYY-MM-DD>`: every writer lands on the same entry. */
  _id: string;
  region: string;
  /** Year, month or day. */
  grain: "Y" | "M" | "D";
  /** Midnight UTC of the period's first day. */
  day: Date;
  /** Records registered that day (their first history entry). */
  registered: number;
  /** Records that entered each status that day, registrations included. */
  in: Partial<Record<Estado, number>>;
  /** Records that left each status that day. */
  out: Partial<Record<Estado, number>>;
  /** That day's registrations by dataset (their first entry's provenance), under `sourceKey` (kit). */
  sources: Record<string, SourceCounter>;
}

const statusEntrySchema = new Schema<StatusEntry>(
  {
    status: { type: String, required: true },
    date: { type: Date, required: true },
    reason: { type: String, required: true },
    legalBasis: { type: String, required: true },
    recordedBy: { type: String, required: true },
    provenance: { type: provenanceSchema, required: true },
    idempotencyKey: { type: String },
    requestHash: { type: String },
  },
  { _id: false },
);

const recordSchema = new Schema<RecordDoc>(
  {
    COD_REINFO: { type: String, required: true, unique: true },
    M_RUC: { type: String, required: true, index: true },
    NOMBRE_MIN: { type: String, required: true },
    NOMBRE_REP: { type: String },
    ID_UNIDAD: { type: String, required: true },
    NOMBRE_DM: { type: String },
    ID_DEPA: { type: String, required: true, index: true },
    ID_PROV: { type: String, required: true, index: true },
    ID_DIST: { type: String, required: true, index: true },
    TIPO_ACT: { type: String },
    ESTADO: { type: String, required: true, index: true },
    A_INSCRIPCION: { type: Number, required: true },
    LATITUD_G84: { type: Number },
    LONGITUD_G84: { type: Number },
    FECHA_ACTUALIZACION: { type: Date },
    history: { type: [statusEntrySchema], default: [] },
    provenance: { type: provenanceSchema, required: true },
    registrationKey: { type: String, unique: true, sparse: true },
    registrationHash: { type: String },
  },
  { collection: "reinfo_records", timestamps: true },
);

const regionStatsSchema = new Schema<RegionStatsDoc>(
  {
    _id: { type: String },
    total: { type: Number, default: 0 },
    VIGENTE: { type: Number, default: 0 },
    SUSPENDIDO: { type: Number, default: 0 },
    EXCLUIDO: { type: Number, default: 0 },
    FORMALIZADO: { type: Number, default: 0 },
    // Keys are dataset keys (`sources.<key>.records`), so the map is Mixed: updates address its paths directly.
    sources: { type: Schema.Types.Mixed },
    changes: { type: Schema.Types.Mixed },
  },
  { collection: "region_stats", versionKey: false },
);

const ledgerSchema = new Schema<LedgerDoc>(
  {
    _id: { type: String },
    region: { type: String, required: true },
    grain: { type: String, required: true },
    day: { type: Date, required: true },
    registered: { type: Number, default: 0 },
    // Updates address `in.<ESTADO>`, `out.<ESTADO>` and `sources.<key>.records` directly.
    in: { type: Schema.Types.Mixed },
    out: { type: Schema.Types.Mixed },
    sources: { type: Schema.Types.Mixed },
  },
  { collection: "region_status_days", versionKey: false },
);
// An as-of figure reads a region's entries up to a day.
ledgerSchema.index({ region: 1, grain: 1, day: 1 });

/** The subgraph's models, bound to its own connection. */
export interface Models {
  Record: Model<RecordDoc>;
  RegionStats: Model<RegionStatsDoc>;
  RegionDay: Model<LedgerDoc>;
}

export function createModels(connection: Connection): Models {
  return {
    Record: connection.model<RecordDoc>("ReinfoRecord", recordSchema),
    RegionStats: connection.model<RegionStatsDoc>("RegionStats", regionStatsSchema),
    RegionDay: connection.model<LedgerDoc>("RegionDay", ledgerSchema),
  };
}

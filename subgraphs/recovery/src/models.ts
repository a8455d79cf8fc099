import { provenanceSchema, type ProvenanceDoc, type SourceCounter } from "@tinkuy/kit";
import { Schema, type Connection, type Model, type Types } from "mongoose";
import type { AreaGeometry } from "./geometry.ts";
import type { Ares } from "./units.ts";
import type {
  DegradationCause,
  DetectionSource,
  MonitoringParameter,
  ProjectStatus,
  RiskKey,
  RiskLevel,
} from "./vocabulary.ts";

/** What every idempotent write stores next to its effect: the key, and a hash of the validated input. */
export interface Idempotent {
  idempotencyKey?: string;
  requestHash?: string;
}

/**
 * A degraded area as stored. There is no official inventory to mirror, so the fields are our own (camelCase);
 * the district's three levels are stored so a region filter at any level is an indexed equality.
 */
export interface AreaDoc {
  code: string;
  name?: string | null;
  department: string;
  province: string;
  district: string;
  /** Degraded surface in whole ares (hectares × 100). */
  ares: Ares;
  /** Restored so far, in ares: the sum of the progress reports that name the area (a cache of them). */
  restoredAres: Ares;
  cause: DegradationCause;
  source: DetectionSource;
  sourceReference?: string | null;
  detectedOn: Date;
  miningCorridor?: boolean | null;
  geometry?: AreaGeometry | null;
  latitude?: number | null;
  longitude?: number | null;
  /** Who registered it (a user, or a process such as the seed). */
  registeredBy?: string;
  /** Where the record comes from and as of when (the seed, an import, an editor's write). */
  provenance: ProvenanceDoc;
  /** The key of the registration, so that a retried registration returns this area. */
  registrationKey?: string;
  requestHash?: string;
}

/** One risk assessment of a liability. */
export interface RiskEntry extends Idempotent {
  riskLevel: RiskLevel;
  study: string;
  assessedOn: Date;
  recordedBy: string;
  /** Where the assessment comes from: it is written on its own, by the seed, an import or an editor. */
  provenance: ProvenanceDoc;
}

/**
 * A mining environmental liability as stored. The inventory annex's columns (RM 338-2025-MINEM/DM) keep
 * MINEM's names, accents and spaces dropped (`CODIGO_DM` for *CÓDIGO DM*), so that an extract loads without
 * renaming; our own fields are camelCase.
 */
export interface LiabilityDoc {
  /** Row number in the annex. */
  N: number;
  ID: string;
  EUM?: string | null;
  TIPO: string;
  SUBTIPO?: string | null;
  CUENCA?: string | null;
  /** Department, province and district names as the annex writes them. */
  REGION: string;
  PROVINCIA: string;
  DISTRITO: string;
  /** UBIGEO resolved from the three names: one field per level for indexed equality filters. */
  ID_DEPA: string;
  ID_PROV: string;
  ID_DIST: string;
  ESTE?: number | null;
  NORTE?: number | null;
  ZONA?: number | null;
  /** INGEMMET's code of the mining right: always 9 characters, zero-padded (never a number). */
  CODIGO_DM?: string | null;
  NOMBRE_DM?: string | null;
  TITULAR?: string | null;
  GENERADOR?: string | null;
  RESPONSABLE?: string | null;
  ESTUDIO_AMBIENTAL?: string | null;
  inventoryResolution: string;
  /** The responsible party's RUC, when it is an operator with a known RUC. */
  responsibleRuc?: string | null;
  riskLevel?: RiskLevel | null;
  riskHistory: RiskEntry[];
  /** Where the row comes from: the inventory's extract (OFFICIAL) or the seed (SYNTHETIC). */
  provenance: ProvenanceDoc;
  /**
   * Set when a newer annex no longer lists the liability (it is never deleted); cleared if an annex lists it
   * again. While it is set, `N` may be moved past the inventory's rows to free its row number for the annex.
   */
  removedFromInventory?: InventoryRemovalDoc | null;
}

/** A liability a newer annex no longer lists: since when, by which resolution and file, and its last row. */
export interface InventoryRemovalDoc {
  /** The as-of day of the annex that no longer lists it. */
  since: Date;
  resolution: string | null;
  /** The annex's dataset (`<file name> sha256:<hex>`). */
  dataset: string;
  /** Its row number (N) in the last annex that listed it. */
  lastRow: number;
}

/** Hectares restored in one area by one progress report (the district is kept for the region counters). */
export interface AreaIncrement {
  code: string;
  district: string;
  ares: Ares;
}

/** One progress report of a project, as stored in the project (the project's state follows from them). */
export interface ProgressEntry extends Idempotent {
  date: Date;
  areas: AreaIncrement[];
  status: ProjectStatus;
  executedCents: number;
  note?: string | null;
  recordedBy: string;
  /** Where the report comes from: it is written on its own, by the seed or an editor. */
  provenance: ProvenanceDoc;
}

/** A restoration project as stored; its progress reports are the record of what it restored. */
export interface ProjectDoc {
  code: string;
  name: string;
  /** The region the project covers, at any level. */
  ubigeo: string;
  areaCodes: string[];
  liabilityIds: string[];
  plannedAres: Ares;
  restoredAres: Ares;
  status: ProjectStatus;
  /** Money in integer céntimos of soles (PEN). */
  budgetCents: number;
  executedCents: number;
  currency: "PEN";
  implementingAgency: string;
  fundedBy?: string | null;
  startDate: Date;
  plannedEndDate?: Date | null;
  progress: ProgressEntry[];
  registeredBy?: string;
  /** Where the record comes from and as of when. */
  provenance: ProvenanceDoc;
  registrationKey?: string;
  requestHash?: string;
}

/** A monitoring measurement as stored. */
export interface MeasurementDoc extends Idempotent {
  _id: Types.ObjectId;
  projectCode: string;
  parameter: MonitoringParameter;
  value: number;
  measuredOn: Date;
  station: string;
  district: string;
  recordedBy?: string;
  /** Where the measurement comes from and as of when. */
  provenance: ProvenanceDoc;
}

/**
 * Region counters, kept current on write: one document per region and month (`<ubigeo>|<YYYY-MM>`) with what
 * was detected and restored that month, and one per region (`<ubigeo>`, `month: null`) with what has no period:
 * the liabilities the inventory lists today, by risk, and active projects. A liability a newer annex removed
 * counts instead in one document per region and day of removal (`<ubigeo>|removed|<YYYY-MM-DD>`, `removedOn`
 * set): what the figures of a period ending before that day add back, since the inventory listed it then.
 */
export interface RegionStatsDoc {
  _id: string;
  ubigeo: string;
  /** The month of the flows counted here (or of the removal); null for the region's totals. */
  month: string | null;
  /** Set only on a removal document: the day (`YYYY-MM-DD`) the liabilities counted in it left the inventory. */
  removedOn?: string | null;
  degradedAres?: number;
  degradedAreas?: number;
  restoredAres?: number;
  liabilities?: Partial<Record<RiskKey, number>>;
  activeProjects?: number;
  /**
   * How many of the records counted here came from each dataset, by `sourceKey`: in a month's document the
   * areas detected and the progress-report rows (one area restored by one report) of the month; in a region's
   * document the liabilities and the projects in progress.
   */
  sources?: Record<string, SourceCounter>;
}

/** A named counter that hands out identifiers (`DA`, `RP`). */
export interface SequenceDoc {
  _id: string;
  value: number;
}

const areaSchema = new Schema<AreaDoc>(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String },
    department: { type: String, required: true, index: true },
    province: { type: String, required: true, index: true },
    district: { type: String, required: true, index: true },
    ares: { type: Number, required: true },
    restoredAres: { type: Number, required: true, default: 0 },
    cause: { type: String, required: true },
    source: { type: String, required: true },
    sourceReference: { type: String },
    detectedOn: { type: Date, required: true },
    miningCorridor: { type: Boolean },
    geometry: { type: Schema.Types.Mixed },
    latitude: { type: Number },
    longitude: { type: Number },
    registeredBy: { type: String },
    provenance: { type: provenanceSchema, required: true },
    registrationKey: { type: String, unique: true, sparse: true },
    requestHash: { type: String },
  },
  { collection: "degraded_areas", timestamps: true },
);
// The order of `degradedAreas`: most recent detection first.
areaSchema.index({ detectedOn: -1, code: -1 });

const riskEntrySchema = new Schema<RiskEntry>(
  {
    riskLevel: { type: String, required: true },
    study: { type: String, required: true },
    assessedOn: { type: Date, required: true },
    recordedBy: { type: String, required: true },
    provenance: { type: provenanceSchema, required: true },
    idempotencyKey: { type: String },
    requestHash: { type: String },
  },
  { _id: false },
);

const liabilitySchema = new Schema<LiabilityDoc>(
  {
    N: { type: Number, required: true, unique: true },
    ID: { type: String, required: true, unique: true },
    EUM: { type: String },
    TIPO: { type: String, required: true },
    SUBTIPO: { type: String },
    CUENCA: { type: String, index: true },
    REGION: { type: String, required: true },
    PROVINCIA: { type: String, required: true },
    DISTRITO: { type: String, required: true },
    ID_DEPA: { type: String, required: true, index: true },
    ID_PROV: { type: String, required: true, index: true },
    ID_DIST: { type: String, required: true, index: true },
    ESTE: { type: Number },
    NORTE: { type: Number },
    ZONA: { type: Number },
    CODIGO_DM: { type: String },
    NOMBRE_DM: { type: String },
    TITULAR: { type: String },
    GENERADOR: { type: String },
    RESPONSABLE: { type: String },
    ESTUDIO_AMBIENTAL: { type: String },
    inventoryResolution: { type: String, required: true },
    responsibleRuc: { type: String, index: true },
    riskLevel: { type: String, index: true },
    riskHistory: { type: [riskEntrySchema], default: [] },
    provenance: { type: provenanceSchema, required: true },
    removedFromInventory: {
      type: new Schema<InventoryRemovalDoc>(
        {
          since: { type: Date, required: true },
          resolution: { type: String },
          dataset: { type: String, required: true },
          lastRow: { type: Number, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
  },
  { collection: "mining_liabilities", timestamps: true },
);
liabilitySchema.index({ "riskHistory.idempotencyKey": 1 }, { sparse: true });

const incrementSchema = new Schema<AreaIncrement>(
  {
    code: { type: String, required: true },
    district: { type: String, required: true },
    ares: { type: Number, required: true },
  },
  { _id: false },
);

const progressSchema = new Schema<ProgressEntry>(
  {
    date: { type: Date, required: true },
    areas: { type: [incrementSchema], default: [] },
    status: { type: String, required: true },
    executedCents: { type: Number, required: true },
    note: { type: String },
    recordedBy: { type: String, required: true },
    provenance: { type: provenanceSchema, required: true },
    idempotencyKey: { type: String },
    requestHash: { type: String },
  },
  { _id: false },
);

const projectSchema = new Schema<ProjectDoc>(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    ubigeo: { type: String, required: true, index: true },
    areaCodes: { type: [String], default: [] },
    liabilityIds: { type: [String], default: [] },
    plannedAres: { type: Number, required: true },
    restoredAres: { type: Number, required: true, default: 0 },
    status: { type: String, required: true, index: true },
    budgetCents: { type: Number, required: true },
    executedCents: { type: Number, required: true, default: 0 },
    currency: { type: String, required: true, default: "PEN" },
    implementingAgency: { type: String, required: true },
    fundedBy: { type: String },
    startDate: { type: Date, required: true },
    plannedEndDate: { type: Date },
    progress: { type: [progressSchema], default: [] },
    registeredBy: { type: String },
    provenance: { type: provenanceSchema, required: true },
    registrationKey: { type: String, unique: true, sparse: true },
    requestHash: { type: String },
  },
  { collection: "restoration_projects", timestamps: true },
);
projectSchema.index({ "progress.idempotencyKey": 1 }, { sparse: true });

const measurementSchema = new Schema<MeasurementDoc>(
  {
    projectCode: { type: String, required: true, index: true },
    parameter: { type: String, required: true },
    value: { type: Number, required: true },
    measuredOn: { type: Date, required: true },
    station: { type: String, required: true },
    district: { type: String, required: true },
    recordedBy: { type: String },
    provenance: { type: provenanceSchema, required: true },
    idempotencyKey: { type: String, unique: true, sparse: true },
    requestHash: { type: String },
  },
  { collection: "monitoring_measurements", timestamps: true },
);

const regionStatsSchema = new Schema<RegionStatsDoc>(
  {
    _id: { type: String },
    ubigeo: { type: String, required: true, index: true },
    month: { type: String, default: null },
    removedOn: { type: String },
    degradedAres: { type: Number },
    degradedAreas: { type: Number },
    restoredAres: { type: Number },
    liabilities: { type: Schema.Types.Mixed },
    activeProjects: { type: Number },
    sources: { type: Schema.Types.Mixed },
  },
  { collection: "region_stats", versionKey: false },
);

const sequenceSchema = new Schema<SequenceDoc>(
  { _id: { type: String }, value: { type: Number, required: true } },
  { collection: "sequences", versionKey: false },
);

/** The subgraph's models, bound to its own connection. */
export interface Models {
  Area: Model<AreaDoc>;
  Liability: Model<LiabilityDoc>;
  Project: Model<ProjectDoc>;
  Measurement: Model<MeasurementDoc>;
  RegionStats: Model<RegionStatsDoc>;
  Sequence: Model<SequenceDoc>;
}

export function createModels(connection: Connection): Models {
  return {
    Area: connection.model<AreaDoc>("DegradedArea", areaSchema),
    Liability: connection.model<LiabilityDoc>("MiningLiability", liabilitySchema),
    Project: connection.model<ProjectDoc>("RestorationProject", projectSchema),
    Measurement: connection.model<MeasurementDoc>("MonitoringMeasurement", measurementSchema),
    RegionStats: connection.model<RegionStatsDoc>("RegionStats", regionStatsSchema),
    Sequence: connection.model<SequenceDoc>("Sequence", sequenceSchema),
  };
}

/** Creates every collection's indexes (unique keys included) before the subgraph serves writes. */
export async function initModels(models: Models): Promise<void> {
  await Promise.all(Object.values(models).map((model: Model<never>) => model.init()));
}

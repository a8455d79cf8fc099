import { provenanceSchema, type ProvenanceDoc, type SourceCounter } from "@tinkuy/kit";
import { Schema, type Connection, type Model } from "mongoose";
import type {
  Agency,
  ItemAction,
  ItemType,
  OperationType,
  OutpostStatus,
  QuantityUnit,
  SourceKind,
} from "./vocabulary.ts";

/** One line of an operation's results, as stored: the valuation in integer céntimos. */
export interface ResultLine {
  item: ItemType;
  action: ItemAction;
  quantity: number;
  unit: QuantityUnit;
  /** Valuation of the whole line, in céntimos of a sol (never a float amount). */
  cents: number;
}

/** Where an operation's figures were published. */
export interface SourceRef {
  kind: SourceKind;
  reference: string;
  url?: string | null;
}

/**
 * An enforcement operation as stored. The district's department, province and district codes are three
 * fields so a region filter at any level is an indexed equality.
 */
export interface OperationDoc {
  id: string;
  name?: string | null;
  /** The day of the operation: midnight UTC. */
  date: Date;
  department: string;
  province: string;
  district: string;
  latitude?: number | null;
  longitude?: number | null;
  agencies: Agency[];
  type: OperationType;
  legalBasis: string;
  targetRucs: string[];
  results: ResultLine[];
  /** Sum of the results' céntimos, kept with the operation so lists never add them up again. */
  totalCents: number;
  arrests: number;
  source: SourceRef;
  recordedBy: string;
  recordedAt: Date;
  /** Where the record comes from and as of when: the seed, or the editor's agency for an API write. */
  provenance: ProvenanceDoc;
  /** The key of the mutation that recorded it and a fingerprint of its input: a retry returns this operation. */
  idempotencyKey?: string;
  requestHash?: string;
  /**
   * The `REFERENCIA` of the agency's file that loaded it (`import:operations`), unique: a later file upserts the
   * operation by it. Its own field, so no client's idempotency key can ever name an imported operation.
   */
  importReference?: string;
  /**
   * Set while an import has written the operation but not yet moved its counters: where it was counted before
   * (`null` for a new operation), so that a stopped import's counters can be recounted (`recoverPendingCounts`).
   */
  countersPending?: { from: Pick<OperationDoc, "district" | "date"> | null };
}

/** Figures of one item line in a region's month: quantity in thousandths of its unit, value in céntimos. */
export interface ItemCounter {
  milli: number;
  cents: number;
}

/**
 * Enforcement counters of one region (department, province or district) in one calendar month, kept current on
 * every write. `_id` is `<ubigeo>|<YYYY-MM>`; `items` is keyed `<item>|<action>|<unit>`.
 */
export interface RegionStatsDoc {
  _id: string;
  ubigeo: string;
  month: string;
  operations: number;
  arrests: number;
  destroyedCents: number;
  seizedCents: number;
  items: Record<string, ItemCounter>;
  /** How many of the counted operations came from each dataset, by `sourceKey` (kit's provenance). */
  sources: Record<string, SourceCounter>;
}

/** A permanent security outpost. */
export interface OutpostDoc {
  id: string;
  name: string;
  department: string;
  province: string;
  district: string;
  latitude?: number | null;
  longitude?: number | null;
  openedOn: Date;
  status: OutpostStatus;
  staffing: number;
  agencies: Agency[];
  legalBasis: string;
  /** Where the record comes from and as of when. */
  provenance: ProvenanceDoc;
}

/** One report of an office's staffing and caseload. */
export interface CaseloadEntry {
  reportedOn: Date;
  prosecutors: number;
  openCases: number;
  closedCases: number;
  recordedBy: string;
  /** Where this report comes from: each report is written on its own (the seed, or an editor's mutation). */
  provenance: ProvenanceDoc;
  /** The key of the mutation that wrote this report and a fingerprint of its input. */
  idempotencyKey?: string;
  requestHash?: string;
}

/** An environmental prosecutors' office (FEMA): the last report's figures, and every report. */
export interface OfficeDoc {
  id: string;
  name: string;
  department: string;
  province: string;
  district: string;
  prosecutors: number;
  openCases: number;
  closedCases: number;
  reportedOn: Date;
  history: CaseloadEntry[];
  /** Where the office's record comes from (its reports carry their own). */
  provenance: ProvenanceDoc;
}

const resultSchema = new Schema<ResultLine>(
  {
    item: { type: String, required: true },
    action: { type: String, required: true },
    quantity: { type: Number, required: true },
    unit: { type: String, required: true },
    cents: { type: Number, required: true },
  },
  { _id: false },
);

const operationSchema = new Schema<OperationDoc>(
  {
    id: { type: String, required: true, unique: true },
    name: { type: String },
    date: { type: Date, required: true },
    department: { type: String, required: true },
    province: { type: String, required: true },
    district: { type: String, required: true },
    latitude: { type: Number },
    longitude: { type: Number },
    agencies: { type: [String], required: true },
    type: { type: String, required: true },
    legalBasis: { type: String, required: true },
    targetRucs: { type: [String], default: [], index: true },
    results: { type: [resultSchema], default: [] },
    totalCents: { type: Number, required: true },
    arrests: { type: Number, required: true },
    source: {
      kind: { type: String, required: true },
      reference: { type: String, required: true },
      url: { type: String },
    },
    recordedBy: { type: String, required: true },
    recordedAt: { type: Date, required: true },
    provenance: { type: provenanceSchema, required: true },
    idempotencyKey: { type: String, unique: true, sparse: true },
    requestHash: { type: String },
    importReference: { type: String, unique: true, sparse: true },
    countersPending: { type: Schema.Types.Mixed, index: { sparse: true } },
  },
  { collection: "enforcement_operations", versionKey: false },
);
// Newest first is the list order; each region level filters by equality, then walks the same order.
operationSchema.index({ date: -1, id: -1 });
operationSchema.index({ department: 1, date: -1, id: -1 });
operationSchema.index({ province: 1, date: -1, id: -1 });
operationSchema.index({ district: 1, date: -1, id: -1 });

const regionStatsSchema = new Schema<RegionStatsDoc>(
  {
    _id: { type: String },
    ubigeo: { type: String, required: true },
    month: { type: String, required: true },
    operations: { type: Number, default: 0 },
    arrests: { type: Number, default: 0 },
    destroyedCents: { type: Number, default: 0 },
    seizedCents: { type: Number, default: 0 },
    items: { type: Schema.Types.Mixed, default: {} },
    sources: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: "region_stats", versionKey: false, minimize: false },
);
regionStatsSchema.index({ ubigeo: 1, month: 1 });

const outpostSchema = new Schema<OutpostDoc>(
  {
    id: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    department: { type: String, required: true, index: true },
    province: { type: String, required: true, index: true },
    district: { type: String, required: true, index: true },
    latitude: { type: Number },
    longitude: { type: Number },
    openedOn: { type: Date, required: true },
    status: { type: String, required: true },
    staffing: { type: Number, required: true },
    agencies: { type: [String], required: true },
    legalBasis: { type: String, required: true },
    provenance: { type: provenanceSchema, required: true },
  },
  { collection: "security_outposts", versionKey: false },
);

const caseloadSchema = new Schema<CaseloadEntry>(
  {
    reportedOn: { type: Date, required: true },
    prosecutors: { type: Number, required: true },
    openCases: { type: Number, required: true },
    closedCases: { type: Number, required: true },
    recordedBy: { type: String, required: true },
    provenance: { type: provenanceSchema, required: true },
    idempotencyKey: { type: String },
    requestHash: { type: String },
  },
  { _id: false },
);

const officeSchema = new Schema<OfficeDoc>(
  {
    id: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    department: { type: String, required: true, index: true },
    province: { type: String, required: true, index: true },
    district: { type: String, required: true, index: true },
    prosecutors: { type: Number, required: true },
    openCases: { type: Number, required: true },
    closedCases: { type: Number, required: true },
    reportedOn: { type: Date, required: true },
    history: { type: [caseloadSchema], default: [] },
    provenance: { type: provenanceSchema, required: true },
  },
  { collection: "prosecutor_offices", versionKey: false },
);

/** What a reported figure counts (`ReportedMeasure`). */
export type ReportedMeasure = "OPERATIONS" | "VALUE" | "VALUE_DESTROYED" | "VALUE_SEIZED" | "ARRESTS";
/** How a claim states its value (`FigureQualifier`). */
export type FigureQualifier = "EXACT" | "MORE_THAN" | "LESS_THAN" | "ABOUT";
/** The editors' verdict on a claim (`Verification`). */
export type VerificationStatus = "UNVERIFIED" | "CONSISTENT" | "INCONSISTENT";

/** One verdict on a claim, kept with the key of the mutation that set it so a retry replays it. */
export interface VerificationEntry {
  status: VerificationStatus;
  note: string | null;
  by: string;
  at: Date;
  idempotencyKey?: string;
  requestHash?: string;
}

/**
 * A figure claimed in a statement or press release. `region` is a UBIGEO (null for a national claim), kept
 * with its department and province so a region filter at any level is an equality.
 */
export interface ReportedFigureDoc {
  id: string;
  claim: string;
  measure: ReportedMeasure;
  qualifier: FigureQualifier;
  /** The value in hundredths (céntimos for money, hundredths of a count), as the `Decimal` scalar carries it. */
  hundredths: number;
  from: Date;
  to: Date;
  region: string | null;
  department: string | null;
  province: string | null;
  reportedBy: string;
  reportedOn: Date;
  url: string | null;
  /** The current verdict, and the day it was given. */
  verification: VerificationStatus;
  verificationNote: string | null;
  verifiedOn: Date;
  /** Every verdict after the first recording, oldest first. */
  verificationHistory: VerificationEntry[];
  recordedBy: string;
  recordedAt: Date;
  provenance: ProvenanceDoc;
  idempotencyKey?: string;
  requestHash?: string;
  /** The `REFERENCIA` of the claims file that loaded it (`import:operations --kind claims`), unique. */
  importReference?: string;
}

const verificationSchema = new Schema<VerificationEntry>(
  {
    status: { type: String, required: true },
    note: { type: String, default: null },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    idempotencyKey: { type: String },
    requestHash: { type: String },
  },
  { _id: false },
);

const reportedFigureSchema = new Schema<ReportedFigureDoc>(
  {
    id: { type: String, required: true, unique: true },
    claim: { type: String, required: true },
    measure: { type: String, required: true },
    qualifier: { type: String, required: true },
    hundredths: { type: Number, required: true },
    from: { type: Date, required: true },
    to: { type: Date, required: true },
    region: { type: String, default: null },
    department: { type: String, default: null },
    province: { type: String, default: null },
    reportedBy: { type: String, required: true },
    reportedOn: { type: Date, required: true },
    url: { type: String, default: null },
    verification: { type: String, required: true },
    verificationNote: { type: String, default: null },
    verifiedOn: { type: Date, required: true },
    verificationHistory: { type: [verificationSchema], default: [] },
    recordedBy: { type: String, required: true },
    recordedAt: { type: Date, required: true },
    provenance: { type: provenanceSchema, required: true },
    idempotencyKey: { type: String, unique: true, sparse: true },
    requestHash: { type: String },
    importReference: { type: String, unique: true, sparse: true },
  },
  { collection: "reported_figures", versionKey: false },
);
// Newest report first is the list's order.
reportedFigureSchema.index({ reportedOn: -1, id: -1 });

/** The subgraph's models, bound to its own connection. */
export interface Models {
  Operation: Model<OperationDoc>;
  RegionStats: Model<RegionStatsDoc>;
  Outpost: Model<OutpostDoc>;
  Office: Model<OfficeDoc>;
  ReportedFigure: Model<ReportedFigureDoc>;
}

export function createModels(connection: Connection): Models {
  return {
    Operation: connection.model<OperationDoc>("EnforcementOperation", operationSchema),
    RegionStats: connection.model<RegionStatsDoc>("RegionStats", regionStatsSchema),
    Outpost: connection.model<OutpostDoc>("SecurityOutpost", outpostSchema),
    Office: connection.model<OfficeDoc>("ProsecutorOffice", officeSchema),
    ReportedFigure: connection.model<ReportedFigureDoc>("ReportedFigure", reportedFigureSchema),
  };
}

/** Builds every model's indexes (the unique ones make idempotent writes safe). */
export async function initModels(models: Models): Promise<void> {
  await Promise.all(Object.values(models).map((model: Model<unknown>) => model.init()));
}

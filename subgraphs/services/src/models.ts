import { provenanceSchema, type ProvenanceDoc, type SourceCounter } from "@tinkuy/kit";
import { Schema, type Connection, type Model } from "mongoose";
import type { FunctionCode, GovernmentLevel, InvestmentStatus } from "./vocabulary.ts";

/** What every idempotent write stores next to its effect: the key, and a hash of the validated input. */
export interface Idempotent {
  idempotencyKey?: string;
  requestHash?: string;
}

/**
 * Execution accrued (*devengado*) of an investment in one month, or in a whole year (`month` null) when the
 * source gives only the year's total. A year is given either by months or as a whole, never both.
 */
export interface AccrualEntry extends Idempotent {
  year: number;
  /** 1–12; null for an amount of the whole year. */
  month: number | null;
  /** The amount in integer céntimos of soles (PEN). */
  accruedCents: number;
  /** Where the amount comes from: an import's file, an editor's entry (`recordedBy` says who), the seed. */
  provenance: ProvenanceDoc;
  recordedBy?: string;
  /**
   * The keyed writes this entry replaced (`recordInvestmentAccrual` sets a month's or a year's amount; a later
   * write for the same period takes the entry's place): a retry of an earlier one is still recognised and replayed,
   * and its key stays taken for any other request (indexed as `execution.replaced.idempotencyKey`).
   */
  replaced?: Idempotent[];
}

/** Accrued up to the end of a year, as one amount no year holds (`InvestmentProject.accruedBeforeYear`). */
export interface AccruedBeforeYear {
  /** Integer céntimos of soles (PEN). */
  accruedCents: number;
  throughYear: number;
}

/** One status change of an investment, oldest first (the registration's status is the first). */
export interface StatusChange extends Idempotent {
  status: InvestmentStatus;
  on: Date;
  recordedBy?: string;
  provenance: ProvenanceDoc;
}

/**
 * A public investment as stored, by its CUI. Money in integer céntimos of soles (PEN). The region counters
 * (`investment_stats`) follow from `districts[0]`, `functionCode`, `executionStartedOn`, `closedOn`,
 * `execution` and the provenances: every write that changes any of them calls `applyProjectChange` (src/counters.ts)
 * with the document before and after.
 */
export interface ProjectDoc {
  cui: string;
  name: string;
  /** MEF's two-digit function code (`"18"`); the API's `function` follows from it. */
  functionCode: FunctionCode;
  /** *División funcional*, as published. */
  programme?: string | null;
  /** *Grupo funcional*, as published. */
  subprogramme?: string | null;
  executingUnit: string;
  governmentLevel: GovernmentLevel;
  /** District UBIGEOs, in the order MEF lists them: the first is where the investment's figures count. */
  districts: string[];
  /**
   * Every region code the investment lies in: its districts, their provinces and departments (`projectRegions`),
   * so a listing's region filter at any level is one indexed equality.
   */
  regions: string[];
  status: InvestmentStatus;
  viableCostCents: number;
  updatedCostCents?: number | null;
  /** Accruals, oldest first (by year, then month, the year's whole amount before its months). */
  execution: AccrualEntry[];
  /**
   * Accrued up to the end of `throughYear` that the source does not split by year (an import's accumulated figure
   * that more than one year could hold): in `accruedCents`, in no counter.
   */
  accruedBeforeYear?: AccruedBeforeYear | null;
  /** The sum of `execution` plus `accruedBeforeYear` (a cache of it). */
  accruedCents: number;
  registeredOn: Date;
  viableOn?: Date | null;
  /** The first day in `EXECUTION`: the investment is active from this day. */
  executionStartedOn?: Date | null;
  /** The day of closing (format 9) or deactivation: it is active up to this day, included. */
  closedOn?: Date | null;
  /** Status changes, oldest first: where `DEACTIVATED` reopens to, and the last change's day. */
  statusHistory: StatusChange[];
  /** Where the record comes from and as of when (the seed, an import, an editor's write). */
  provenance: ProvenanceDoc;
  registeredBy?: string;
  /** The key of the registration, so that a retried registration returns this investment. */
  registrationKey?: string;
  requestHash?: string;
  /**
   * Set by `import:investments` on each investment of a batch it writes, cleared once the batch's counters have
   * moved: a mark found by the next run (a run killed in between) makes it rebuild the counters before it reads
   * (`recoverPendingCounters`), like eradication's operations. Not by the server at start: a mark may belong to
   * an import still running.
   */
  countersPending?: boolean;
}

/**
 * The region counters, kept current on every write by `applyProjectChange` (src/counters.ts); never a scan of
 * the investments. Two kinds of document per region code (department, province, district; Peru `00` is its
 * departments' sum):
 *
 * - a year's (`<ubigeo>|<YYYY>`, `year` set): execution accrued by month (`accrued.mMM.fFF`, céntimos, by function
 *   code) and the whole-year amounts (`accrued.y.fFF`), the accrual records behind them by dataset
 *   (`accrualSources.mMM.<sourceKey>`, `accrualSources.y.<sourceKey>`); and the investments whose execution started
 *   (`starts.dMMDD.fFF`) or ended (`ends.dMMDD.fFF`) on each day of the year, with their datasets
 *   (`startSources.dMMDD.<sourceKey>`, `endSources.dMMDD.<sourceKey>`);
 * - the region's totals (`<ubigeo>`, `year` null): the starts and ends of each year (`starts.yYYYY.fFF`,
 *   `startSources.yYYYY.<sourceKey>`, …), so counting the investments started by a day reads this document and
 *   that day's year only.
 *
 * Active in `[from, to]` = started on or before `to` − ended before `from`.
 */
export interface ServicesStatsDoc {
  _id: string;
  ubigeo: string;
  /** The year of a year's document; null for the region's totals. */
  year: number | null;
  accrued?: Record<string, Record<string, number>>;
  accrualSources?: Record<string, Record<string, SourceCounter>>;
  starts?: Record<string, Record<string, number>>;
  ends?: Record<string, Record<string, number>>;
  startSources?: Record<string, Record<string, SourceCounter>>;
  endSources?: Record<string, Record<string, SourceCounter>>;
}

const accrualSchema = new Schema<AccrualEntry>(
  {
    year: { type: Number, required: true },
    month: { type: Number, default: null },
    accruedCents: { type: Number, required: true },
    provenance: { type: provenanceSchema, required: true },
    recordedBy: { type: String },
    idempotencyKey: { type: String },
    requestHash: { type: String },
    replaced: {
      type: [new Schema<Idempotent>({ idempotencyKey: String, requestHash: String }, { _id: false })],
      default: undefined,
    },
  },
  { _id: false },
);

const statusChangeSchema = new Schema<StatusChange>(
  {
    status: { type: String, required: true },
    on: { type: Date, required: true },
    recordedBy: { type: String },
    provenance: { type: provenanceSchema, required: true },
    idempotencyKey: { type: String },
    requestHash: { type: String },
  },
  { _id: false },
);

const projectSchema = new Schema<ProjectDoc>(
  {
    cui: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    functionCode: { type: String, required: true, index: true },
    programme: { type: String },
    subprogramme: { type: String },
    executingUnit: { type: String, required: true },
    governmentLevel: { type: String, required: true, index: true },
    districts: { type: [String], required: true },
    regions: { type: [String], required: true, index: true },
    status: { type: String, required: true, index: true },
    viableCostCents: { type: Number, required: true },
    updatedCostCents: { type: Number, default: null },
    execution: { type: [accrualSchema], default: [] },
    accruedBeforeYear: {
      type: new Schema<AccruedBeforeYear>(
        {
          accruedCents: { type: Number, required: true },
          throughYear: { type: Number, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
    accruedCents: { type: Number, required: true, default: 0 },
    registeredOn: { type: Date, required: true },
    viableOn: { type: Date, default: null },
    executionStartedOn: { type: Date, default: null },
    closedOn: { type: Date, default: null },
    statusHistory: { type: [statusChangeSchema], default: [] },
    provenance: { type: provenanceSchema, required: true },
    registeredBy: { type: String },
    registrationKey: { type: String, unique: true, sparse: true },
    requestHash: { type: String },
    countersPending: { type: Boolean, index: { sparse: true } },
  },
  { collection: "investment_projects", timestamps: true },
);
projectSchema.index({ "execution.idempotencyKey": 1 }, { sparse: true });
projectSchema.index({ "execution.replaced.idempotencyKey": 1 }, { sparse: true });
projectSchema.index({ "statusHistory.idempotencyKey": 1 }, { sparse: true });

const statsSchema = new Schema<ServicesStatsDoc>(
  {
    _id: { type: String },
    ubigeo: { type: String, required: true },
    year: { type: Number, default: null },
    accrued: { type: Schema.Types.Mixed },
    accrualSources: { type: Schema.Types.Mixed },
    starts: { type: Schema.Types.Mixed },
    ends: { type: Schema.Types.Mixed },
    startSources: { type: Schema.Types.Mixed },
    endSources: { type: Schema.Types.Mixed },
  },
  { collection: "investment_stats", versionKey: false },
);
// A batch's years of many regions: `ubigeo $in` and a range of years, one index lookup per region.
statsSchema.index({ ubigeo: 1, year: 1 });

/** The subgraph's models, bound to its own connection. */
export interface Models {
  Project: Model<ProjectDoc>;
  Stats: Model<ServicesStatsDoc>;
}

export function createModels(connection: Connection): Models {
  return {
    Project: connection.model<ProjectDoc>("InvestmentProject", projectSchema),
    Stats: connection.model<ServicesStatsDoc>("InvestmentStats", statsSchema),
  };
}

/** Creates every collection's indexes (unique keys included) before the subgraph serves writes. */
export async function initModels(models: Models): Promise<void> {
  await Promise.all(Object.values(models).map((model: Model<never>) => model.init()));
}

/** An investment's accrued total: its accruals, and what it accrued before that no year holds. */
export function accruedTotalCents(project: Pick<ProjectDoc, "execution" | "accruedBeforeYear">): number {
  return (
    project.execution.reduce((sum, entry) => sum + entry.accruedCents, 0) +
    (project.accruedBeforeYear?.accruedCents ?? 0)
  );
}

/** The region codes an investment lies in: each district, its province and its department, once each. */
export function projectRegions(districts: readonly string[]): string[] {
  const codes = new Set<string>();
  for (const district of districts) {
    codes.add(district.slice(0, 2));
    codes.add(district.slice(0, 4));
    codes.add(district);
  }
  return [...codes];
}

import { provenanceSchema, type ProvenanceDoc, type SourceCounter } from "@tinkuy/kit";
import { Schema, type Connection, type Model } from "mongoose";
import type {
  ActivityStatusCode,
  BudgetStatusCode,
  BudgetTypeCode,
  Currency,
  DacSectorCode,
  IndicatorMeasureCode,
  OrganisationRoleCode,
  OrganisationTypeCode,
  ResultTypeCode,
  TransactionTypeCode,
} from "./iati.ts";

export type { ProvenanceDoc, SourceShareDoc } from "@tinkuy/kit";

/** Record counts per dataset kept in a counter document (`sources.<sourceKey>`). */
export type SourceCounters = Record<string, SourceCounter>;

/** An organisation as an activity names it (`reporting-org`, `provider-org`, `receiver-org`). */
export interface OrgDoc {
  ref?: string | null;
  narrative: string;
  type?: OrganisationTypeCode | null;
}

/** `participating-org`: an organisation with its role. */
export interface ParticipatingOrgDoc {
  role: OrganisationRoleCode;
  ref?: string | null;
  narrative: string;
  type: OrganisationTypeCode;
}

/** `sector` with vocabulary 1 (OECD DAC CRS). */
export interface SectorDoc {
  vocabulary: "1";
  code: DacSectorCode;
  percentage: number;
}

/** An amount: integer céntimos (or cents) of a currency, with the date of its exchange rate. */
export interface MoneyDoc {
  currency: Currency;
  cents: number;
  valueDate: Date;
}

/** `budget`. */
export interface BudgetDoc {
  type: BudgetTypeCode;
  status: BudgetStatusCode;
  periodStart: Date;
  periodEnd: Date;
  value: MoneyDoc;
}

/** `transaction`. */
export interface TransactionDoc {
  ref?: string | null;
  transactionType: TransactionTypeCode;
  transactionDate: Date;
  value: MoneyDoc;
  description?: string | null;
  providerOrg?: OrgDoc | null;
  receiverOrg?: OrgDoc | null;
  recordedAt: Date;
  recordedBy: string;
  /** The key of the mutation that recorded it: a retry returns this transaction. */
  idempotencyKey?: string | null;
  /** Where it comes from: recorded by its own write, so not necessarily the project's source. */
  provenance: ProvenanceDoc;
}

/** A `target` or `actual`: `@value` (absent for qualitative indicators) and a comment. */
export interface IndicatorValueDoc {
  value?: number | null;
  comment?: string | null;
}

/** An indicator `period`. */
export interface PeriodDoc {
  periodStart: Date;
  periodEnd: Date;
  target: IndicatorValueDoc;
  actual?: (IndicatorValueDoc & { reportedAt: Date }) | null;
}

/** An indicator `baseline`. */
export interface BaselineDoc {
  year: number;
  isoDate?: Date | null;
  value?: number | null;
  comment?: string | null;
}

/** An `indicator`; `code` (`<result>.<indicator>`, from 1) is ours, stable for the project. */
export interface IndicatorDoc {
  code: string;
  measure: IndicatorMeasureCode;
  ascending: boolean;
  title: string;
  description?: string | null;
  baseline?: BaselineDoc | null;
  periods: PeriodDoc[];
}

/** A `result`. */
export interface ResultDoc {
  type: ResultTypeCode;
  title: string;
  description?: string | null;
  indicators: IndicatorDoc[];
}

/** People reached, as last reported. */
export interface BeneficiariesDoc {
  total: number;
  women: number;
  formerMiners: number;
  reportedOn?: Date | null;
}

/** One entry of the status history. */
export interface StatusEntry {
  status: ActivityStatusCode;
  date: Date;
  reason: string;
  recordedBy: string;
}

/** A mutation applied to the project, kept so that a retry with the same key is recognised. */
export interface WriteEntry {
  key: string;
  kind: string;
  fingerprint: string;
  at: Date;
  by: string;
}

/** `activity-date`: planned (types 1, 3) and actual (types 2, 4). */
export interface ActivityDatesDoc {
  plannedStart: Date;
  actualStart?: Date | null;
  plannedEnd: Date;
  actualEnd?: Date | null;
}

/**
 * A project as stored: one IATI activity, with IATI's element names in camelCase and IATI's codes as values
 * (`activityStatus: "2"`, `sectors[].code: "31165"`), so that an `iati-activity` export copies them as they are.
 * Our own fields: `regionCodes`, `statusHistory`, `writes`, `revision`.
 */
export interface ProjectDoc {
  iatiIdentifier: string;
  reportingOrg: OrgDoc & { ref: string; type: OrganisationTypeCode };
  title: string;
  description: string;
  activityStatus: ActivityStatusCode;
  activityDates: ActivityDatesDoc;
  participatingOrgs: ParticipatingOrgDoc[];
  sectors: SectorDoc[];
  /** `location/@ref`: UBIGEO codes of departments, provinces or districts, sorted. */
  locations: string[];
  /**
   * Region membership kept with the project: every location and each of its ancestors (`170102` → `17`,
   * `1701`, `170102`), so "projects in a region" is one indexed equality at any level.
   */
  regionCodes: string[];
  defaultCurrency: Currency;
  budgets: BudgetDoc[];
  transactions: TransactionDoc[];
  results: ResultDoc[];
  beneficiaries: BeneficiariesDoc;
  statusHistory: StatusEntry[];
  writes: WriteEntry[];
  /** Incremented by every write: updates apply only to the revision they were validated against. */
  revision: number;
  /** Where the project's record comes from (the seed, an editor's registration). */
  provenance: ProvenanceDoc;
  createdAt: Date;
  updatedAt: Date;
}

/** A funding organisation, by IATI organisation identifier. */
export interface DonorDoc {
  _id: string;
  name: string;
  type: OrganisationTypeCode;
  provenance: ProvenanceDoc;
}

/** Where an enrollment stands. */
export type EnrollmentStatus = "ENROLLED" | "COMPLETED" | "DROPPED_OUT";

/** One entry of an enrollment's history. */
export interface EnrollmentEntry {
  status: EnrollmentStatus;
  date: Date;
  reason?: string | null;
  recordedBy: string;
  idempotencyKey?: string | null;
  fingerprint?: string | null;
  kind?: string | null;
}

/** A miner's enrollment in a project; `_id` is `<iatiIdentifier>|<ruc>`, so a RUC enrolls once per project. */
export interface EnrollmentDoc {
  _id: string;
  iatiIdentifier: string;
  ruc: string;
  enrolledOn: Date;
  status: EnrollmentStatus;
  formerReinfoStatus?: string | null;
  history: EnrollmentEntry[];
  provenance: ProvenanceDoc;
}

/** Money per currency, in céntimos. */
export type CentsByCurrency = Record<Currency, number>;

/**
 * Funding commitments and disbursements of one region in one calendar month (`_id` `<ubigeo>|<YYYY-MM>`),
 * kept current on write for departments, provinces and districts.
 */
export interface RegionMoneyDoc {
  _id: string;
  ubigeo: string;
  month: string;
  committed: CentsByCurrency;
  disbursed: CentsByCurrency;
  /** The funding transactions counted here, per dataset of their provenance. */
  sources: SourceCounters;
}

const orgSchema = new Schema<OrgDoc>(
  {
    ref: { type: String },
    narrative: { type: String, required: true },
    type: { type: String },
  },
  { _id: false },
);

const participatingOrgSchema = new Schema<ParticipatingOrgDoc>(
  {
    role: { type: String, required: true },
    ref: { type: String },
    narrative: { type: String, required: true },
    type: { type: String, required: true },
  },
  { _id: false },
);

const moneySchema = new Schema<MoneyDoc>(
  {
    currency: { type: String, required: true },
    cents: { type: Number, required: true },
    valueDate: { type: Date, required: true },
  },
  { _id: false },
);

const valueSchema = new Schema<IndicatorValueDoc & { reportedAt?: Date }>(
  { value: { type: Number }, comment: { type: String }, reportedAt: { type: Date } },
  { _id: false },
);

const indicatorSchema = new Schema<IndicatorDoc>(
  {
    code: { type: String, required: true },
    measure: { type: String, required: true },
    ascending: { type: Boolean, required: true },
    title: { type: String, required: true },
    description: { type: String },
    baseline: {
      type: new Schema<BaselineDoc>(
        { year: Number, isoDate: Date, value: Number, comment: String },
        { _id: false },
      ),
    },
    periods: {
      type: [
        new Schema<PeriodDoc>(
          {
            periodStart: { type: Date, required: true },
            periodEnd: { type: Date, required: true },
            target: { type: valueSchema, required: true },
            actual: { type: valueSchema },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
  },
  { _id: false },
);

const projectSchema = new Schema<ProjectDoc>(
  {
    iatiIdentifier: { type: String, required: true, unique: true },
    reportingOrg: { type: orgSchema, required: true },
    title: { type: String, required: true },
    description: { type: String, required: true },
    activityStatus: { type: String, required: true, index: true },
    activityDates: {
      type: new Schema<ActivityDatesDoc>(
        {
          plannedStart: { type: Date, required: true },
          actualStart: { type: Date },
          plannedEnd: { type: Date, required: true },
          actualEnd: { type: Date },
        },
        { _id: false },
      ),
      required: true,
    },
    participatingOrgs: { type: [participatingOrgSchema], default: [] },
    sectors: {
      type: [new Schema<SectorDoc>({ vocabulary: String, code: String, percentage: Number }, { _id: false })],
      default: [],
    },
    locations: { type: [String], default: [] },
    regionCodes: { type: [String], default: [], index: true },
    defaultCurrency: { type: String, required: true },
    budgets: {
      type: [
        new Schema<BudgetDoc>(
          {
            type: { type: String, required: true },
            status: { type: String, required: true },
            periodStart: { type: Date, required: true },
            periodEnd: { type: Date, required: true },
            value: { type: moneySchema, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    transactions: {
      type: [
        new Schema<TransactionDoc>(
          {
            ref: { type: String },
            transactionType: { type: String, required: true },
            transactionDate: { type: Date, required: true },
            value: { type: moneySchema, required: true },
            description: { type: String },
            providerOrg: { type: orgSchema },
            receiverOrg: { type: orgSchema },
            recordedAt: { type: Date, required: true },
            recordedBy: { type: String, required: true },
            idempotencyKey: { type: String },
            provenance: { type: provenanceSchema, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    results: {
      type: [
        new Schema<ResultDoc>(
          {
            type: { type: String, required: true },
            title: { type: String, required: true },
            description: { type: String },
            indicators: { type: [indicatorSchema], default: [] },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    beneficiaries: {
      type: new Schema<BeneficiariesDoc>(
        { total: Number, women: Number, formerMiners: Number, reportedOn: Date },
        { _id: false },
      ),
      required: true,
    },
    statusHistory: {
      type: [
        new Schema<StatusEntry>(
          {
            status: { type: String, required: true },
            date: { type: Date, required: true },
            reason: { type: String, required: true },
            recordedBy: { type: String, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    writes: {
      type: [
        new Schema<WriteEntry>(
          {
            key: { type: String, required: true },
            kind: { type: String, required: true },
            fingerprint: { type: String, required: true },
            at: { type: Date, required: true },
            by: { type: String, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    revision: { type: Number, required: true, default: 0 },
    provenance: { type: provenanceSchema, required: true },
  },
  { collection: "projects", timestamps: true },
);
projectSchema.index({ "participatingOrgs.ref": 1 });
projectSchema.index({ "sectors.code": 1 });
projectSchema.index({ "writes.key": 1 });

const donorSchema = new Schema<DonorDoc>(
  {
    _id: { type: String },
    name: { type: String, required: true },
    type: { type: String, required: true },
    provenance: { type: provenanceSchema, required: true },
  },
  { collection: "donors", versionKey: false },
);

const enrollmentSchema = new Schema<EnrollmentDoc>(
  {
    _id: { type: String },
    iatiIdentifier: { type: String, required: true, index: true },
    ruc: { type: String, required: true, index: true },
    enrolledOn: { type: Date, required: true },
    status: { type: String, required: true },
    formerReinfoStatus: { type: String },
    history: {
      type: [
        new Schema<EnrollmentEntry>(
          {
            status: { type: String, required: true },
            date: { type: Date, required: true },
            reason: { type: String },
            recordedBy: { type: String, required: true },
            idempotencyKey: { type: String },
            fingerprint: { type: String },
            kind: { type: String },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    provenance: { type: provenanceSchema, required: true },
  },
  { collection: "enrollments", versionKey: false },
);
enrollmentSchema.index({ "history.idempotencyKey": 1 });

const centsSchema = new Schema<CentsByCurrency>({ PEN: Number, USD: Number }, { _id: false });

const regionMoneySchema = new Schema<RegionMoneyDoc>(
  {
    _id: { type: String },
    ubigeo: { type: String, required: true },
    month: { type: String, required: true },
    committed: { type: centsSchema },
    disbursed: { type: centsSchema },
    sources: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: "region_money", versionKey: false },
);
regionMoneySchema.index({ ubigeo: 1, month: 1 });

/**
 * Documents per reply for batched reads: large enough that a loader's batch comes back in one reply (no
 * `getMore`), so a request's command count does not depend on how much data matches.
 */
export const READ_BATCH = 100_000;

/** The subgraph's models, bound to its own connection. */
export interface Models {
  Project: Model<ProjectDoc>;
  Donor: Model<DonorDoc>;
  Enrollment: Model<EnrollmentDoc>;
  RegionMoney: Model<RegionMoneyDoc>;
}

export function createModels(connection: Connection): Models {
  return {
    Project: connection.model<ProjectDoc>("LivelihoodProject", projectSchema),
    Donor: connection.model<DonorDoc>("Donor", donorSchema),
    Enrollment: connection.model<EnrollmentDoc>("LivelihoodEnrollment", enrollmentSchema),
    RegionMoney: connection.model<RegionMoneyDoc>("RegionMoney", regionMoneySchema),
  };
}

/** Creates every model's indexes (at start, and before tests). */
export async function initModels(models: Models): Promise<void> {
  await Promise.all([
    models.Project.init(),
    models.Donor.init(),
    models.Enrollment.init(),
    models.RegionMoney.init(),
  ]);
}

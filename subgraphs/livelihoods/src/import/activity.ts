import { provenance, type ProvenanceDoc } from "@tinkuy/kit";
import type { z } from "zod";
import { limitProblem } from "../finance.ts";
import {
  ACTIVITY_STATUS,
  ACTIVITY_STATUS_OF,
  BUDGET_STATUS,
  BUDGET_STATUS_OF,
  BUDGET_TYPE,
  BUDGET_TYPE_OF,
  DAC_SECTOR,
  DAC_SECTOR_OF,
  DAC_VOCABULARY,
  INDICATOR_MEASURE_OF,
  ORG_ROLE,
  ORG_ROLE_OF,
  ORG_TYPE,
  ORG_TYPE_OF,
  RESULT_TYPE_OF,
  TRANSACTION_TYPE,
  TRANSACTION_TYPE_OF,
  type ActivityStatusCode,
  type Currency,
} from "../iati.ts";
import { isLocationCode, recordTransactionInput, registerInput, today, valueProblem } from "../inputs.ts";
import type { OrgDoc, ProjectDoc, StatusEntry, TransactionDoc } from "../models.ts";
import { regionCodesOf } from "../region-stats.ts";
import { resultsOf } from "../writes/register-livelihood-project.ts";
import { activityWindow } from "../writes/record-transaction.ts";
import { placeOf, type DistrictLookup } from "./district.ts";
import { attr, child, children, narrative, text, type XmlNode } from "./xml.ts";

/** The language the hub records narratives in. */
const LANG = "es";

/** One problem with an activity: the element or attribute at fault, and why. */
export interface Problem {
  field: string;
  reason: string;
}

/** An activity the hub records, as the import would store it (without the fields a write adds). */
export type ImportedProject = Omit<
  ProjectDoc,
  "beneficiaries" | "writes" | "revision" | "createdAt" | "updatedAt"
>;

/** What one `iati-activity` becomes: a project, a refusal, or a skip (not an activity in Peru). */
export type Mapped =
  | { kind: "project"; project: ImportedProject }
  | { kind: "refused"; problems: Problem[] }
  | { kind: "skipped"; reason: string };

/** The context every activity of one file is read in. */
export interface MapContext {
  /** The file's name and SHA-256, as provenance names it after the publisher. */
  fileDataset: string;
  /** The file's `generated-datetime`, the activities' as-of day when they carry no `last-updated-datetime`. */
  generated: string | undefined;
  /** Who the status history and transactions name as having recorded them. */
  recordedBy: string;
  districtAt: DistrictLookup;
  now: Date;
}

/** Top-level input fields, named as the IATI element they come from. */
const ELEMENT: Record<string, string> = {
  reportingOrg: "reporting-org",
  localId: "iati-identifier",
  title: "title",
  description: "description",
  defaultCurrency: "@default-currency",
  plannedStart: "activity-date[@type=1]",
  plannedEnd: "activity-date[@type=3]",
  participatingOrgs: "participating-org",
  sectors: "sector",
  locations: "location",
  budgets: "budget",
  results: "result",
};

/** `budgets.1.periodEnd` → `budget[2].periodEnd`: an issue's path as the IATI element (indexes from 1). */
function fieldOf(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  let out = head === undefined ? "iati-activity" : (ELEMENT[head] ?? head);
  for (const part of rest) out += /^\d+$/.test(part) ? `[${Number(part) + 1}]` : `.${part}`;
  return out;
}

/** `2024-01-31` (or an xsd:date with a zone, or a dateTime) → that day at midnight UTC. */
function dayOf(value: string | undefined): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const date = new Date(`${value.slice(0, 10)}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function numberOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** An IATI amount (xsd:decimal) as the hub's amount text: `+1000.50` → `1000.50`. */
function amountOf(value: string | undefined): string {
  return (value ?? "").replace(/^\+/, "");
}

/**
 * Maps one `iati-activity` to a livelihood project, applying every rule `registerLivelihoodProject` applies
 * (through its own input schema), the transactions' rules (`recordTransaction`'s input schema, dates within the
 * activity's, currencies among its budgets', disbursements within commitments) and the import's own: Peru as the
 * recipient country, each location's point in a district of Peru, sector percentages adding up to 100 within
 * each vocabulary, code lists the hub records.
 */
export function mapActivity(node: XmlNode, context: MapContext): Mapped {
  const problems: Problem[] = [];
  const problem = (field: string, reason: string) => problems.push({ field, reason });
  const lang = attr(node, "xml:lang");

  // Peru, wholly: the hub records projects in Peru, their whole budget.
  const countries = children(node, "recipient-country").map((c) => ({
    code: attr(c, "code")?.toUpperCase(),
    percentage: numberOf(attr(c, "percentage")),
  }));
  const peru = countries.find((c) => c.code === "PE");
  if (!peru) {
    const listed = countries.map((c) => c.code).filter(Boolean);
    return {
      kind: "skipped",
      reason:
        listed.length > 0
          ? `recipient country ${listed.join(", ")}, not Peru: skipped`
          : "no recipient country (a regional activity?), not Peru: skipped",
    };
  }
  if (countries.length > 1 || (peru.percentage !== undefined && peru.percentage !== 100)) {
    problem(
      "recipient-country",
      `Peru is one of ${countries.length} recipient countries (${peru.percentage ?? "?"} %): the hub records ` +
        "activities wholly in Peru",
    );
  }

  const identifier = text(child(node, "iati-identifier")) ?? "";
  const reporting = child(node, "reporting-org");
  const reportingRef = attr(reporting, "ref") ?? "";
  const reportingType = attr(reporting, "type");
  if (!identifier.startsWith(`${reportingRef}-`)) {
    problem(
      "iati-identifier",
      `must start with the reporting organisation's identifier and a dash (${reportingRef || "no ref"}-…)`,
    );
  }
  const localId = identifier.startsWith(`${reportingRef}-`) ? identifier.slice(reportingRef.length + 1) : "";

  const orgType = (code: string | undefined, field: string) => {
    if (code === undefined) return undefined;
    const name = ORG_TYPE_OF[code as keyof typeof ORG_TYPE_OF];
    if (!name) problem(field, `organisation type ${code} is not one the hub records`);
    return name;
  };

  const descriptions = children(node, "description");
  const general = descriptions.find((d) => (attr(d, "type") ?? "1") === "1") ?? descriptions[0];

  const dates = new Map<string, Date | undefined>();
  for (const d of children(node, "activity-date")) {
    const type = attr(d, "type") ?? "";
    if (!dates.has(type)) dates.set(type, dayOf(attr(d, "iso-date")));
  }

  const participating = children(node, "participating-org").map((org, i) => {
    const role = ORG_ROLE_OF[attr(org, "role") as keyof typeof ORG_ROLE_OF];
    if (!role) problem(`participating-org[${i + 1}]@role`, `role ${attr(org, "role")} is not an IATI role`);
    return {
      role,
      ref: attr(org, "ref") ?? null,
      name: narrative(org, LANG, lang) ?? attr(org, "ref"),
      type: orgType(attr(org, "type"), `participating-org[${i + 1}]@type`),
    };
  });

  // Sectors: percentages add up to 100 within each vocabulary (IATI); the hub keeps the DAC 5-digit ones.
  const byVocabulary = new Map<string, { code: string; percentage: number | undefined }[]>();
  for (const s of children(node, "sector")) {
    const vocabulary = attr(s, "vocabulary") ?? DAC_VOCABULARY;
    const list = byVocabulary.get(vocabulary) ?? [];
    list.push({ code: attr(s, "code") ?? "", percentage: numberOf(attr(s, "percentage")) });
    byVocabulary.set(vocabulary, list);
  }
  for (const [vocabulary, list] of byVocabulary) {
    if (vocabulary === DAC_VOCABULARY) continue;
    const sum = list.reduce(
      (total, s) => total + Math.round((s.percentage ?? (list.length === 1 ? 100 : 0)) * 100),
      0,
    );
    if (sum !== 10_000) {
      problem(
        "sector",
        `sector percentages of vocabulary ${vocabulary} must add up to 100 (they add up to ${sum / 100})`,
      );
    }
  }
  const dac = byVocabulary.get(DAC_VOCABULARY) ?? [];
  const sectors = dac.map((s, i) => {
    const sector = DAC_SECTOR_OF[s.code as keyof typeof DAC_SECTOR_OF];
    if (!sector) problem(`sector[${i + 1}]@code`, `DAC purpose code ${s.code} is not one the hub records`);
    return { sector, percentage: s.percentage ?? (dac.length === 1 ? 100 : undefined) };
  });

  // Locations: each point's district (a point outside Peru refuses the activity); a location without a point
  // may name its UBIGEO in @ref, as the hub's own export writes it.
  const locations = new Set<string>();
  children(node, "location").forEach((location, i) => {
    const field = `location[${i + 1}]`;
    const pos = text(child(child(location, "point"), "pos"));
    if (pos !== undefined) {
      const [lat, lon, ...extra] = pos.split(/\s+/).map(Number);
      if (
        lat === undefined ||
        lon === undefined ||
        extra.length > 0 ||
        !Number.isFinite(lat) ||
        !Number.isFinite(lon)
      ) {
        problem(`${field}.point.pos`, `"${pos}" is not a latitude and a longitude`);
        return;
      }
      const found = context.districtAt(lat, lon);
      if (found === null) {
        problem(`${field}.point.pos`, `the point ${lat} ${lon} is outside Peru`);
        return;
      }
      locations.add(placeOf(found, attr(location, "ref")));
      return;
    }
    const ref = attr(location, "ref");
    if (ref && isLocationCode(ref)) locations.add(ref);
    else problem(field, "a location needs a point (point/pos) or a UBIGEO code in @ref");
  });

  const defaultCurrency = attr(node, "default-currency");
  const budgets = children(node, "budget").map((b) => ({
    type: BUDGET_TYPE_OF[(attr(b, "type") ?? BUDGET_TYPE.ORIGINAL) as keyof typeof BUDGET_TYPE_OF],
    status:
      BUDGET_STATUS_OF[(attr(b, "status") ?? BUDGET_STATUS.INDICATIVE) as keyof typeof BUDGET_STATUS_OF],
    periodStart: dayOf(attr(child(b, "period-start"), "iso-date")),
    periodEnd: dayOf(attr(child(b, "period-end"), "iso-date")),
    value: amountOf(text(child(b, "value"))),
    currency: attr(child(b, "value"), "currency") ?? defaultCurrency,
    valueDate: dayOf(attr(child(b, "value"), "value-date")),
  }));

  const results = children(node, "result").map((r, ri) => {
    const type = RESULT_TYPE_OF[attr(r, "type") as keyof typeof RESULT_TYPE_OF];
    if (!type) problem(`result[${ri + 1}]@type`, `result type ${attr(r, "type")} is not an IATI result type`);
    return {
      type,
      title: narrative(child(r, "title"), LANG, lang),
      description: narrative(child(r, "description"), LANG, lang) ?? null,
      indicators: children(r, "indicator").map((ind, ii) => {
        const measure = INDICATOR_MEASURE_OF[attr(ind, "measure") as keyof typeof INDICATOR_MEASURE_OF];
        if (!measure) {
          problem(
            `result[${ri + 1}].indicator[${ii + 1}]@measure`,
            `measure ${attr(ind, "measure")} is unknown`,
          );
        }
        const baseline = child(ind, "baseline");
        return {
          measure,
          ascending:
            attr(ind, "ascending") === undefined ? true : ["1", "true"].includes(attr(ind, "ascending")!),
          title: narrative(child(ind, "title"), LANG, lang),
          description: narrative(child(ind, "description"), LANG, lang) ?? null,
          baseline: baseline
            ? {
                year: numberOf(attr(baseline, "year")),
                isoDate: dayOf(attr(baseline, "iso-date")) ?? null,
                value: numberOf(attr(baseline, "value")) ?? null,
                comment: narrative(child(baseline, "comment"), LANG, lang) ?? null,
              }
            : null,
          periods: children(ind, "period").map((p) => ({
            periodStart: dayOf(attr(child(p, "period-start"), "iso-date")),
            periodEnd: dayOf(attr(child(p, "period-end"), "iso-date")),
            target: numberOf(attr(child(p, "target"), "value")) ?? null,
            targetComment: narrative(child(child(p, "target"), "comment"), LANG, lang) ?? null,
            actual: child(p, "actual")
              ? {
                  value: numberOf(attr(child(p, "actual"), "value")) ?? null,
                  comment: narrative(child(child(p, "actual"), "comment"), LANG, lang) ?? null,
                }
              : null,
          })),
        };
      }),
    };
  });

  const raw = {
    reportingOrg: {
      ref: reportingRef,
      name: narrative(reporting, LANG, lang) ?? reportingRef,
      type: orgType(reportingType, "reporting-org@type"),
    },
    localId,
    title: narrative(child(node, "title"), LANG, lang),
    description: narrative(general, LANG, lang),
    defaultCurrency,
    plannedStart: dates.get("1"),
    plannedEnd: dates.get("3"),
    // The budgets lie within the activity's dates: the actual ones the file gives, else the planned.
    actualStart: dates.get("2"),
    actualEnd: dates.get("4"),
    participatingOrgs: participating,
    sectors,
    locations: [...locations].sort(),
    budgets,
    results,
  };
  const parsed = registerInput.safeParse(raw);
  if (!parsed.success) {
    // A location already refused (outside Peru, no point) says why the list is short: no second line for it.
    const locationRefused = problems.some((p) => p.field.startsWith("location"));
    for (const issue of parsed.error.issues) {
      if (locationRefused && issue.path[0] === "locations") continue;
      problem(fieldOf(issue.path), issue.message);
    }
  }

  const status = attr(child(node, "activity-status"), "code") as ActivityStatusCode | undefined;
  if (!status || !ACTIVITY_STATUS_OF[status]) {
    problem("activity-status", `activity status ${status ?? "(none)"} is not an IATI activity status`);
  }
  // Actuals, which a registration does not take: each value fits its indicator's measure, and is for a period
  // that had ended by the file's day (as reportIndicatorActual requires).
  const fileDay = minDay(dayOf(context.generated) ?? context.now, today());
  results.forEach((r, ri) =>
    r.indicators.forEach((ind, ii) =>
      ind.periods.forEach((p, pi) => {
        if (p.actual && p.periodEnd && p.periodEnd >= fileDay) {
          problem(
            `result[${ri + 1}].indicator[${ii + 1}].period[${pi + 1}].actual`,
            `an actual is the result at the end of its period: this period ends on ${p.periodEnd.toISOString().slice(0, 10)}, not before the file's day`,
          );
        }
        const value = p.actual?.value;
        const why = value != null && ind.measure ? valueProblem(ind.measure, value) : undefined;
        if (why) problem(`result[${ri + 1}].indicator[${ii + 1}].period[${pi + 1}].actual@value`, why);
        if (p.actual && ind.measure === "QUALITATIVE" && value != null) {
          problem(
            `result[${ri + 1}].indicator[${ii + 1}].period[${pi + 1}].actual@value`,
            "a qualitative actual has no value",
          );
        }
      }),
    ),
  );
  if (!parsed.success || problems.length > 0) return { kind: "refused", problems };
  const input = parsed.data;

  const asOf = minDay(
    dayOf(attr(node, "last-updated-datetime")) ?? dayOf(context.generated) ?? context.now,
    today(),
  );
  const source = `${input.reportingOrg.name} (${input.reportingOrg.ref})`;
  const prov = provenance({
    kind: "PUBLISHED",
    dataset: `${input.reportingOrg.ref} ${context.fileDataset}`,
    source,
    asOf,
    note: `IATI ${IATI_NOTE} activity file published by ${source}`,
  });

  const activityDates = {
    plannedStart: input.plannedStart,
    actualStart: dates.get("2") ?? null,
    plannedEnd: input.plannedEnd,
    actualEnd: dates.get("4") ?? null,
  };
  const budgetDocs = input.budgets.map((b, i) => ({
    type: BUDGET_TYPE[b.type ?? "ORIGINAL"],
    status: BUDGET_STATUS[b.status ?? "COMMITTED"],
    periodStart: b.periodStart,
    periodEnd: b.periodEnd,
    value: {
      currency: b.currency ?? input.defaultCurrency,
      cents: b.value,
      valueDate: budgets[i]?.valueDate ?? b.periodStart,
    },
  }));

  const transactions = mapTransactions(node, {
    identifier,
    lang,
    defaultCurrency: input.defaultCurrency,
    window: activityWindow({ activityDates }),
    currencies: new Set(budgetDocs.map((b) => b.value.currency)),
    provenance: prov,
    context,
    problem,
  });

  const resultDocs = resultsOf(input);
  resultDocs.forEach((r, ri) =>
    r.indicators.forEach((ind, ii) => {
      // resultsOf sorts periods by start: match each actual to its period by its dates.
      for (const p of results[ri]?.indicators[ii]?.periods ?? []) {
        if (!p.actual) continue;
        const period = ind.periods.find(
          (q) =>
            q.periodStart.getTime() === p.periodStart?.getTime() &&
            q.periodEnd.getTime() === p.periodEnd?.getTime(),
        );
        if (period) period.actual = { value: p.actual.value, comment: p.actual.comment, reportedAt: asOf };
      }
    }),
  );
  if (problems.length > 0) return { kind: "refused", problems };

  const activityStatus = status as ActivityStatusCode;
  return {
    kind: "project",
    project: {
      iatiIdentifier: identifier,
      reportingOrg: {
        ref: input.reportingOrg.ref,
        narrative: input.reportingOrg.name,
        type: ORG_TYPE[input.reportingOrg.type],
      },
      title: input.title,
      description: input.description,
      activityStatus,
      activityDates,
      participatingOrgs: input.participatingOrgs.map((org) => ({
        role: ORG_ROLE[org.role],
        ref: org.ref ?? null,
        narrative: org.name,
        type: ORG_TYPE[org.type],
      })),
      sectors: input.sectors.map((s) => ({
        vocabulary: DAC_VOCABULARY,
        code: DAC_SECTOR[s.sector],
        percentage: s.percentage,
      })),
      locations: input.locations,
      regionCodes: regionCodesOf(input.locations),
      defaultCurrency: input.defaultCurrency,
      budgets: budgetDocs,
      transactions: transactions ?? [],
      results: resultDocs,
      statusHistory: statusHistoryOf(activityStatus, activityDates, asOf, context.recordedBy),
      provenance: prov,
    },
  };
}

const IATI_NOTE = "2.03";

function minDay(a: Date, b: Date): Date {
  return a < b ? a : b;
}

/**
 * The status history the file tells: implementation from the actual start, the end status from the actual
 * end, and the file's status as of its day when neither says when it began.
 */
function statusHistoryOf(
  status: ActivityStatusCode,
  dates: { plannedStart: Date; actualStart: Date | null; actualEnd: Date | null },
  asOf: Date,
  recordedBy: string,
): StatusEntry[] {
  const reason = "Importado del archivo IATI del donante";
  const entry = (s: ActivityStatusCode, date: Date): StatusEntry => ({ status: s, date, reason, recordedBy });
  const history: StatusEntry[] = [];
  if (status !== ACTIVITY_STATUS.PIPELINE && dates.actualStart) {
    history.push(entry(ACTIVITY_STATUS.IMPLEMENTATION, dates.actualStart));
  }
  const ended = status === ACTIVITY_STATUS.FINALISATION || status === ACTIVITY_STATUS.CLOSED;
  const last = history.at(-1);
  if (!last || last.status !== status) {
    const date = ended && dates.actualEnd ? dates.actualEnd : asOf;
    history.push(entry(status, last && date < last.date ? last.date : date));
  }
  return history;
}

interface TransactionContext {
  identifier: string;
  lang: string | undefined;
  defaultCurrency: Currency;
  window: { from: Date; to: Date };
  currencies: ReadonlySet<string>;
  provenance: ProvenanceDoc;
  context: MapContext;
  problem: (field: string, reason: string) => void;
}

type OrgInput = z.infer<typeof recordTransactionInput>["providerOrg"];

function orgOf(org: OrgInput): OrgDoc | null {
  if (!org) return null;
  return { ref: org.ref ?? null, narrative: org.name, type: org.type ? ORG_TYPE[org.type] : null };
}

/** The activity's transactions, each held to `recordTransaction`'s rules; problems are reported. */
function mapTransactions(node: XmlNode, t: TransactionContext): TransactionDoc[] | undefined {
  const out: TransactionDoc[] = [];
  const day = (d: Date) => d.toISOString().slice(0, 10);
  children(node, "transaction").forEach((tx, i) => {
    const field = `transaction[${i + 1}]`;
    const code = attr(child(tx, "transaction-type"), "code") ?? "";
    const type = TRANSACTION_TYPE_OF[code as keyof typeof TRANSACTION_TYPE_OF];
    if (!type) {
      t.problem(`${field}.transaction-type`, `transaction type ${code} is not one the hub records`);
      return;
    }
    const org = (element: string) => {
      const o = child(tx, element);
      if (!o) return null;
      const ref = attr(o, "ref");
      return {
        ref: ref ?? null,
        name: narrative(o, LANG, t.lang) ?? ref,
        type: ORG_TYPE_OF[attr(o, "type") as keyof typeof ORG_TYPE_OF] ?? null,
      };
    };
    const value = child(tx, "value");
    const parsed = recordTransactionInput.safeParse({
      iatiIdentifier: t.identifier,
      ref: attr(tx, "ref") ?? null,
      type,
      date: dayOf(attr(child(tx, "transaction-date"), "iso-date")),
      value: amountOf(text(value)),
      currency: attr(value, "currency") ?? t.defaultCurrency,
      description: narrative(child(tx, "description"), LANG, t.lang) ?? null,
      providerOrg: org("provider-org"),
      receiverOrg: org("receiver-org"),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String).join(".");
        t.problem(`${field}${path ? `.${path}` : ""}`, issue.message);
      }
      return;
    }
    const input = parsed.data;
    if (input.date < t.window.from || input.date > t.window.to) {
      t.problem(
        `${field}.transaction-date`,
        `must be within the activity dates, ${day(t.window.from)} to ${day(t.window.to)}`,
      );
      return;
    }
    if (!t.currencies.has(input.currency)) {
      t.problem(
        `${field}.value@currency`,
        `must be one of the activity's budget currencies: ${[...t.currencies].join(", ")}`,
      );
      return;
    }
    out.push({
      ref: input.ref ?? null,
      transactionType: TRANSACTION_TYPE[input.type],
      transactionDate: input.date,
      value: {
        currency: input.currency,
        cents: input.value,
        valueDate: dayOf(attr(value, "value-date")) ?? input.date,
      },
      description: input.description ?? null,
      providerOrg: orgOf(input.providerOrg),
      receiverOrg: orgOf(input.receiverOrg),
      recordedAt: t.context.now,
      recordedBy: t.context.recordedBy,
      idempotencyKey: null,
      provenance: t.provenance,
    });
  });
  // Disbursements within commitments, incoming funds within incoming commitments, in the order of their dates.
  const ordered = out
    .map((doc, index) => ({ doc, index }))
    .sort((a, b) => a.doc.transactionDate.getTime() - b.doc.transactionDate.getTime() || a.index - b.index);
  const so_far: TransactionDoc[] = [];
  for (const { doc, index } of ordered) {
    const why = limitProblem(so_far, doc);
    if (why) t.problem(`transaction[${index + 1}]`, why);
    so_far.push(doc);
  }
  return out;
}

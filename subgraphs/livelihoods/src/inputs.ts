import { decimalToCents, NATIONAL_UBIGEO, regionCatalog, rucProblem } from "@tinkuy/kit";
import { z } from "zod";
import { budgetPeriodIssues, withinAYear } from "./budget-periods.ts";
import {
  ACTIVITY_STATUS,
  BUDGET_STATUS,
  BUDGET_TYPE,
  CURRENCIES,
  DAC_SECTOR,
  INDICATOR_MEASURE,
  namesOf,
  ORG_ROLE,
  ORG_TYPE,
  RESULT_TYPE,
  TRANSACTION_TYPE,
} from "./iati.ts";

/** Today at midnight UTC: the latest date a fact may carry. */
export function today(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

const text = (max: number) =>
  z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

/** An IATI organisation identifier: a registration agency prefix (2 letters first) and dash-separated parts. */
export const orgRef = z
  .string()
  .trim()
  .max(100, "must be at most 100 characters")
  .regex(
    /^[A-Z]{2}-[A-Za-z0-9_.]+(-[A-Za-z0-9_.]+)*$/,
    "an IATI organisation identifier is a 2-letter agency prefix and dash-separated parts, e.g. US-GOV-1",
  );

/**
 * An IATI activity identifier: the reporting organisation's identifier, a dash, the local identifier. IATI
 * forbids spaces and the characters / & | ? in identifiers.
 */
export const iatiIdentifier = z
  .string()
  .trim()
  .max(170, "must be at most 170 characters")
  .regex(
    /^[A-Z]{2}-[A-Za-z0-9_.:-]+$/,
    "an IATI identifier is the reporting organisation's identifier, a dash and a local identifier",
  );

const localId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.:-]{1,60}$/, "1 to 60 letters, digits, dots, underscores, colons or dashes");

const day = z.date({ error: "must be a calendar date" });
const notFuture = day.refine((date) => date <= today(), "must not be in the future");

const ruc = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = rucProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `not a valid RUC: ${problem}` });
  });

const positiveAmount = z.string().transform((value, ctx) => {
  let cents: number;
  try {
    cents = decimalToCents(value);
  } catch {
    ctx.addIssue({ code: "custom", message: "must be an amount with at most two decimals" });
    return z.NEVER;
  }
  if (cents <= 0) {
    ctx.addIssue({ code: "custom", message: "must be greater than 0" });
    return z.NEVER;
  }
  return cents;
});

const currency = z.enum(CURRENCIES);
const orgType = z.enum(namesOf(ORG_TYPE));

const organisation = z.object({
  ref: orgRef.nullish(),
  name: text(200),
  type: orgType.nullish(),
});

const participatingOrg = z
  .object({
    role: z.enum(namesOf(ORG_ROLE)),
    ref: orgRef.nullish(),
    name: text(200),
    type: orgType,
  })
  .refine((org) => org.role !== "FUNDING" || org.ref != null, {
    message: "a funding organisation needs its IATI organisation identifier",
    path: ["ref"],
  });

/**
 * Whether a code names a place a project can work in: a known department, province or district. Not Peru as a
 * whole (`00`): the recipient country says that already, and a location at `00` would give Peru a counter of
 * its own beside the departments' it is the sum of.
 */
export function isLocationCode(code: string): boolean {
  return (
    /^\d{2}(\d{2}){0,2}$/.test(code) && code !== NATIONAL_UBIGEO && regionCatalog().get(code) !== undefined
  );
}

/** Percentages carry at most two decimals, so they are compared in hundredths. */
const percentage = z
  .number()
  .gt(0, "must be more than 0")
  .max(100, "must be at most 100")
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, "at most two decimals");

const location = z
  .string()
  .trim()
  .refine(
    (code) => isLocationCode(code),
    "must be the UBIGEO code of a known department, province or district",
  );

const budget = z
  .object({
    type: z.enum(namesOf(BUDGET_TYPE)).nullish(),
    status: z.enum(namesOf(BUDGET_STATUS)).nullish(),
    periodStart: day,
    periodEnd: day,
    value: positiveAmount,
    currency: currency.nullish(),
  })
  .superRefine((b, ctx) => {
    if (b.periodEnd < b.periodStart) {
      ctx.addIssue({ code: "custom", message: "must be on or after periodStart", path: ["periodEnd"] });
    } else if (!withinAYear(b.periodStart, b.periodEnd)) {
      ctx.addIssue({
        code: "custom",
        message: "a budget period lasts at most a year (IATI)",
        path: ["periodEnd"],
      });
    }
  });

/** People reached; women and former miners are among the total. */
export const beneficiaries = z
  .object({
    total: z.number().int("must be a whole number").min(0, "must be 0 or more").max(10_000_000, "too large"),
    women: z.number().int("must be a whole number").min(0, "must be 0 or more"),
    formerMiners: z.number().int("must be a whole number").min(0, "must be 0 or more"),
  })
  .superRefine((b, ctx) => {
    if (b.women > b.total)
      ctx.addIssue({ code: "custom", message: "must not exceed total", path: ["women"] });
    if (b.formerMiners > b.total) {
      ctx.addIssue({ code: "custom", message: "must not exceed total", path: ["formerMiners"] });
    }
  });

type Measure = keyof typeof INDICATOR_MEASURE;

/** Why a value does not fit a measure, or undefined when it does. */
export function valueProblem(measure: Measure, value: number): string | undefined {
  if (!Number.isFinite(value)) return "must be a finite number";
  if (measure === "PERCENTAGE" && (value < 0 || value > 100)) return "a percentage is between 0 and 100";
  if ((measure === "ORDINAL" || measure === "NOMINAL") && !Number.isInteger(value)) {
    return `an ${measure.toLowerCase()} value is a whole number`;
  }
  return undefined;
}

const indicator = z
  .object({
    measure: z.enum(namesOf(INDICATOR_MEASURE)),
    ascending: z.boolean().nullish(),
    title: text(300),
    description: text(2000).nullish(),
    baseline: z
      .object({
        year: z
          .number()
          .int("must be a whole number")
          .min(2000, "must be 2000 or later")
          .max(2100, "must be 2100 or earlier"),
        isoDate: day.nullish(),
        value: z.number().nullish(),
        comment: text(2000).nullish(),
      })
      .nullish(),
    periods: z
      .array(
        z.object({
          periodStart: day,
          periodEnd: day,
          target: z.number().nullish(),
          targetComment: text(2000).nullish(),
        }),
      )
      .max(40, "at most 40 periods"),
  })
  .superRefine((ind, ctx) => {
    const qualitative = ind.measure === "QUALITATIVE";
    const baseline = ind.baseline?.value;
    if (ind.baseline && qualitative && baseline != null) {
      ctx.addIssue({
        code: "custom",
        message: "a qualitative indicator's baseline has no value",
        path: ["baseline", "value"],
      });
    }
    if (ind.baseline && !qualitative) {
      const problem =
        baseline == null ? "required for a quantitative indicator" : valueProblem(ind.measure, baseline);
      if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["baseline", "value"] });
    }
    ind.periods.forEach((period, i) => {
      if (period.periodEnd < period.periodStart) {
        ctx.addIssue({
          code: "custom",
          message: "must be on or after periodStart",
          path: ["periods", i, "periodEnd"],
        });
      }
      if (qualitative) {
        if (period.target != null) {
          ctx.addIssue({
            code: "custom",
            message: "a qualitative target has no value",
            path: ["periods", i, "target"],
          });
        }
        if (period.targetComment == null) {
          ctx.addIssue({
            code: "custom",
            message: "a qualitative target is described by its comment",
            path: ["periods", i, "targetComment"],
          });
        }
      } else {
        const problem =
          period.target == null
            ? "required for a quantitative indicator"
            : valueProblem(ind.measure, period.target);
        if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["periods", i, "target"] });
      }
      ind.periods.forEach((other, j) => {
        if (j < i && other.periodStart <= period.periodEnd && period.periodStart <= other.periodEnd) {
          ctx.addIssue({
            code: "custom",
            message: `overlaps period ${j + 1} of the indicator`,
            path: ["periods", i, "periodStart"],
          });
        }
      });
    });
  });

const result = z.object({
  type: z.enum(namesOf(RESULT_TYPE)),
  title: text(300),
  description: text(2000).nullish(),
  indicators: z
    .array(indicator)
    .min(1, "a result has at least one indicator")
    .max(20, "at most 20 indicators"),
});

export const registerInput = z
  .object({
    reportingOrg: z.object({ ref: orgRef, name: text(200), type: orgType }),
    localId,
    title: text(300),
    description: text(4000),
    defaultCurrency: currency,
    identifiedOn: notFuture.nullish(),
    plannedStart: day,
    plannedEnd: day,
    // Not in the API's input: import:iati passes the dates a file gives, against which the budgets are judged.
    actualStart: day.nullish(),
    actualEnd: day.nullish(),
    participatingOrgs: z
      .array(participatingOrg)
      .min(1, "list the participating organisations")
      .max(30, "at most 30"),
    sectors: z
      .array(z.object({ sector: z.enum(namesOf(DAC_SECTOR)), percentage }))
      .min(1, "a project has at least one sector")
      .max(20, "at most 20 sectors"),
    locations: z.array(location).min(1, "a project works somewhere").max(50, "at most 50 locations"),
    budgets: z.array(budget).min(1, "a project has at least one budget").max(60, "at most 60 budgets"),
    beneficiaries: beneficiaries.nullish(),
    results: z.array(result).max(20, "at most 20 results"),
  })
  .superRefine((input, ctx) => {
    if (input.plannedEnd <= input.plannedStart) {
      ctx.addIssue({ code: "custom", message: "must be after plannedStart", path: ["plannedEnd"] });
    }
    for (const role of ["FUNDING", "IMPLEMENTING"] as const) {
      if (!input.participatingOrgs.some((org) => org.role === role)) {
        ctx.addIssue({
          code: "custom",
          message: `at least one ${role} organisation is required`,
          path: ["participatingOrgs"],
        });
      }
    }
    const seen = new Set<string>();
    input.sectors.forEach((s, i) => {
      if (seen.has(s.sector)) {
        ctx.addIssue({ code: "custom", message: "each sector at most once", path: ["sectors", i, "sector"] });
      }
      seen.add(s.sector);
    });
    const hundredths = input.sectors.reduce((sum, s) => sum + Math.round(s.percentage * 100), 0);
    if (hundredths !== 10_000) {
      ctx.addIssue({
        code: "custom",
        message: `sector percentages must add up to 100 (they add up to ${hundredths / 100})`,
        path: ["sectors"],
      });
    }
    const places = new Set<string>();
    input.locations.forEach((code, i) => {
      if (places.has(code)) ctx.addIssue({ code: "custom", message: "listed twice", path: ["locations", i] });
      places.add(code);
    });
    // IATI wants `participating-org/@ref` where the organisation is known: one this project identifies elsewhere
    // (as its reporting organisation or in another role) is identified here too.
    const known = new Map<string, string>([[input.reportingOrg.name.toLowerCase(), input.reportingOrg.ref]]);
    for (const org of input.participatingOrgs) if (org.ref) known.set(org.name.toLowerCase(), org.ref);
    input.participatingOrgs.forEach((org, i) => {
      const ref = org.ref ? undefined : known.get(org.name.toLowerCase());
      if (ref) {
        ctx.addIssue({
          code: "custom",
          message: `this project identifies ${org.name} as ${ref}: give that ref here too (IATI: @ref where known)`,
          path: ["participatingOrgs", i, "ref"],
        });
      }
    });
    const window = {
      start: input.actualStart ?? input.plannedStart,
      end: input.actualEnd ?? input.plannedEnd,
    };
    for (const issue of budgetPeriodIssues(input.budgets, window)) {
      ctx.addIssue({ code: "custom", message: issue.message, path: ["budgets", issue.index, issue.field] });
    }
  });

export const changeStatusInput = z.object({
  iatiIdentifier,
  status: z.enum(namesOf(ACTIVITY_STATUS)),
  reason: text(500),
  effectiveDate: notFuture.nullish(),
});

export const recordTransactionInput = z
  .object({
    iatiIdentifier,
    ref: text(100).nullish(),
    type: z.enum(namesOf(TRANSACTION_TYPE)),
    date: notFuture,
    value: positiveAmount,
    currency,
    description: text(1000).nullish(),
    providerOrg: organisation.nullish(),
    receiverOrg: organisation.nullish(),
  })
  .refine(
    (input) =>
      !(input.type === "INCOMING_FUNDS" || input.type === "INCOMING_COMMITMENT") || input.providerOrg != null,
    { message: "incoming money names its provider organisation", path: ["providerOrg"] },
  );

export const reportActualInput = z.object({
  iatiIdentifier,
  indicator: z
    .string()
    .trim()
    .regex(/^\d{1,2}\.\d{1,2}$/, "an indicator code is `<result>.<indicator>`, e.g. 2.1"),
  periodStart: day,
  periodEnd: day,
  value: z.number().nullish(),
  comment: text(2000).nullish(),
});

export const reportBeneficiariesInput = z.object({
  iatiIdentifier,
  beneficiaries,
  reportedOn: notFuture.nullish(),
});

export const enrollInput = z.object({
  iatiIdentifier,
  ruc,
  enrolledOn: notFuture.nullish(),
  formerReinfoStatus: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-ZÁÉÍÓÚÑ ]{3,30}$/, "a REINFO status as MINEM writes it, e.g. EXCLUIDO")
    .nullish(),
});

export const changeEnrollmentInput = z.object({
  iatiIdentifier,
  ruc,
  status: z.enum(["ENROLLED", "COMPLETED", "DROPPED_OUT"]),
  date: notFuture.nullish(),
  reason: text(500).nullish(),
});

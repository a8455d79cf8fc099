import { decimalToCents, regionCatalog, todayInLima } from "@tinkuy/kit";
import { z } from "zod";
import { CUI, CUI_RULE, FUNCTIONS, functionCodeOf, type GovernmentFunction } from "../vocabulary.ts";

const DAY = 86_400_000;

/** The first year an investment may be dated in: the CUI covers investments registered since SNIP's. */
export const FIRST_YEAR = 2000;

/** The most a single amount may be, in soles: far above any investment's cost, below the Decimal's range. */
const MAX_SOLES = 100_000_000_000;

const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? "must not be empty" : `must be ${min} to ${max} characters`)
    .max(max, min === 1 ? `must be at most ${max} characters` : `must be ${min} to ${max} characters`);

export const cui = z.string().trim().regex(CUI, CUI_RULE);

const district = z
  .string()
  .trim()
  .refine(
    (value) => regionCatalog().get(value)?.level === "DISTRICT",
    "must be the 6-digit UBIGEO of a district",
  );

/**
 * A calendar day (the `Date` scalar) from 2000 on and not after today in Lima: the investment bank's days are
 * Lima's, so from 19:00 in Lima the next UTC day is still the future.
 */
const pastDay = z
  .date()
  .refine((date) => date.getUTCFullYear() >= FIRST_YEAR, `must not be before ${FIRST_YEAR}`)
  .refine((date) => date.getTime() < todayInLima().getTime() + DAY, "must not be in the future");

/** A `Decimal` amount in soles, as integer céntimos, at most `MAX_SOLES`. */
const soles = z.string().transform((value, ctx) => {
  let cents: number;
  try {
    cents = decimalToCents(value);
  } catch {
    ctx.addIssue({ code: "custom", message: "must be an amount with at most two decimals" });
    return z.NEVER;
  }
  if (cents > MAX_SOLES * 100) {
    ctx.addIssue({ code: "custom", message: `must be at most ${MAX_SOLES.toLocaleString("en")} soles` });
    return z.NEVER;
  }
  return cents;
});
const positiveSoles = soles.refine((cents) => cents > 0, "must be more than 0");

const functionName = z
  .string()
  .refine((value) => Object.values(FUNCTIONS).includes(value as GovernmentFunction), "not a function")
  .transform((value) => functionCodeOf(value as GovernmentFunction));

export const registerProjectInput = z
  .object({
    cui,
    name: text(3, 500),
    function: functionName,
    programme: text(1, 200).nullish(),
    subprogramme: text(1, 200).nullish(),
    executingUnit: text(3, 300),
    governmentLevel: z.enum(["NATIONAL", "REGIONAL", "LOCAL"]),
    districts: z
      .array(district)
      .min(1, "must list at least one district")
      .max(50, "must list at most 50 districts"),
    status: z.enum(["FORMULATION", "VIABLE", "EXECUTION", "CLOSED", "DEACTIVATED"]),
    viableCost: positiveSoles,
    updatedCost: positiveSoles.nullish(),
    registeredOn: pastDay,
    viableOn: pastDay.nullish(),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.districts.forEach((code, i) => {
      if (seen.has(code))
        ctx.addIssue({ code: "custom", message: `${code} is listed twice`, path: ["districts", i] });
      seen.add(code);
    });
    if (input.status !== "FORMULATION" && input.status !== "VIABLE") {
      ctx.addIssue({
        code: "custom",
        message:
          "an investment is registered FORMULATION or VIABLE; later statuses follow with changeInvestmentStatus",
        path: ["status"],
      });
    } else if (input.status === "VIABLE" && input.viableOn == null) {
      ctx.addIssue({ code: "custom", message: "is required when the status is VIABLE", path: ["viableOn"] });
    } else if (input.status === "FORMULATION" && input.viableOn != null) {
      ctx.addIssue({
        code: "custom",
        message: "an investment in FORMULATION has not been declared viable: leave it empty",
        path: ["viableOn"],
      });
    }
    if (input.viableOn && input.viableOn < input.registeredOn) {
      ctx.addIssue({ code: "custom", message: "must not be before registeredOn", path: ["viableOn"] });
    }
  });
export type RegisterProjectInput = z.infer<typeof registerProjectInput>;

export const accrualInput = z
  .object({
    cui,
    year: z
      .number()
      .int("must be a whole year")
      .min(FIRST_YEAR, `must be ${FIRST_YEAR} or later`)
      .refine((year) => year <= todayInLima().getUTCFullYear(), "must not be in the future"),
    month: z
      .number()
      .int("must be a month from 1 to 12")
      .min(1, "must be 1 to 12")
      .max(12, "must be 1 to 12")
      .nullish(),
    accrued: soles.refine((cents) => cents >= 0, "must not be negative"),
  })
  .superRefine((input, ctx) => {
    if (input.month == null) return;
    const today = todayInLima();
    const current = today.getUTCFullYear() * 12 + today.getUTCMonth();
    if (input.year * 12 + input.month - 1 > current) {
      ctx.addIssue({ code: "custom", message: "must not be in the future", path: ["month"] });
    }
  });
export type AccrualInput = z.infer<typeof accrualInput>;

export const statusInput = z.object({
  cui,
  status: z.enum(["FORMULATION", "VIABLE", "EXECUTION", "CLOSED", "DEACTIVATED"]),
  on: pastDay,
  updatedCost: positiveSoles.nullish(),
});
export type StatusInput = z.infer<typeof statusInput>;

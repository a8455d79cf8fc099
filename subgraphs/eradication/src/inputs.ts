import { decimalToCents, regionCatalog, rucProblem, todayInLima } from "@tinkuy/kit";
import { z } from "zod";
import {
  ACTIONS,
  AGENCIES,
  DESTROYED_ONLY,
  ITEM_TYPES,
  ITEM_UNITS,
  OPERATION_TYPES,
  SOURCE_KINDS,
  UNITS,
} from "./vocabulary.ts";

/** Peru's bounding box (WGS84), with a small margin: coordinates outside it are a typo, not a place. */
const LATITUDE = { min: -18.5, max: 0.1 };
const LONGITUDE = { min: -81.5, max: -68.5 };

/** DL 1100, the interdiction decree, dates from February 2012: nothing recorded here is older. */
const EARLIEST = new Date("2012-01-01T00:00:00.000Z");
/** Largest valuation of one result line: S/ 10,000 million, far above any reported seizure. */
const MAX_LINE_CENTS = 1_000_000_000_000;
const DAY = 86_400_000;
/** Today in Lima (the kit's): the latest date an operation or a report may carry. */
export { todayInLima };

/** A non-empty trimmed text of at most `max` characters. */
export const text = (max: number) =>
  z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

const ruc = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = rucProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `not a valid RUC: ${problem}` });
  });

const district = z
  .string()
  .trim()
  .refine(
    (value) => regionCatalog().get(value)?.level === "DISTRICT",
    "must be the 6-digit UBIGEO of a district",
  );

/** A calendar date (the `Date` scalar gives midnight UTC) from 2012 to today in Lima. */
export const pastDay = z
  .date()
  .refine((date) => date.getTime() >= EARLIEST.getTime(), "must not be before 2012 (DL 1100)")
  .refine((date) => date.getTime() < todayInLima().getTime() + DAY, "must not be in the future");

/** A count: a whole number from 0. */
const count = (max: number) =>
  z.number().int("must be a whole number").min(0, "must not be negative").max(max, `must be at most ${max}`);

/** A valuation in soles as a `Decimal` string, 0 or more with at most two decimals, turned into céntimos. */
const soles = z
  .string()
  .trim()
  .refine((value) => !value.startsWith("-"), "must not be negative")
  .refine((value) => /^\d{1,11}(\.\d{1,2})?$/.test(value), "must be an amount with at most two decimals")
  .transform((value) => decimalToCents(value))
  .refine((cents) => cents <= MAX_LINE_CENTS, "must be at most 10000000000.00 soles");

const resultLine = z
  .object({
    item: z.enum(ITEM_TYPES),
    action: z.enum(ACTIONS),
    quantity: z
      .number()
      .gt(0, "must be more than 0")
      .max(1_000_000_000, "must be at most 1000000000")
      .refine((q) => Math.abs(q * 1000 - Math.round(q * 1000)) < 1e-6, "must have at most three decimals"),
    unit: z.enum(UNITS),
    value: soles,
  })
  .superRefine((line, ctx) => {
    if (!ITEM_UNITS[line.item].includes(line.unit)) {
      ctx.addIssue({
        code: "custom",
        path: ["unit"],
        message: `${line.item} is counted in ${ITEM_UNITS[line.item].join(" or ")}`,
      });
    } else if (line.unit === "UNITS" && !Number.isInteger(line.quantity)) {
      ctx.addIssue({
        code: "custom",
        path: ["quantity"],
        message: "a count of UNITS must be a whole number",
      });
    }
    if (line.action === "SEIZED" && DESTROYED_ONLY.has(line.item)) {
      ctx.addIssue({
        code: "custom",
        path: ["action"],
        message: `a ${line.item} cannot be seized, only destroyed`,
      });
    }
  });

const noRepeats = <T>(items: readonly T[]) => new Set(items).size === items.length;

export const recordOperationInput = z
  .object({
    name: text(120).nullish(),
    date: pastDay,
    ubigeo: district,
    latitude: z
      .number()
      .min(LATITUDE.min, "must be within Peru")
      .max(LATITUDE.max, "must be within Peru")
      .nullish(),
    longitude: z
      .number()
      .min(LONGITUDE.min, "must be within Peru")
      .max(LONGITUDE.max, "must be within Peru")
      .nullish(),
    agencies: z
      .array(z.enum(AGENCIES))
      .min(1, "name at least one participating agency")
      .refine(noRepeats, "must not repeat an agency"),
    type: z.enum(OPERATION_TYPES),
    legalBasis: text(200),
    targetRucs: z
      .array(ruc)
      .max(50, "at most 50 targeted operators")
      .refine(noRepeats, "must not repeat a RUC")
      .nullish()
      .transform((value) => value ?? []),
    results: z.array(resultLine).max(100, "at most 100 result lines"),
    arrests: count(10_000),
    source: z.object({
      kind: z.enum(SOURCE_KINDS),
      reference: text(300),
      url: z
        .string()
        .trim()
        .max(500, "must be at most 500 characters")
        .regex(/^https:\/\/[^\s]+$/, "must be an https:// address")
        .nullish(),
    }),
  })
  .refine((input) => (input.latitude == null) === (input.longitude == null), {
    message: "latitude and longitude go together",
    path: ["longitude"],
  });

export type RecordOperationInput = z.infer<typeof recordOperationInput>;

export const updateCaseloadInput = z.object({
  officeId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{3,40}$/, "an office identifier is 3 to 40 letters, digits or dashes"),
  prosecutors: count(1_000),
  openCases: count(10_000_000),
  closedCases: count(10_000_000),
  reportedOn: pastDay.nullish(),
});

export type UpdateCaseloadInput = z.infer<typeof updateCaseloadInput>;

import { regionCatalog, rucProblem } from "@tinkuy/kit";
import { z } from "zod";
import { STATUSES } from "./status.ts";

/** Peru's bounding box (WGS84), with a small margin: coordinates outside it are a typo, not a place. */
const LATITUDE = { min: -18.5, max: 0.1 };
const LONGITUDE = { min: -81.5, max: -68.5 };

const text = (max: number) =>
  z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

export const reinfoCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{4,20}$/, "a registry code (COD_REINFO) is 4 to 20 letters, digits or dashes");

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

const effectiveDate = z
  .union([z.date(), z.string()])
  .transform((value, ctx) => {
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "must be an ISO-8601 date-time" });
      return z.NEVER;
    }
    return date;
  })
  .refine((date) => date.getTime() <= Date.now() + 60_000, "must not be in the future");

export const registerInput = z
  .object({
    code: reinfoCode,
    ruc,
    minerName: text(200),
    legalRepresentative: text(200).nullish(),
    miningRightCode: z
      .string()
      .trim()
      .regex(/^\d{1,9}$/, "an INGEMMET mining-right code has 1 to 9 digits")
      .transform((value) => value.padStart(9, "0")),
    miningRightName: text(200).nullish(),
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
    activityType: text(60).nullish(),
    registrationYear: z
      .number()
      .int()
      .min(2012, "REINFO registrations start in 2012")
      .refine((year) => year <= new Date().getUTCFullYear(), "must not be in the future"),
    legalBasis: text(200),
  })
  .superRefine((input, ctx) => {
    // Name the coordinate that is missing: that is the one the client has to add (or remove its partner).
    if ((input.latitude == null) === (input.longitude == null)) return;
    const missing = input.latitude == null ? "latitude" : "longitude";
    ctx.addIssue({
      code: "custom",
      message: "latitude and longitude go together: give both or neither",
      path: [missing],
    });
  });

export const changeStatusInput = z.object({
  code: reinfoCode,
  status: z.enum(STATUSES as [string, ...string[]]),
  reason: text(500),
  legalBasis: text(200),
  effectiveDate: effectiveDate.nullish(),
});

export const reinstateInput = z.object({
  code: reinfoCode,
  reason: text(500),
  legalBasis: text(200),
  effectiveDate: effectiveDate.nullish(),
});

import { decimalToCents, regionCatalog } from "@tinkuy/kit";
import { z } from "zod";
import { insidePeru, parseGeometry } from "./geometry.ts";
import { hasAtMostTwoDecimals, hectaresToAres } from "./units.ts";
import {
  CAUSES,
  PARAMETER_NAMES,
  PARAMETERS,
  PROJECT_STATUSES,
  RISK_LEVELS,
  SOURCES,
  type MonitoringParameter,
} from "./vocabulary.ts";

const text = (max: number) =>
  z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

/**
 * A degraded area's identifier: the register's own (`DA-` and seven digits, for areas registered through the
 * API) or an imported layer's feature id (a letter or digit, then up to 99 letters, digits or `._:/-`).
 */
export const AREA_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;
export const AREA_ID_RULE =
  "a degraded area's identifier is the register's (DA- and seven digits) or an imported layer's: a letter or digit, then up to 99 letters, digits or ._:/-";

export const areaCode = z.string().trim().regex(AREA_ID, AREA_ID_RULE);

export const projectCode = z
  .string()
  .trim()
  .regex(/^RP-\d{4,8}$/, "a restoration project's identifier is RP- and four to eight digits");

export const liabilityId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,20}$/, "an inventory ID is 1 to 20 letters, digits or dashes");

const district = z
  .string()
  .trim()
  .refine(
    (value) => regionCatalog().get(value)?.level === "DISTRICT",
    "must be the 6-digit UBIGEO of a district",
  );

const region = z
  .string()
  .trim()
  .refine(
    // Never Peru's `00`: a project is in a department, province or district, where its counters go.
    (value) =>
      /^\d{2}(\d{2}){0,2}$/.test(value) && (regionCatalog().get(value)?.level ?? "COUNTRY") !== "COUNTRY",
    "must be the UBIGEO of a department (2 digits), province (4) or district (6)",
  );

/** Hectares: positive, at most two decimals, at most `max`; becomes whole ares. */
const hectares = (max: number) =>
  z
    .number()
    .positive("must be more than 0")
    .max(max, `must be at most ${max.toLocaleString("en")} hectares`)
    .refine(hasAtMostTwoDecimals, "must have at most two decimals")
    .transform(hectaresToAres);

/** A calendar date (the `Date` scalar) not after today and not before `earliest`. */
const pastDate = (earliest: string) =>
  z
    .date()
    .refine(
      (date) => date.getTime() >= Date.parse(`${earliest}T00:00:00.000Z`),
      `must not be before ${earliest}`,
    )
    .refine((date) => date.getTime() <= Date.now(), "must not be in the future");

/** A `Decimal` amount in soles, as integer céntimos. */
const soles = z.string().transform((value, ctx) => {
  try {
    return decimalToCents(value);
  } catch {
    ctx.addIssue({ code: "custom", message: "must be an amount with at most two decimals" });
    return z.NEVER;
  }
});

const latitude = z
  .number()
  .min(-90)
  .max(90)
  .refine((value) => insidePeru(value, -75), "must be within Peru");
const longitude = z
  .number()
  .min(-180)
  .max(180)
  .refine((value) => insidePeru(-10, value), "must be within Peru");

function unique(
  list: readonly string[],
  ctx: z.RefinementCtx,
  describe: (index: number) => (string | number)[],
) {
  const seen = new Set<string>();
  list.forEach((value, index) => {
    if (seen.has(value))
      ctx.addIssue({ code: "custom", message: `${value} is listed twice`, path: describe(index) });
    seen.add(value);
  });
}

export const registerAreaInput = z
  .object({
    ubigeo: district,
    hectares: hectares(100_000),
    cause: z.enum(CAUSES),
    source: z.enum(SOURCES),
    sourceReference: text(120).nullish(),
    detectedOn: pastDate("1985-01-01"),
    name: text(200).nullish(),
    miningCorridor: z.boolean().nullish(),
    geometry: z
      .string()
      .max(900_000, "must be at most 900,000 characters")
      .transform((value, ctx) => {
        const parsed = parseGeometry(value);
        if ("problem" in parsed) {
          ctx.addIssue({ code: "custom", message: parsed.problem });
          return z.NEVER;
        }
        return parsed.geometry;
      })
      .nullish(),
    latitude: latitude.nullish(),
    longitude: longitude.nullish(),
  })
  .superRefine((input, ctx) => {
    if ((input.latitude == null) !== (input.longitude == null)) {
      ctx.addIssue({ code: "custom", message: "latitude and longitude go together", path: ["longitude"] });
    }
    if (input.miningCorridor != null && !input.ubigeo.startsWith("17")) {
      ctx.addIssue({
        code: "custom",
        message: "the Mining Corridor is in Madre de Dios: leave it empty for other districts",
        path: ["miningCorridor"],
      });
    }
  });
export type RegisterAreaInput = z.infer<typeof registerAreaInput>;

export const registerProjectInput = z
  .object({
    name: text(300),
    ubigeo: region,
    degradedAreaIds: z.array(areaCode).min(1, "must list at least one area").max(200, "at most 200 areas"),
    liabilityIds: z.array(liabilityId).max(500, "at most 500 liabilities").nullish(),
    hectaresPlanned: hectares(1_000_000),
    budget: soles.refine((cents) => cents > 0, "must be more than 0"),
    implementingAgency: text(200),
    fundedBy: text(200).nullish(),
    startDate: z.date().refine((date) => date.getUTCFullYear() >= 2000, "must not be before 2000"),
    plannedEndDate: z.date().nullish(),
  })
  .superRefine((input, ctx) => {
    unique(input.degradedAreaIds, ctx, (i) => ["degradedAreaIds", i]);
    unique(input.liabilityIds ?? [], ctx, (i) => ["liabilityIds", i]);
    if (input.plannedEndDate && input.plannedEndDate < input.startDate) {
      ctx.addIssue({
        code: "custom",
        message: "must be on or after the start date",
        path: ["plannedEndDate"],
      });
    }
  });
export type RegisterProjectInput = z.infer<typeof registerProjectInput>;

export const progressInput = z
  .object({
    projectId: projectCode,
    date: pastDate("2000-01-01"),
    areas: z
      .array(z.object({ degradedAreaId: areaCode, hectares: hectares(100_000) }))
      .max(200, "at most 200 areas")
      .nullish(),
    executed: soles.refine((cents) => cents >= 0, "must not be negative").nullish(),
    status: z.enum(PROJECT_STATUSES).nullish(),
    note: text(1000).nullish(),
  })
  .superRefine((input, ctx) => {
    unique(
      (input.areas ?? []).map((area) => area.degradedAreaId),
      ctx,
      (i) => ["areas", i, "degradedAreaId"],
    );
    if ((input.areas ?? []).length === 0 && input.executed == null && input.status == null) {
      ctx.addIssue({
        code: "custom",
        message: "a report must record restored hectares, execution or a status change",
        path: ["areas"],
      });
    }
  });
export type ProgressInput = z.infer<typeof progressInput>;

export const measurementInput = z
  .object({
    projectId: projectCode,
    parameter: z.enum(PARAMETER_NAMES as [MonitoringParameter, ...MonitoringParameter[]]),
    value: z.number(),
    measuredOn: pastDate("2000-01-01"),
    station: z
      .string()
      .trim()
      .regex(/^[\w.-]{2,40}$/, "a station code is 2 to 40 letters, digits, dots, dashes or underscores"),
    ubigeo: district,
  })
  .superRefine((input, ctx) => {
    const { min, max, unit } = PARAMETERS[input.parameter];
    if (!(input.value >= min && input.value <= max)) {
      ctx.addIssue({
        code: "custom",
        message: `${input.parameter} must be between ${min} and ${max} ${unit}`,
        path: ["value"],
      });
    }
  });
export type MeasurementInput = z.infer<typeof measurementInput>;

export const riskInput = z.object({
  liabilityId,
  riskLevel: z.enum(RISK_LEVELS),
  study: text(300),
  assessedOn: pastDate("2000-01-01"),
});
export type RiskInput = z.infer<typeof riskInput>;

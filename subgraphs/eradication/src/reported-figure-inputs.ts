import { decimalToCents, NATIONAL_UBIGEO, regionCatalog } from "@tinkuy/kit";
import { z } from "zod";
import { pastDay, text } from "./inputs.ts";

export const MEASURES = ["OPERATIONS", "VALUE", "VALUE_DESTROYED", "VALUE_SEIZED", "ARRESTS"] as const;
export const QUALIFIERS = ["EXACT", "MORE_THAN", "LESS_THAN", "ABOUT"] as const;
export const VERIFICATIONS = ["UNVERIFIED", "CONSISTENT", "INCONSISTENT"] as const;

/** The measures that count things (operations, people): their values are whole numbers. */
export const COUNTED = new Set<string>(["OPERATIONS", "ARRESTS"]);

/** Largest value a claim may state: 10^13 (S/ 10 million million, or as many operations), far above any claim. */
const MAX_HUNDREDTHS = 1_000_000_000_000_000;

/** A `Decimal` string, 0 or more, in hundredths (céntimos for money). */
const amount = z
  .string()
  .trim()
  .refine((value) => !value.startsWith("-"), "must not be negative")
  .refine((value) => /^\d{1,13}(\.\d{1,2})?$/.test(value), "must be an amount with at most two decimals")
  .transform((value) => decimalToCents(value))
  .refine((hundredths) => hundredths <= MAX_HUNDREDTHS, "must be at most 10000000000000");

/** A known UBIGEO; Peru's `00` is a national claim, stored as one with no region (null). */
const region = z
  .string()
  .trim()
  .refine((value) => regionCatalog().get(value) !== undefined, "must be a known UBIGEO (2, 4 or 6 digits)")
  .transform((value) => (value === NATIONAL_UBIGEO ? null : value));

/** A public web address of a statement or its coverage. */
const url = z
  .string()
  .trim()
  .max(500, "must be at most 500 characters")
  .regex(/^https?:\/\/[^\s/$.?#][^\s]*$/, "must be an http:// or https:// address");

export const recordReportedFigureInput = z
  .object({
    claim: text(2_000),
    measure: z.enum(MEASURES),
    qualifier: z
      .enum(QUALIFIERS)
      .nullish()
      .transform((value) => value ?? "EXACT"),
    value: amount,
    from: pastDay,
    to: pastDay,
    ubigeo: region.nullish().transform((value) => value ?? null),
    reportedBy: text(200),
    reportedOn: pastDay,
    url: url.nullish().transform((value) => value ?? null),
    note: text(1_000)
      .nullish()
      .transform((value) => value ?? null),
  })
  .superRefine((input, ctx) => {
    if (COUNTED.has(input.measure) && input.value % 100 !== 0) {
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: `a count of ${input.measure} is a whole number`,
      });
    }
    if (input.to.getTime() < input.from.getTime()) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "the period must end on or after its start" });
    } else if (input.to.getTime() > input.reportedOn.getTime()) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "a claim cannot cover days after it was made" });
    }
  });

export type RecordReportedFigureInput = z.infer<typeof recordReportedFigureInput>;

export const setVerificationInput = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{3,40}$/, "a reported figure's identifier is 3 to 40 letters, digits or dashes"),
  verification: z
    .enum(VERIFICATIONS)
    .refine(
      (value) => value !== "UNVERIFIED",
      "a verdict is CONSISTENT or INCONSISTENT; it never returns to UNVERIFIED",
    ),
  note: text(2_000),
});

export type SetVerificationInput = z.infer<typeof setVerificationInput>;

import { badUserInput } from "./errors.ts";

/** What a RUC's two-digit prefix says about its holder (SUNAT). */
export type RucKind = "PERSON" | "COMPANY" | "OTHER";

const WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;
const PREFIXES: Record<string, RucKind> = { "10": "PERSON", "15": "OTHER", "17": "OTHER", "20": "COMPANY" };

/**
 * SUNAT's check digit for the first ten digits of a RUC: weights 5,4,3,2,7,6,5,4,3,2, then
 * `(11 − Σ mod 11) mod 10` (so a remainder of 1 gives 0 and a remainder of 0 gives 1).
 */
export function rucCheckDigit(firstTen: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += WEIGHTS[i as 0] * Number(firstTen[i]);
  return (11 - (sum % 11)) % 10;
}

/** Why a string is not a valid RUC, or undefined when it is one. */
export function rucProblem(value: string): string | undefined {
  if (!/^\d{11}$/.test(value)) return "a RUC has exactly 11 digits";
  if (!(value.slice(0, 2) in PREFIXES)) return "a RUC starts with 10, 15, 17 or 20";
  if (rucCheckDigit(value) !== Number(value[10]))
    return "the RUC's check digit does not match (SUNAT mod 11)";
  return undefined;
}

/** True for an 11-digit RUC with a known prefix and a correct check digit. */
export function isValidRuc(value: string): boolean {
  return rucProblem(value) === undefined;
}

/** Whether the RUC belongs to a natural person (10, digits 3–10 are the DNI), a company (20) or other (15/17). */
export function rucKind(ruc: string): RucKind {
  return PREFIXES[ruc.slice(0, 2)] ?? "OTHER";
}

/** The RUC, or a BAD_USER_INPUT error naming `field`. */
export function parseRuc(value: string, field: string): string {
  const trimmed = value.trim();
  const problem = rucProblem(trimmed);
  if (problem) throw badUserInput(field, `${JSON.stringify(value)} is not a valid RUC: ${problem}`);
  return trimmed;
}

import { PlaceMatcher } from "@tinkuy/kit";
import type { FunctionCode, GovernmentLevel, InvestmentStatus } from "../vocabulary.ts";
import {
  readAmount,
  readCui,
  readDay,
  readDistricts,
  readFunction,
  readLevel,
  term,
  type Read,
} from "./cells.ts";
import { MONTH_COLUMNS, type Columns, type Field } from "./columns.ts";

/** At most this many districts per investment, as `registerInvestmentProject` allows. */
export const MAX_DISTRICTS = 50;

/** An amount accrued over several years that MEF publishes as one sum, and the years it may belong to. */
export interface AccumulatedAccrual {
  /** The column it comes from, for the report. */
  column: string;
  cents: number;
  /** The first year it may include: the year of the first *devengado*; null when the file does not say. */
  firstYear: number | null;
  /** The last year it includes. */
  lastYear: number;
}

/** One row of an investment-bank file, read and checked on its own (before the stored record is consulted). */
export interface InvestmentRow {
  cui: string;
  name: string;
  functionCode: FunctionCode;
  programme: string | null;
  subprogramme: string | null;
  executingUnit: string;
  governmentLevel: GovernmentLevel;
  districts: string[];
  status: InvestmentStatus;
  viableCostCents: number;
  updatedCostCents: number | null;
  registeredOn: Date;
  viableOn: Date | null;
  /** The first day of execution the row gives (null when it gives none). */
  executionStartedOn: Date | null;
  /** `FEC_CIERRE` (or `FEC_REG_F9`) of a closed investment; null otherwise. */
  closedOn: Date | null;
  /** The year the row's monthly (or current-year) accruals belong to: `ANIO_PROCESO`. */
  processYear: number;
  /**
   * The accruals of `processYear` the row gives in detail: its months with an amount (or its whole year, when
   * the file has no month columns); null when the row gives none of that year (closure and deactivation files).
   */
  yearAccruals: { month: number | null; cents: number }[] | null;
  /** Earlier years' accruals as one sum (`DEVEN_ACUMUL_ANIO_ANT`, `DEVEN_ACUMULADO`); null when none given. */
  accumulated: AccumulatedAccrual | null;
}

/** A problem with one cell of a row (or with the row, field `CSV`). */
export interface RowProblem {
  field: string;
  reason: string;
}

const places = new PlaceMatcher();

const FORMULATION_SITUATIONS = new Set([
  "EN FORMULACION",
  "EN EVALUACION",
  "EN FORMULACION Y EVALUACION",
  "REGISTRADO",
]);
const VIABLE_SITUATIONS = new Set(["VIABLE", "APROBADO"]);
const REJECTED_SITUATIONS = new Set(["NO VIABLE", "NO APROBADO"]);

/**
 * Reads one row against the file's columns and as-of day: every problem it has (a refused row has at least
 * one), or the investment it describes. Nothing here reads the database: what the hub already holds is merged
 * afterwards (`mergeInvestment`).
 */
export function readInvestmentRow(
  cells: Readonly<Record<string, string>>,
  columns: Columns,
  asOf: Date,
): InvestmentRow | RowProblem[] {
  const problems: RowProblem[] = [];
  const get = (field: Field) => columns.get(cells, field);
  function take<T>(field: Field, read: Read<T>): T | undefined {
    if ("reason" in read) {
      problems.push({ field: columns.label(field), reason: read.reason });
      return undefined;
    }
    return read.value;
  }
  const required = (field: Field): string | undefined => {
    const text = get(field);
    if (text === "") problems.push({ field: columns.label(field), reason: "must not be empty" });
    return text === "" ? undefined : text;
  };
  const day = (field: Field): Date | null | undefined => {
    const text = get(field);
    if (text === "") return null;
    return take(field, readDay(text));
  };
  const pastDay = (field: Field): Date | null | undefined => {
    const found = day(field);
    if (found && found > asOf) {
      problems.push({
        field: columns.label(field),
        reason: `${isoDay(found)} is after the file's as-of day ${isoDay(asOf)}`,
      });
      return undefined;
    }
    return found;
  };
  const amount = (field: Field): number | null | undefined => {
    const text = get(field);
    return text === "" ? null : take(field, readAmount(text));
  };

  const cui = take("cui", readCui(get("cui")));
  const name = required("name");
  const functionCode = take("function", readFunction(get("function")));
  const governmentLevel = take("level", readLevel(get("level")));
  const executingUnit = get("investmentUnit") || get("budgetUnit") || get("entity");
  if (executingUnit === "") {
    problems.push({
      field: columns.label("investmentUnit"),
      reason: `the executing unit is empty (${["investmentUnit", "budgetUnit", "entity"]
        .map((field) => columns.label(field as Field))
        .join(", ")})`,
    });
  }
  const districts = readPlace(get, columns, problems);

  const viableCostCents = amount("viableCost");
  if (viableCostCents === null)
    problems.push({ field: columns.label("viableCost"), reason: "must not be empty" });
  const updatedCostCents = amount("updatedCost");
  const registeredOn = pastDay("registeredOn");
  if (registeredOn === null)
    problems.push({ field: columns.label("registeredOn"), reason: "must not be empty" });
  const viableOn = pastDay("viableOn");
  if (registeredOn && viableOn && viableOn < registeredOn) {
    problems.push({
      field: columns.label("viableOn"),
      reason: `${isoDay(viableOn)} is before the registration, ${isoDay(registeredOn)}`,
    });
  }

  // The process year dates the current year's accruals: only the active file has them.
  const processYearText = columns.has("yearAccrued") || columns.hasMonths() ? get("processYear") : "";
  let processYear = asOf.getUTCFullYear();
  if (processYearText !== "") {
    const year = Number(processYearText);
    if (!/^\d{4}$/.test(processYearText) || year < 2000 || year > asOf.getUTCFullYear()) {
      problems.push({
        field: columns.label("processYear"),
        reason: `${JSON.stringify(processYearText)} is not a year from 2000 to the file's as-of year`,
      });
    } else processYear = year;
  }

  const firstAccrual = pastDay("firstAccrual");
  const lastAccrual = day("lastAccrual");
  const starts = [firstAccrual, day("executionStart"), day("physicalStart")].filter(
    // A schedule's start after the as-of day is a plan, not a start.
    (start): start is Date => start instanceof Date && start <= asOf,
  );
  const executionStartedOn = starts.length > 0 ? new Date(Math.min(...starts.map((d) => d.getTime()))) : null;

  const yearAccruals = readYearAccruals(cells, columns, processYear, asOf, take, problems);
  const accumulated = readAccumulated(columns, get, amount, processYear, asOf, firstAccrual, lastAccrual);

  const status = readStatus(get, columns, problems, executionStartedOn, yearAccruals, accumulated);
  let closedOn: Date | null = null;
  if (status === "CLOSED") {
    const closed = pastDay("closedOn") ?? pastDay("closureRegistered");
    if (closed === null) {
      problems.push({
        field: columns.label("closedOn"),
        reason: `a closed investment needs its day of closure (${columns.label("closedOn")} or ${columns.label("closureRegistered")})`,
      });
    } else if (closed && executionStartedOn && closed < executionStartedOn) {
      problems.push({
        field: columns.label("closedOn"),
        reason: `${isoDay(closed)} is before execution started, ${isoDay(executionStartedOn)}`,
      });
    } else if (closed) closedOn = closed;
  }

  if (
    problems.length > 0 ||
    cui === undefined ||
    name === undefined ||
    functionCode === undefined ||
    governmentLevel === undefined ||
    districts === undefined ||
    status === undefined ||
    viableCostCents == null ||
    updatedCostCents === undefined ||
    registeredOn == null ||
    viableOn === undefined ||
    yearAccruals === undefined ||
    accumulated === undefined
  ) {
    return problems.length > 0 ? problems : [{ field: "CSV", reason: "the row could not be read" }];
  }
  return {
    cui,
    name,
    functionCode,
    programme: get("programme") || null,
    subprogramme: get("subprogramme") || null,
    executingUnit,
    governmentLevel,
    districts,
    status,
    viableCostCents,
    updatedCostCents,
    registeredOn,
    viableOn,
    executionStartedOn: status === "FORMULATION" || status === "VIABLE" ? null : executionStartedOn,
    closedOn,
    processYear,
    yearAccruals,
    accumulated,
  };
}

/**
 * The districts from `UBIGEO`, or from the three names when the code is empty: one district, or several named
 * in `DISTRITO` separated by `,`, `;` or `|`, with one department and province for all or one per district.
 */
function readPlace(
  get: (field: Field) => string,
  columns: Columns,
  problems: RowProblem[],
): string[] | undefined {
  const ubigeo = get("ubigeo");
  if (ubigeo !== "") {
    const read = readDistricts(ubigeo, MAX_DISTRICTS);
    if ("value" in read) return read.value;
    problems.push({ field: columns.label("ubigeo"), reason: read.reason });
    return undefined;
  }
  const list = (field: Field) =>
    get(field)
      .split(/\s*[,;|]\s*/)
      .filter((name) => name !== "");
  const [departments, provinces, districts] = [list("department"), list("province"), list("district")];
  const fits = (names: string[]) => names.length === 1 || names.length === districts.length;
  if (districts.length === 0 || !fits(departments) || !fits(provinces)) {
    problems.push({
      field: columns.label("ubigeo"),
      reason: "is empty, and DEPARTAMENTO, PROVINCIA and DISTRITO do not name its districts",
    });
    return undefined;
  }
  if (districts.length > MAX_DISTRICTS) {
    problems.push({
      field: columns.label("district"),
      reason: `names ${districts.length} districts; at most ${MAX_DISTRICTS}`,
    });
    return undefined;
  }
  const codes: string[] = [];
  for (const [i, district] of districts.entries()) {
    const pick = (names: string[]) => (names.length === 1 ? names[0] : names[i]) as string;
    const match = places.match(pick(departments), pick(provinces), district);
    if (!("district" in match)) {
      problems.push({
        field: columns.label("ubigeo"),
        reason: `is empty, and ${match.field}: ${match.reason}`,
      });
      return undefined;
    }
    if (codes.includes(match.district.ubigeo)) {
      problems.push({
        field: columns.label("district"),
        reason: `names district ${match.district.ubigeo} twice`,
      });
      return undefined;
    }
    codes.push(match.district.ubigeo);
  }
  return codes;
}

/**
 * The row's accruals of its process year: its months with an amount (none may lie after the as-of day, and
 * their sum must be `DEV_ANIO_ACTUAL` when both are given), or `DEV_ANIO_ACTUAL` as the whole year's when the
 * file has no month columns; null when the file has neither (closure and deactivation files).
 */
function readYearAccruals(
  cells: Readonly<Record<string, string>>,
  columns: Columns,
  processYear: number,
  asOf: Date,
  take: <T>(field: Field, read: Read<T>) => T | undefined,
  problems: RowProblem[],
): { month: number | null; cents: number }[] | null | undefined {
  const yearText = columns.get(cells, "yearAccrued");
  const yearCents = yearText === "" ? 0 : take("yearAccrued", readAmount(yearText));
  if (!columns.hasMonths()) {
    if (!columns.has("yearAccrued")) return null;
    if (yearCents === undefined) return undefined;
    return yearCents > 0 ? [{ month: null, cents: yearCents }] : [];
  }
  const months: { month: number; cents: number }[] = [];
  let failed = false;
  MONTH_COLUMNS.forEach((column, index) => {
    const text = (cells[column] ?? "").trim();
    if (text === "") return;
    const read = readAmount(text);
    if ("reason" in read) {
      problems.push({ field: column, reason: read.reason });
      failed = true;
      return;
    }
    if (read.value === 0) return;
    const month = index + 1;
    if (processYear * 12 + month > asOf.getUTCFullYear() * 12 + asOf.getUTCMonth() + 1) {
      problems.push({
        field: column,
        reason: `an amount for ${processYear}-${String(month).padStart(2, "0")}, after the file's as-of day ${isoDay(asOf)}`,
      });
      failed = true;
      return;
    }
    months.push({ month, cents: read.value });
  });
  if (failed || yearCents === undefined) return undefined;
  const sum = months.reduce((total, m) => total + m.cents, 0);
  if (yearText !== "" && sum !== yearCents) {
    problems.push({
      field: columns.label("yearAccrued"),
      reason: `${centsText(yearCents)} is not the sum of the months, ${centsText(sum)}`,
    });
    return undefined;
  }
  return months;
}

/**
 * Earlier years' accruals as one sum: `DEVEN_ACUMUL_ANIO_ANT` (active file: until the end of the year before
 * the process year) or `DEVEN_ACUMULADO` (closure and deactivation files: the whole life, until the last
 * *devengado* or the as-of day).
 */
function readAccumulated(
  columns: Columns,
  get: (field: Field) => string,
  amount: (field: Field) => number | null | undefined,
  processYear: number,
  asOf: Date,
  firstAccrual: Date | null | undefined,
  lastAccrual: Date | null | undefined,
): AccumulatedAccrual | null | undefined {
  const field: Field | undefined = columns.has("accruedBefore")
    ? "accruedBefore"
    : columns.has("accruedLife")
      ? "accruedLife"
      : undefined;
  if (field === undefined || get(field) === "") return null;
  const cents = amount(field);
  if (cents === undefined || firstAccrual === undefined || lastAccrual === undefined) return undefined;
  if (cents === null || cents === 0) return null;
  const lastYear = field === "accruedBefore" ? processYear - 1 : (lastAccrual ?? asOf).getUTCFullYear();
  return { column: columns.label(field), cents, firstYear: firstAccrual?.getUTCFullYear() ?? null, lastYear };
}

/** `ESTADO` and `SITUACION` as the record's status (see README.md, _Status_). */
function readStatus(
  get: (field: Field) => string,
  columns: Columns,
  problems: RowProblem[],
  executionStartedOn: Date | null,
  yearAccruals: { cents: number }[] | null | undefined,
  accumulated: AccumulatedAccrual | null | undefined,
): InvestmentStatus | undefined {
  const state = term(get("state"));
  if (state === "CERRADO") return "CLOSED";
  if (state.startsWith("DESACTIVADO")) return "DEACTIVATED";
  if (state !== "ACTIVO") {
    problems.push({
      field: columns.label("state"),
      reason: `unknown state ${JSON.stringify(get("state"))}: ACTIVO, CERRADO or DESACTIVADO (PERMANENTE, TEMPORAL)`,
    });
    return undefined;
  }
  const situation = term(get("situation"));
  if (FORMULATION_SITUATIONS.has(situation)) return "FORMULATION";
  if (REJECTED_SITUATIONS.has(situation)) {
    problems.push({
      field: columns.label("situation"),
      reason: `${get("situation")}: an investment declared not viable or not approved is not loaded (it has no status in the hub)`,
    });
    return undefined;
  }
  if (!VIABLE_SITUATIONS.has(situation)) {
    problems.push({
      field: columns.label("situation"),
      reason: `unknown situation ${JSON.stringify(get("situation"))}: EN FORMULACION, EN EVALUACION, VIABLE, APROBADO`,
    });
    return undefined;
  }
  if (executionStartedOn) return "EXECUTION";
  const accrued = (yearAccruals ?? []).some((a) => a.cents > 0) || (accumulated?.cents ?? 0) > 0;
  if (accrued) {
    problems.push({
      field: columns.label("firstAccrual"),
      reason: "the investment has accrued amounts but no day of first devengado or start of execution",
    });
    return undefined;
  }
  return "VIABLE";
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Céntimos as soles for a message: `S/ 1234.50`. */
export function centsText(cents: number): string {
  return `S/ ${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}
